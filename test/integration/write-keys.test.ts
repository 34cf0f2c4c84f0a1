import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localLambdaContext } from "../../functions/commons/local-context";
import { createDeliveryEventsHandler } from "../../functions/delivery-events/job";
import {
  DELIVERY_WRITE_KEYS,
  DIGEST_WRITE_KEYS,
  IMPORT_WRITE_KEYS,
  REMINDER_WRITE_KEYS,
} from "../../infra/stacks/app-stack";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { importFiles } from "../../shared/use-cases/import-files";
import { runMonthlyDigest } from "../../shared/use-cases/run-monthly-digest";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { sesEvent } from "../helpers/ses-events";
import { tableContents } from "../helpers/table-contents";

/**
 * On AWS each job may write only items under its own partition keys (`dynamodb:LeadingKeys`
 * in the stack): a write under any other key is refused and fails the run. Each job runs here
 * on the stand-ins, and every item it added or changed must be under one of its keys.
 */
const MONDAY = "2024-04-08";
const department = generateDepartment({
  asOf: MONDAY,
  socialWorkers: 20,
  historyMonths: 8,
  seed: 3,
});
const files = toCsvBuffers(department);

let h: ReminderHarness;
beforeAll(async () => {
  h = await startReminderHarness(files);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** The partition keys of the items a step added or changed. */
async function keysWrittenBy(step: () => Promise<unknown>): Promise<string[]> {
  const snapshot = async () =>
    new Map(
      (await tableContents(h.dynamo.documents, h.tableName, { withImportBookkeeping: true })).map(
        (i) => [`${i.pk}|${i.sk}`, JSON.stringify(i)],
      ),
    );
  const before = await snapshot();
  await step();
  const after = await snapshot();
  return [...after]
    .filter(([key, item]) => before.get(key) !== item)
    .map(([key]) => key.split("|")[0] as string);
}

const allowed = (patterns: readonly string[]) => (pk: string) =>
  patterns.some((p) => (p.endsWith("*") ? pk.startsWith(p.slice(0, -1)) : pk === p));

describe("what each job writes is what its role may write", () => {
  it("reminders (summaries, updates, escalations, the trail, a delivery notice)", async () => {
    const written = [
      ...(await keysWrittenBy(() => h.run(MONDAY))),
      ...(await keysWrittenBy(() => h.run("2024-04-09"))),
    ];
    expect(new Set(written.map((pk) => pk.split("#")[0]))).toEqual(
      new Set(["EMAIL", "NOTE", "TOLD", "MSG", "RUN"]),
    );
    expect(written.filter((pk) => !allowed(REMINDER_WRITE_KEYS)(pk))).toEqual([]);
  });

  it("delivery events, and the reminder run's notice after a hard bounce", async () => {
    const handler = createDeliveryEventsHandler(() => ({
      deliveries: h.deliveries,
      nowMs: h.clock.now,
    }));
    // A supervisor with a manager of their own, who is then told.
    const managed = new Set(
      department.staff.filter((s) => s.supervisorId !== undefined).map((s) => s.email),
    );
    const [email] = (await h.emails()).filter(
      (e) => e.subject.startsWith("Weekly") && managed.has(e.destination.to[0] as string),
    );
    if (!email) throw new Error("needs a weekly summary to someone with a manager");
    const options = {
      messageId: email.messageId,
      to: email.destination.to[0] as string,
      sentAt: `${MONDAY}T06:00:05.000Z`,
      emailKind: "reminder",
    };
    const written = await keysWrittenBy(async () => {
      for (const type of ["Send", "Delivery", "Bounce"] as const)
        await handler(sesEvent(type, options) as never, localLambdaContext("delivery-events"));
    });
    expect(new Set(written.map((pk) => pk.split("#")[0]))).toEqual(new Set(["MSG", "EMAIL"]));
    expect(written.filter((pk) => !allowed(DELIVERY_WRITE_KEYS)(pk))).toEqual([]);
    let notices = 0;
    const afterBounce = await keysWrittenBy(async () => {
      notices = (await h.run("2024-04-10")).deliveryNotices;
    });
    expect(notices).toBe(1);
    expect(afterBounce.filter((pk) => !allowed(REMINDER_WRITE_KEYS)(pk))).toEqual([]);
  });

  it("the monthly digest", async () => {
    const written = await keysWrittenBy(() =>
      runMonthlyDigest({ scheduledTime: "2024-04-02T06:00:00Z" }, h.digestDeps()),
    );
    expect(written.some((pk) => pk.startsWith("DIGEST#"))).toBe(true);
    expect(written.some((pk) => pk.startsWith("EMAIL#"))).toBe(true);
    expect(written.filter((pk) => !allowed(DIGEST_WRITE_KEYS)(pk))).toEqual([]);
  });

  it("an import", async () => {
    const changed = toCsvBuffers({
      ...department,
      staff: department.staff.map((s, i) => (i === 0 ? { ...s, team: `${s.team} East` } : s)),
    });
    const written = await keysWrittenBy(async () => {
      const result = await importFiles(
        { contents: changed, source: "test" },
        { store: h.store, imports: h.imports, config: h.config, nowMs: h.clock.now },
      );
      expect(result.ok).toBe(true);
    });
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((pk) => !allowed(IMPORT_WRITE_KEYS)(pk))).toEqual([]);
  });
});
