import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tablePorts } from "../../shared/adapters/dynamodb/table-ports";
import { parseAppConfig } from "../../shared/config/app-config";
import type { Digest } from "../../shared/domain/digest/digest-model";
import { emptyFacts, type StaffStatus } from "../../shared/domain/records";
import type { Notification } from "../../shared/domain/reminder-plan";
import type { StoredRecord } from "../../shared/domain/stored-record";
import type { DeliveryLedger } from "../../shared/ports/delivery-ledger";
import type { DigestStore } from "../../shared/ports/digest-store";
import type { EmailClaim, EmailLedger } from "../../shared/ports/email-ledger";
import type { SupervisionStore } from "../../shared/ports/supervision-store";
import { InMemoryDeliveryLedger } from "../fakes/in-memory-delivery-ledger";
import { InMemoryDigestStore } from "../fakes/in-memory-digest-store";
import { InMemoryEmailLedger } from "../fakes/in-memory-email-ledger";
import { InMemorySupervisionStore } from "../fakes/in-memory-supervision-store";
import { aPerson } from "../helpers/people";
import { startTestDynamo } from "../helpers/test-dynamo";

/**
 * The in-memory fakes the unit tests use (test/fakes) must behave as the DynamoDB adapters do
 * where the use cases can tell: the same scenarios run against both.
 */
const config = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test");
const NOW = Date.parse("2024-06-03T06:00:00Z");
const LEASE = 60_000;

interface Ports {
  ledger: EmailLedger;
  deliveries: DeliveryLedger;
  digests: DigestStore;
  store: SupervisionStore;
}

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.close();
});

const implementations: [string, () => Promise<Ports>][] = [
  [
    "in memory (test/fakes)",
    async () => ({
      ledger: new InMemoryEmailLedger(),
      deliveries: new InMemoryDeliveryLedger(),
      digests: new InMemoryDigestStore(),
      store: new InMemorySupervisionStore(),
    }),
  ],
  [
    "DynamoDB (dynalite)",
    async () => {
      const { tableName } = await dynamo.newStore();
      return tablePorts({ client: dynamo.documents, tableName, config, nowMs: () => NOW });
    },
  ],
];

const claim = (recipientId: string, runId = "run-1"): EmailClaim => ({
  recipientId,
  emailKind: "reminder",
  runDate: "2024-06-03",
  runId,
});
const note = (staffId: string, recipientId: string): Notification => ({
  recipientId,
  staffId,
  kind: "supervision",
  stage: "overdue",
  dueDate: "2024-05-20",
  period: "w1",
  emailKind: "reminder",
  level: 0,
});

