import { describe, expect, it } from "vitest";
import { type AppConfigInput, parseAppConfig } from "../../../shared/config/app-config";
import { emptyFacts, type StaffMember, type StaffStatus } from "../../../shared/domain/records";
import type { StoredRecord } from "../../../shared/domain/stored-record";
import { EmailRejectedError, SendingPausedError } from "../../../shared/ports/email-sender";
import { buildMonthlyReport } from "../../../shared/use-cases/build-monthly-report";
import {
  type DigestDeps,
  ledgerRecipientId,
  runMonthlyDigest,
} from "../../../shared/use-cases/run-monthly-digest";
import { FakeEmailSender } from "../../fakes/fake-email-sender";
import { InMemoryDeliveryLedger } from "../../fakes/in-memory-delivery-ledger";
import { InMemoryDigestStore } from "../../fakes/in-memory-digest-store";
import { InMemoryEmailLedger } from "../../fakes/in-memory-email-ledger";
import { InMemorySupervisionStore } from "../../fakes/in-memory-supervision-store";
import { RecordingOneOffScheduler } from "../../fakes/recording-schedulers";
import { aPerson } from "../../helpers/people";

const person = (staffId: string, overrides: Partial<StaffMember>): StaffStatus => ({
  person: aPerson({
    staffId,
    name: `Person ${staffId}`,
    email: `${staffId}@example.gov.uk`,
    ...overrides,
  }),
  facts: emptyFacts(),
});

/** One service: its head, a service manager, a team manager and three social workers. */
const roster: StaffStatus[] = [
  person("H1", { role: "head_of_service", team: "Leadership", supervisorId: undefined }),
  person("SM1", { role: "service_manager", team: "Leadership", supervisorId: "H1" }),
  person("M1", { role: "team_manager", supervisorId: "SM1" }),
  person("W1", {}),
  person("W2", {}),
  person("W3", {}),
  // Left before May: neither in May's roster nor sent May's digest.
  person("SM0", { role: "service_manager", team: "Leadership", endDate: "2024-03-31" }),
];
const mayRecords: StoredRecord[] = [
  {
    kind: "supervision",
    record: { staffId: "W1", date: "2024-05-10", supervisorId: "M1", type: "formal" },
  },
  {
    kind: "supervision",
    record: { staffId: "W2", date: "2024-05-20", supervisorId: "M1", type: "formal" },
  },
];
const DIRECTOR = "director@example.gov.uk";

function digestRun(config: Partial<AppConfigInput> = {}) {
  const store = InMemorySupervisionStore.with(roster, mayRecords);
  let seeds = 0;
  const deps = {
    store,
    digests: new InMemoryDigestStore(),
    ledger: new InMemoryEmailLedger(),
    deliveries: new InMemoryDeliveryLedger(),
    mailer: new FakeEmailSender(),
    scheduler: new RecordingOneOffScheduler(),
    config: parseAppConfig(
      {
        stage: "test",
        region: "eu-west-2",
        digest: { seniorManagerEmails: [DIRECTOR] },
        ...config,
      },
      "test",
    ),
    nowMs: () => Date.parse("2024-06-03T06:00:05Z"),
    drawSeed: () => ++seeds,
  } satisfies DigestDeps;
  return { deps, store };
}

const recipientsOf = (mailer: FakeEmailSender) => mailer.delivered.map((d) => d.email.to).sort();

describe("the monthly digest on a day that is not a working day", () => {
  it("on a Saturday the 1st, defers itself to 07:00 London on the Monday, for the month just ended", async () => {
    const { deps, store } = digestRun();
    const result = await runMonthlyDigest({ scheduledTime: "2024-06-01T06:00:00Z" }, deps);
    expect(result).toEqual({
      month: "2024-05",
      runDate: "2024-06-01",
      deferredTo: "2024-06-03",
      sent: 0,
      failed: 0,
      skipped: 0,
      recipients: 0,
    });
    // 07:00 BST is 06:00 UTC.
    expect(deps.scheduler.requests).toEqual([
      {
        name: "2024-05-deferred",
        atMs: Date.parse("2024-06-03T06:00:00Z"),
        payload: { scheduledTime: "2024-06-03T06:00:00.000Z", month: "2024-05" },
      },
    ]);
    expect(store.readStats().requests).toBe(0);
    expect(deps.digests.saves).toEqual([]);
    expect(deps.mailer.attempts).toEqual([]);
  });

  it("takes the run date in London: 00:30 BST on the 1st is still the 1st", async () => {
    const { deps } = digestRun();
    const result = await runMonthlyDigest({ scheduledTime: "2024-05-31T23:30:00Z" }, deps);
    expect(result).toMatchObject({
      month: "2024-05",
      runDate: "2024-06-01",
      deferredTo: "2024-06-03",
    });
  });

  it("in winter, 07:00 London is 07:00 UTC", async () => {
    const { deps } = digestRun();
    // Saturday 1 February 2025.
    await runMonthlyDigest({ scheduledTime: "2025-02-01T07:00:00Z" }, deps);
    expect(deps.scheduler.requests).toEqual([
      {
        name: "2025-01-deferred",
        atMs: Date.parse("2025-02-03T07:00:00Z"),
        payload: { scheduledTime: "2025-02-03T07:00:00.000Z", month: "2025-01" },
      },
    ]);
  });

  it("skips bank holidays and closure days after the weekend", async () => {
    // Saturday 1 January 2028; Monday the 3rd is the New Year bank holiday.
    const newYear = digestRun();
    expect(
      (await runMonthlyDigest({ scheduledTime: "2028-01-01T07:00:00Z" }, newYear.deps)).deferredTo,
    ).toBe("2028-01-04");
    // Monday 1 January 2024 was a bank holiday, and here Tuesday the 2nd a closure day.
    const closed = digestRun({ calendar: { closureDays: ["2024-01-02"] } });
    const result = await runMonthlyDigest({ scheduledTime: "2024-01-01T07:00:00Z" }, closed.deps);
    expect(result).toMatchObject({ month: "2023-12", deferredTo: "2024-01-03" });
    expect(closed.deps.scheduler.requests[0]?.atMs).toBe(Date.parse("2024-01-03T07:00:00Z"));
  });

  it("defers to the schedule's own time of day when a stage moves it", async () => {
    const { deps } = digestRun({ schedules: { monthlyDigest: { hour: 6, minute: 30 } } });
    await runMonthlyDigest({ scheduledTime: "2024-06-01T05:30:00Z" }, deps);
    expect(deps.scheduler.requests[0]?.payload).toEqual({
      scheduledTime: "2024-06-03T05:30:00.000Z",
      month: "2024-05",
    });
  });
});

