import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localLambdaContext } from "../../functions/commons/local-context";
import { createDeliveryEventsHandler } from "../../functions/delivery-events/job";
import { tablePorts } from "../../shared/adapters/dynamodb/table-ports";
import { bouncedCommand } from "../../shared/cli/commands/bounced-command";
import { generateDepartment } from "../../shared/demo/generate-department";
import { addDays } from "../../shared/domain/dates";
import { deliveryRates, deliveryStatus } from "../../shared/domain/delivery";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { importFiles } from "../../shared/use-cases/import-files";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { type SesEventOptions, type SesEventType, sesEvent } from "../helpers/ses-events";

const MONDAY = "2024-03-18";
const department = generateDepartment({
  asOf: MONDAY,
  socialWorkers: 30,
  historyMonths: 8,
  seed: 23,
});
const files = toCsvBuffers(department);
const byAddress = new Map(department.staff.map((s) => [s.email.toLowerCase(), s]));
const byId = new Map(department.staff.map((s) => [s.staffId, s]));

let h: ReminderHarness;
let handler: ReturnType<typeof createDeliveryEventsHandler>;
/** Monday's reminder emails as SES accepted them: message id, address, the person. */
let monday: { messageId: string; to: string; staffId: string; managerId?: string }[];

beforeAll(async () => {
  h = await startReminderHarness(files);
  handler = createDeliveryEventsHandler(() => ({ deliveries: h.deliveries, nowMs: h.clock.now }));
  h.clock.advance(Date.parse(`${MONDAY}T07:00:00Z`) - h.clock.now());
  expect((await h.run(MONDAY)).sent).toBeGreaterThan(4);
  monday = (await h.emails())
    .filter((e) => !e.subject.startsWith("Escalation"))
    .map((e) => {
      const to = e.destination.to[0] as string;
      const person = byAddress.get(to.toLowerCase());
      return {
        messageId: e.messageId,
        to,
        staffId: person?.staffId ?? "",
        ...(person?.supervisorId ? { managerId: person.supervisorId } : {}),
      };
    });
  expect(monday.every((m) => m.staffId !== "")).toBe(true);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const SENT_AT = `${MONDAY}T07:00:05.000Z`;
const at = (seconds: number) => new Date(Date.parse(SENT_AT) + seconds * 1000).toISOString();

function feed(type: SesEventType, options: Omit<SesEventOptions, "sentAt"> & { sentAt?: string }) {
  return handler(
    sesEvent(type, { sentAt: SENT_AT, emailKind: "reminder", ...options }) as never,
    localLambdaContext("delivery-events"),
  );
}

async function statusOf(messageId: string) {
  const heard = await h.deliveries.deliveryOf([messageId], h.clock.now());
  return { status: deliveryStatus(heard.get(messageId)), record: heard.get(messageId) };
}

describe("SES delivery events, through the handler, on the embedded table", () => {
  it("records each message's outcome by its SES message id, in any order and however often it comes", async () => {
    const [a, b, c, d] = monday;
    if (!a || !b || !c || !d) throw new Error("needs four reminder emails");
    // a: delivered, its Send event arriving after the Delivery, and the Delivery twice.
    await feed("Delivery", { messageId: a.messageId, to: a.to, at: at(3) });
    await feed("Send", { messageId: a.messageId, to: a.to, at: at(0) });
    await feed("Delivery", { messageId: a.messageId, to: a.to, at: at(3) });
    // A late copy of an event never moves its time later; an earlier copy moves it earlier.
    await feed("Delivery", { messageId: a.messageId, to: a.to, at: at(90) });
    expect(await statusOf(a.messageId)).toEqual({
      status: "delivered",
      record: { sent: at(0), delivered: at(3) },
    });
    await feed("Delivery", { messageId: a.messageId, to: a.to, at: at(2) });
    expect((await statusOf(a.messageId)).record?.delivered).toBe(at(2));
    // b: the complaint comes before the delivery it follows; it outweighs it either way.
    await feed("Complaint", { messageId: b.messageId, to: b.to, at: at(600) });
    await feed("Delivery", { messageId: b.messageId, to: b.to, at: at(4) });
    expect((await statusOf(b.messageId)).status).toBe("complained");
    // c: a soft bounce on the way, then delivered.
    await feed("Bounce", { messageId: c.messageId, to: c.to, bounceType: "Transient", at: at(5) });
    expect((await statusOf(c.messageId)).status).toBe("bounced_soft");
    await feed("Delivery", { messageId: c.messageId, to: c.to, at: at(1800) });
    expect((await statusOf(c.messageId)).status).toBe("delivered");
    // d: only delayed so far.
    await feed("DeliveryDelay", { messageId: d.messageId, to: d.to, at: at(60) });
    expect((await statusOf(d.messageId)).status).toBe("delayed");
    // Opens and clicks are not delivery: ignored, nothing recorded.
    const open = sesEvent("Send", { messageId: "m-open", to: a.to, sentAt: SENT_AT });
    open.detail.eventType = "Open";
    expect(await handler(open as never, localLambdaContext("delivery-events"))).toEqual({
      ignored: "Open",
    });
    expect((await statusOf("m-open")).status).toBe("no_feedback");

    const rates = deliveryRates(await h.deliveries.monthDelivery("2024-03", h.clock.now()));
    expect(rates).toMatchObject({ emails: 4, delivered: 2, complained: 1, bounced: 0, other: 1 });
    expect(rates.deliveredPercent).toBe(50);
  });

  it("rejects what is not an SES event before recording anything", async () => {
    await expect(
      handler({ source: "aws.s3", detail: {} } as never, localLambdaContext("delivery-events")),
    ).rejects.toThrow();
  });

  it("retries the bounce of a reminder it cannot match yet; only counts an unknown import result's", async () => {
    const unknown = { messageId: "not-recorded-yet", to: "someone@example.gov.uk" };
    await expect(feed("Bounce", { ...unknown, emailKind: "reminder" })).rejects.toThrow(
      /not-recorded-yet/,
    );
    await expect(
      feed("Bounce", { ...unknown, messageId: "import-result-1", emailKind: "import-result" }),
    ).resolves.toMatchObject({ outcome: "bounced_hard", matched: false, addressMarked: false });
    // A reminder sent hours ago that is still unknown died before its send was recorded:
    // retrying cannot help, so it is counted instead of failing into the dead-letter queue.
    await expect(
      feed("Bounce", { ...unknown, messageId: "died-unrecorded", sentAt: "2024-03-17T07:00:00Z" }),
    ).resolves.toMatchObject({ outcome: "bounced_hard", matched: false });
  });

  it("writes no address to the logs", async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    const previous = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = "INFO";
    try {
      const logged = createDeliveryEventsHandler(() => ({
        deliveries: h.deliveries,
        nowMs: h.clock.now,
      }));
      const [a] = monday;
      if (!a) throw new Error("needs an email");
      await logged(
        sesEvent("Delivery", { messageId: a.messageId, to: a.to, sentAt: SENT_AT }) as never,
        localLambdaContext("delivery-events"),
      );
    } finally {
      process.stdout.write = original;
      if (previous === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
      else process.env.POWERTOOLS_LOG_LEVEL = previous;
    }
    const logs = written.join("");
    expect(logs).toContain("delivery event recorded");
    expect(logs).not.toMatch(/@example\.gov\.uk/);
  });
});

describe("a hard bounce", () => {
  it("holds back the person's reminders and tells their manager, once and then weekly, until the address is corrected", async () => {
    // Not one of the four the first test already reported on.
    const bounced = monday
      .slice(4)
      .find((m) => m.managerId !== undefined && byId.has(m.managerId) && m.managerId !== m.staffId);
    if (!bounced?.managerId) throw new Error("needs a supervisor with a manager");
    const person = byId.get(bounced.staffId);
    const manager = byId.get(bounced.managerId);
    await feed("Bounce", { messageId: bounced.messageId, to: bounced.to, at: at(20) });
    expect((await statusOf(bounced.messageId)).status).toBe("bounced_hard");

    const noticesTo = async (address: string | undefined) =>
      (await h.emails()).filter(
        (e) => e.destination.to[0] === address && e.subject.includes("are not arriving"),
      );
    const toPerson = async () =>
      (await h.emails()).filter((e) => e.destination.to[0] === bounced.to).length;

    // Tuesday: the manager is told what the person was to be told.
    h.clock.advance(86_400_000);
    const tuesday = await h.run(addDays(MONDAY, 1));
    expect(tuesday.deliveryNotices).toBe(1);
    const [notice] = await noticesTo(manager?.email);
    expect(notice?.subject).toBe(`Supervision reminders to ${person?.name} are not arriving`);
    expect(notice?.body.text).toContain("was returned as undeliverable");
    expect(notice?.body.text).toMatch(
      /What they were to be told on Tue 19 Mar 2024:\r?\n {2}- .+ due .+ \((overdue|due now|due within 7 days|past the policy limit)\)/,
    );
    // The notice's items are in the trail, told to the manager; the person's stay untold.
    const trail = await h.ledger.listTold(
      { recipientId: bounced.managerId, from: "2024-03-19", to: "2024-03-19" },
      h.clock.now(),
    );
    expect(trail.find((e) => e.emailKind === "delivery_notice")?.items.length).toBeGreaterThan(0);

    // Wednesday: not again.
    h.clock.advance(86_400_000);
    expect((await h.run(addDays(MONDAY, 2))).deliveryNotices).toBe(0);
    expect(await noticesTo(manager?.email)).toHaveLength(1);

    // The next summary day: the person gets no summary; the manager is told again.
    const before = await toPerson();
    h.clock.advance(5 * 86_400_000);
    const nextMonday = await h.run(addDays(MONDAY, 7));
    expect(nextMonday.notArriving).toBeGreaterThanOrEqual(1);
    expect(nextMonday.deliveryNotices).toBe(1);
    expect(await toPerson()).toBe(before);
    expect(await noticesTo(manager?.email)).toHaveLength(2);

    // HR corrects the address: the next run sends the person their week's summary there.
    const corrected = `${person?.staffId.toLowerCase()}.new@example.gov.uk`;
    const fixed = toCsvBuffers({
      ...department,
      staff: department.staff.map((s) =>
        s.staffId === bounced.staffId ? { ...s, email: corrected } : s,
      ),
    });
    const imported = await importFiles(
      { contents: { staff: fixed.staff }, source: "test" },
      { store: h.store, imports: h.imports, config: h.config, nowMs: h.clock.now },
    );
    expect(imported.ok).toBe(true);
    h.clock.advance(86_400_000);
    const after = await h.run(addDays(MONDAY, 8));
    expect(after).toMatchObject({ notArriving: 0, deliveryNotices: 0 });
    expect((await h.emails()).filter((e) => e.destination.to[0] === corrected)).toHaveLength(1);
  });

  it("ends when the same address works again: a later delivery to it, or an admin's bounced --clear", async () => {
    const [first, second] = monday
      .slice(4)
      .filter((m) => m.managerId !== undefined && byId.has(m.managerId))
      .slice(1);
    if (!first || !second) throw new Error("needs two more supervisors with managers");
    const held = async () =>
      [...(await h.deliveries.bouncedAddresses([first.staffId, second.staffId], h.clock.now()))]
        .map(([id]) => id)
        .sort();
    for (const m of [first, second])
      await feed("Bounce", { messageId: m.messageId, to: m.to, at: at(30) });
    expect(await held()).toEqual([first.staffId, second.staffId].sort());
    // An earlier message to the first, delayed, is delivered after the bounce.
    await feed("Delivery", { messageId: first.messageId, to: first.to, at: at(7200) });
    expect(await held()).toEqual([second.staffId]);
    // The second's mailbox is restored at the same address; an admin checks and clears it.
    const out: string[] = [];
    const ctx = {
      ports: tablePorts({ client: h.dynamo.documents, tableName: h.tableName, config: h.config }),
      config: h.config,
      out: (line: string) => out.push(line),
      err: () => {},
      today: "2024-03-27",
      nowMs: h.clock.now,
      clockMs: h.clock.now,
      dataDir: "",
    };
    expect(await bouncedCommand({ staff: second.staffId, clear: false }, ctx)).toBe(0);
    expect(out.join("\n")).toMatch(/their address bounced on 2024-03-18 .*held back/s);
    expect(await bouncedCommand({ staff: second.staffId, clear: true }, ctx)).toBe(0);
    expect(out.at(-1)).toBe(
      "Cleared: their reminders go to their address again from the next run.",
    );
    expect(await held()).toEqual([]);
  });
});