describe.each(implementations)("%s", (_name, open) => {
  let ports: Ports;
  beforeAll(async () => {
    ports = await open();
  });

  describe("EmailLedger", () => {
    it("claims once; a live claim is in flight until its lease ends, then taken over as a possible duplicate", async () => {
      const { ledger } = ports;
      expect(await ledger.claim(claim("A"), NOW, LEASE)).toEqual({
        outcome: "claimed",
        reclaimedStale: false,
      });
      expect(await ledger.claim(claim("A", "run-2"), NOW + 1000, LEASE)).toEqual({
        outcome: "in_flight",
        leaseEndsAtMs: NOW + LEASE,
      });
      expect(await ledger.claim(claim("A", "run-2"), NOW + LEASE + 1, LEASE)).toEqual({
        outcome: "claimed",
        reclaimedStale: true,
      });
    });

    it("never claims a sent email again, and knows its notifications as sent", async () => {
      const { ledger } = ports;
      await ledger.claim(claim("B"), NOW, LEASE);
      await ledger.markSent(claim("B"), [note("W1", "B"), note("W2", "B")], "msg-1", NOW);
      expect(await ledger.claim(claim("B", "run-2"), NOW + 10 * LEASE, LEASE)).toEqual({
        outcome: "already_sent",
      });
      expect([...(await ledger.sentKeys([note("W1", "B"), note("W3", "B")], NOW))]).toEqual([
        "W1#supervision#2024-05-20#overdue#w1#reminder#B",
      ]);
    });

    it("knows a recipient's weekly email went in a week only once it is marked sent with that week", async () => {
      const { ledger } = ports;
      const weekly = { ...claim("H"), week: "wk2024-06-03" };
      const asked = [
        { recipientId: "H", emailKind: "reminder" as const },
        { recipientId: "H", emailKind: "escalation" as const },
      ];
      await ledger.claim(weekly, NOW, LEASE);
      expect([...(await ledger.weeklySent(asked, "wk2024-06-03", NOW))]).toEqual([]);
      await ledger.markSent(weekly, [note("W1", "H")], "msg-h", NOW);
      expect([...(await ledger.weeklySent(asked, "wk2024-06-03", NOW))]).toEqual(["reminder#H"]);
      expect([...(await ledger.weeklySent(asked, "wk2024-06-10", NOW))]).toEqual([]);
      // An update (no week on its claim) says nothing about the week's summary.
      await ledger.claim(claim("I"), NOW, LEASE);
      await ledger.markSent(claim("I"), [note("W1", "I")], "msg-i", NOW);
      const askedI = [{ recipientId: "I", emailKind: "reminder" as const }];
      expect([...(await ledger.weeklySent(askedI, "wk2024-06-03", NOW))]).toEqual([]);
    });

    it("lets a failed email be claimed again: a possible duplicate only when the outcome was unknown", async () => {
      const { ledger } = ports;
      await ledger.claim(claim("C"), NOW, LEASE);
      await ledger.markFailed(claim("C"), "MessageRejected", NOW, false);
      expect(await ledger.claim(claim("C", "run-2"), NOW + 1, LEASE)).toEqual({
        outcome: "claimed",
        reclaimedStale: false,
      });
      await ledger.markFailed(claim("C", "run-2"), "send_error: TimeoutError", NOW + 2, true);
      expect(await ledger.claim(claim("C", "run-3"), NOW + 3, LEASE)).toEqual({
        outcome: "claimed",
        reclaimedStale: true,
      });
    });

    it("lists what was sent about a person or to a recipient, within dates, newest first", async () => {
      const { ledger } = ports;
      const day = (runDate: string, recipientId: string) => ({ ...claim(recipientId), runDate });
      await ledger.markSent(day("2024-05-02", "D"), [note("W9", "D")], "m-1", NOW - 86_400_000);
      await ledger.markSent(day("2024-06-03", "E"), [note("W9", "E")], "m-2", NOW);
      await ledger.markSent(day("2024-06-03", "D"), [note("W8", "D"), note("W7", "D")], "m-3", NOW);
      const about = await ledger.listTold(
        { staffId: "W9", from: "2024-05-01", to: "2024-06-30" },
        NOW,
      );
      expect(about.map((e) => [e.runDate, e.recipientId, e.messageId])).toEqual([
        ["2024-06-03", "E", "m-2"],
        ["2024-05-02", "D", "m-1"],
      ]);
      const to = await ledger.listTold(
        { recipientId: "D", from: "2024-06-01", to: "2024-06-30" },
        NOW,
      );
      expect(to.map((e) => [e.messageId, e.items.map((i) => i.staffId)])).toEqual([
        ["m-3", ["W8", "W7"]],
      ]);
      const aboutTo = await ledger.listTold(
        { staffId: "W9", recipientId: "D", from: "2024-05-01", to: "2024-06-30" },
        NOW,
      );
      expect(aboutTo.map((e) => e.messageId)).toEqual(["m-1"]);
      const everyone = await ledger.listTold({ from: "2024-05-02", to: "2024-06-03" }, NOW);
      // Other tests' emails are on 2024-06-03 too.
      expect(everyone.map((e) => e.messageId).filter((id) => id.startsWith("m-"))).toEqual([
        "m-3",
        "m-2",
        "m-1",
      ]);
      expect(await ledger.listTold({ from: "2024-05-03", to: "2024-06-02" }, NOW)).toEqual([]);
    });

    it("appends every email to the trail, each item with the day it was first told; recording the same claim again records it once", async () => {
      const { ledger } = ports;
      const on = (runDate: string) => ({ ...claim("T"), runDate });
      // The same overdue session told on three days (three weeks: the period moves on).
      const told = (period: string) => ({ ...note("W5", "T"), period });
      for (const [runDate, period] of [
        ["2024-06-03", "w1"],
        ["2024-06-10", "w2"],
        ["2024-06-17", "w3"],
      ] as const) {
        const n = told(period);
        await ledger.claim(on(runDate), NOW, LEASE);
        await ledger.markSent(on(runDate), [n], `m-${runDate}`, NOW);
        if (runDate === "2024-06-10")
          // The same send recorded again (the process died before marking it sent).
          await ledger.markSent(on(runDate), [n], `m-${runDate}`, NOW);
      }
      const trail = await ledger.listTold(
        { recipientId: "T", from: "2024-06-01", to: "2024-06-30" },
        NOW,
      );
      expect(trail.map((e) => [e.runDate, e.items.map((i) => i.firstTold)])).toEqual([
        ["2024-06-17", ["2024-06-03"]],
        ["2024-06-10", ["2024-06-03"]],
        ["2024-06-03", ["2024-06-03"]],
      ]);
      // A resend of the same claim after a crash is a second email: kept beside the first.
      await ledger.markSent(on("2024-06-17"), [told("w3")], "m-resent", NOW);
      const resent = await ledger.listTold(
        { recipientId: "T", from: "2024-06-17", to: "2024-06-17" },
        NOW,
      );
      expect(resent.map((e) => e.messageId).sort()).toEqual(["m-2024-06-17", "m-resent"]);
      // Another stage is another telling: first told the day it is told.
      const escalated = { ...told("w4"), stage: "escalated" as const };
      await ledger.markSent(on("2024-06-24"), [escalated, told("w4")], "m-2024-06-24", NOW);
      const [latest] = await ledger.listTold(
        { recipientId: "T", from: "2024-06-24", to: "2024-06-24" },
        NOW,
      );
      expect(latest?.items.map((i) => [i.stage, i.firstTold])).toEqual([
        ["escalated", "2024-06-24"],
        ["overdue", "2024-06-03"],
      ]);
    });

    it("keeps a digest on the day it went, each month's apart when two go the same day", async () => {
      const { ledger } = ports;
      const digest = (month: string): EmailClaim => ({
        recipientId: "G",
        emailKind: "digest",
        runDate: month,
        sentOn: "2024-06-03",
        runId: "run-1",
        scope: "department",
      });
      await ledger.markSent(digest("2024-05"), [], "m-may", NOW);
      await ledger.markSent(digest("2024-04"), [], "m-april", NOW);
      const sent = await ledger.listTold(
        { recipientId: "G", from: "2024-06-03", to: "2024-06-03" },
        NOW,
      );
      expect(sent.map((e) => [e.runDate, e.month, e.scope, e.messageId]).sort()).toEqual([
        ["2024-06-03", "2024-04", "department", "m-april"],
        ["2024-06-03", "2024-05", "department", "m-may"],
      ]);
    });

    it("keeps an email listing thousands of people whole", async () => {
      const { ledger } = ports;
      const many = Array.from({ length: 2_345 }, (_, i) => note(`P${i}`, "L"));
      await ledger.markSent(claim("L"), many, "m-long", NOW);
      const [email] = await ledger.listTold(
        { recipientId: "L", from: "2024-06-03", to: "2024-06-03" },
        NOW,
      );
      expect(email?.items.map((i) => i.staffId)).toEqual(many.map((n) => n.staffId));
      const [aboutOne] = await ledger.listTold(
        { staffId: "P2000", from: "2024-06-03", to: "2024-06-03" },
        NOW,
      );
      expect(aboutOne?.items.map((i) => [i.staffId, i.firstTold])).toEqual([
        ["P2000", "2024-06-03"],
      ]);
    });
  });

  describe("DeliveryLedger", () => {
    it("keeps each outcome's earliest time, whatever order and however often events come", async () => {
      const { deliveries } = ports;
      const event = (outcome: "sent" | "delivered" | "complained", at: string) =>
        deliveries.recordDelivery({ messageId: "x-1", outcome, at, sentOn: "2024-06-03" }, NOW);
      await event("delivered", "2024-06-03T07:00:09Z");
      await event("sent", "2024-06-03T07:00:01Z");
      await event("delivered", "2024-06-03T07:30:00Z");
      await event("delivered", "2024-06-03T07:00:05Z");
      await event("complained", "2024-06-04T09:00:00Z");
      expect((await deliveries.deliveryOf(["x-1", "x-unknown"], NOW)).get("x-1")).toEqual({
        sent: "2024-06-03T07:00:01Z",
        delivered: "2024-06-03T07:00:05Z",
        complained: "2024-06-04T09:00:00Z",
      });
      expect(await deliveries.monthDelivery("2024-06", NOW)).toHaveLength(1);
      expect(await deliveries.monthDelivery("2024-05", NOW)).toEqual([]);
    });

    it("keeps the latest bounce of an address, and the day its manager was told", async () => {
      const { deliveries } = ports;
      const bounce = (at: string) => ({ recipientId: "R1", addressHash: "h", at, messageId: at });
      await deliveries.markAddressBounced(bounce("2024-06-03T08:00:00Z"), NOW);
      await deliveries.markAddressBounced(bounce("2024-06-01T08:00:00Z"), NOW);
      await deliveries.markNoticeSent(["R1", "R-none"], "2024-06-04", NOW);
      expect([...(await deliveries.bouncedAddresses(["R1", "R-none"], NOW))]).toEqual([
        ["R1", { ...bounce("2024-06-03T08:00:00Z"), noticeOn: "2024-06-04" }],
      ]);
      // A later bounce keeps the day the manager was told.
      await deliveries.markAddressBounced(bounce("2024-06-05T08:00:00Z"), NOW);
      expect((await deliveries.bouncedAddresses(["R1"], NOW)).get("R1")).toEqual({
        ...bounce("2024-06-05T08:00:00Z"),
        noticeOn: "2024-06-04",
      });
    });

    it("clears a bounce only as of a later time; a bounce after that holds again", async () => {
      const { deliveries } = ports;
      const bounce = (at: string) => ({ recipientId: "R2", addressHash: "h", at, messageId: at });
      expect(await deliveries.clearAddressBounced("R2", "2024-06-03T09:00:00Z", NOW)).toBe(false);
      await deliveries.markAddressBounced(bounce("2024-06-03T08:00:00Z"), NOW);
      expect(await deliveries.clearAddressBounced("R2", "2024-06-03T07:00:00Z", NOW)).toBe(false);
      expect((await deliveries.bouncedAddresses(["R2"], NOW)).size).toBe(1);
      expect(await deliveries.clearAddressBounced("R2", "2024-06-03T09:00:00Z", NOW)).toBe(true);
      expect((await deliveries.bouncedAddresses(["R2"], NOW)).size).toBe(0);
      await deliveries.markAddressBounced(bounce("2024-06-04T08:00:00Z"), NOW);
      expect((await deliveries.bouncedAddresses(["R2"], NOW)).get("R2")?.at).toBe(
        "2024-06-04T08:00:00Z",
      );
    });
  });

  describe("DigestStore", () => {
    it("keeps one snapshot per month; saving again replaces it", async () => {
      const { digests } = ports;
      const digest = (month: string, target: number) => ({ month, target }) as unknown as Digest;
      expect(await digests.load("2024-05")).toBeUndefined();
      expect(await digests.isRecorded("2024-05")).toBe(false);
      await digests.save(digest("2024-05", 90), "2024-06-03T06:00:00.000Z");
      expect(await digests.isRecorded("2024-05")).toBe(true);
      expect(await digests.isRecorded("2024-03")).toBe(false);
      await digests.save(digest("2024-04", 80), "2024-06-03T06:00:00.000Z");
      await digests.save(digest("2024-05", 95), "2024-06-03T09:00:00.000Z");
      expect(await digests.load("2024-05")).toEqual({ month: "2024-05", target: 95 });
      expect(await digests.load("2024-04")).toEqual({ month: "2024-04", target: 80 });
    });
  });

  describe("SupervisionStore", () => {
    const staff = (staffId: string, endDate?: string): StaffStatus => ({
      person: aPerson({ staffId, ...(endDate ? { endDate } : {}) }),
      facts: { ...emptyFacts(), formalSessions: ["2024-04-02"] },
    });
    const records: StoredRecord[] = [
      { kind: "supervision", record: { staffId: "S1", date: "2024-05-31", type: "formal" } },
      { kind: "supervision", record: { staffId: "S1", date: "2024-06-01", type: "formal" } },
      {
        kind: "absence",
        record: {
          staffId: "S2",
          startDate: "2024-04-20",
          endDate: "2024-06-10",
          reason: "sickness",
        },
      },
      {
        kind: "absence",
        record: { staffId: "S2", startDate: "2024-06-11", endDate: "2024-06-12" },
      },
      { kind: "appraisal", record: { staffId: "S1", date: "2024-05-15" } },
    ];

    it("lists staff employed on or after a date, in the roster's order", async () => {
      const { store } = ports;
      await store.putStaff([
        staff("S3"),
        staff("S1"),
        staff("S2", "2024-05-15"),
        staff("S0", "2024-04-30"),
      ]);
      const ids = async (from?: string) =>
        (await store.listStaff(from)).map((s) => s.person.staffId);
      expect(await ids("2024-05-01")).toEqual(["S2", "S1", "S3"]);
      expect(await ids()).toEqual(["S0", "S2", "S1", "S3"]);
      expect((await store.listStaff("2024-05-01"))[1]).toEqual(staff("S1"));
    });

    it("loads a month's supervisions and the absences touching it, each once", async () => {
      const { store } = ports;
      await store.putRecords(records);
      const may = await store.loadMonthRecords("2024-05");
      expect(may.supervisions.map((s) => s.date)).toEqual(["2024-05-31"]);
      expect(may.absences).toEqual([records[2]?.record]);
      const june = await store.loadMonthRecords("2024-06");
      expect(june.absences.map((a) => a.startDate).sort()).toEqual(["2024-04-20", "2024-06-11"]);
    });

    it("finds stored records by key, and a person's whole history", async () => {
      const { store } = ports;
      await store.putRecords(records);
      const unknown: StoredRecord = {
        kind: "appraisal",
        record: { staffId: "S1", date: "2020-01-01" },
      };
      const found = await store.findRecords([records[0] as StoredRecord, unknown]);
      expect([...found.values()]).toEqual([records[0]]);
      const history = await store.loadHistory(["S1", "S9"]);
      expect(
        history
          .get("S1")
          ?.map((r) => r.kind)
          .sort(),
      ).toEqual(["appraisal", "supervision", "supervision"]);
      expect(history.get("S9")).toEqual([]);
    });
  });
});