describe("the monthly digest on a working day", () => {
  it("compiles the month it is given, stores it, and sends each recipient one email", async () => {
    const { deps, store } = digestRun();
    const result = await runMonthlyDigest(
      { scheduledTime: "2024-06-03T06:00:00.000Z", month: "2024-05" },
      deps,
    );
    expect(result).toMatchObject({
      month: "2024-05",
      runDate: "2024-06-03",
      sent: 3,
      failed: 0,
      skipped: 0,
      recipients: 3,
    });
    expect(result.deferredTo).toBeUndefined();
    expect(deps.scheduler.requests).toEqual([]);
    expect(recipientsOf(deps.mailer)).toEqual([
      "H1@example.gov.uk",
      "SM1@example.gov.uk",
      DIRECTOR,
    ]);
    const stored = await deps.digests.load("2024-05");
    const { kpi } = await buildMonthlyReport("2024-05", {
      store,
      policy: deps.config.policy,
      factsWindowDays: deps.config.table.factsWindowDays,
    });
    expect(stored?.overall).toEqual(kpi.overall);
    expect(result.compliance).toBe(kpi.overall.compliance);
    expect(deps.mailer.delivered[0]?.email.subject).toContain("May 2024");
  });

  it("a rerun replaces the snapshot but sends nobody the digest twice, and keeps the audit draw", async () => {
    const { deps } = digestRun();
    const event = { scheduledTime: "2024-06-03T06:00:00.000Z", month: "2024-05" };
    await runMonthlyDigest(event, deps);
    const first = await deps.digests.load("2024-05");
    // Each draw gets a new seed here (1, 2, …): a redrawn file would show as a changed seed.
    expect(first?.audit.serviceManagers.map((d) => d.managerId)).toEqual(["SM1"]);
    const rerun = await runMonthlyDigest(
      { ...event, scheduledTime: "2024-06-03T09:30:00.000Z" },
      deps,
    );
    expect(rerun).toMatchObject({ sent: 0, failed: 0, skipped: 3, recipients: 3 });
    expect(deps.mailer.attempts).toHaveLength(3);
    expect(deps.digests.saves).toHaveLength(2);
    expect((await deps.digests.load("2024-05"))?.audit).toEqual(first?.audit);
  });

  it("stops at a paused account, and the next run sends everyone once", async () => {
    const { deps } = digestRun();
    deps.mailer.behave(() => new SendingPausedError("Daily message quota exceeded"));
    const event = { scheduledTime: "2024-06-03T06:00:00.000Z", month: "2024-05" };
    expect(await runMonthlyDigest(event, deps)).toMatchObject({
      sent: 0,
      failed: 1,
      recipients: 3,
    });
    expect(deps.mailer.attempts).toHaveLength(1);
    deps.mailer.behave(() => undefined);
    expect(await runMonthlyDigest(event, deps)).toMatchObject({ sent: 3, failed: 0, skipped: 0 });
    expect(recipientsOf(deps.mailer)).toEqual([
      "H1@example.gov.uk",
      "SM1@example.gov.uk",
      DIRECTOR,
    ]);
  });

  it("fails a rejected recipient alone, with the reason scrubbed, and sends the rest", async () => {
    const { deps } = digestRun();
    deps.mailer.behave((email) =>
      email.to === DIRECTOR
        ? new EmailRejectedError(`Address blacklisted: ${DIRECTOR}`)
        : undefined,
    );
    const result = await runMonthlyDigest(
      { scheduledTime: "2024-06-03T06:00:00.000Z", month: "2024-05" },
      deps,
    );
    expect(result).toMatchObject({ sent: 2, failed: 1, recipients: 3 });
    expect(
      deps.ledger.claimOf({
        recipientId: ledgerRecipientId({ id: `addr:${DIRECTOR}`, email: DIRECTOR }),
        emailKind: "digest",
        runDate: "2024-05",
      }),
    ).toMatchObject({
      status: "failed",
      reason: "Address blacklisted: <address>",
      outcomeUnknown: false,
    });
  });
});
