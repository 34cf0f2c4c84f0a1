import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localLambdaContext } from "../../functions/commons/local-context";
import { createDeliveryEventsHandler } from "../../functions/delivery-events/job";
import {
  DELIVERY_WRITE_KEYS,
  DIGEST_WRITE_KEYS,
  IMPORT_WRITE_KEYS,
  REMINDER_INDEXES,
  REMINDER_TABLE_ACTIONS,
  REMINDER_WRITE_KEYS,
} from "../../infra/stacks/app-stack";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { importFiles } from "../../shared/use-cases/import-files";
import { runMonthlyDigest } from "../../shared/use-cases/run-monthly-digest";
import { auditDepartment, digestWithDraws, sam } from "../helpers/audit-department";
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

/** One request to DynamoDB as IAM sees it: the action, the index if any, the partition keys. */
interface TableRequest {
  action: string;
  index?: string;
  pks: string[];
}

const WRITE_ACTIONS = new Set(["PutItem", "UpdateItem", "BatchWriteItem", "DeleteItem"]);

/** Every request a step sends through a harness's client, as the SDK sends it. */
async function requestsDuring(
  harness: ReminderHarness,
  step: () => Promise<unknown>,
): Promise<TableRequest[]> {
  const seen: TableRequest[] = [];
  const name = "recordTableRequests";
  harness.dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const action = (context.commandName ?? "").replace(/Command$/, "");
      const index = typeof input.IndexName === "string" ? input.IndexName : undefined;
      seen.push({ action, ...(index ? { index } : {}), pks: partitionKeys(input) });
      return next(args);
    },
    // After the document client has turned its input into attribute values.
    { step: "build", name },
  );
  try {
    await step();
  } finally {
    harness.dynamo.client.middlewareStack.remove(name);
  }
  return seen;
}

type Item = Record<string, AttributeValue>;
const pkOf = (item: Item | undefined) => (item?.pk?.S === undefined ? [] : [item.pk.S]);

/** The partition keys a request names: its key or item, its query's `:pk`, or its batch's. */
function partitionKeys(input: Record<string, unknown>): string[] {
  const values = input.ExpressionAttributeValues as Item | undefined;
  const batches = Object.values(
    (input.RequestItems ?? {}) as Record<
      string,
      { Keys?: Item[] } | { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]
    >,
  );
  return [
    ...pkOf(input.Key as Item | undefined),
    ...pkOf(input.Item as Item | undefined),
    ...(input.IndexName === undefined && values?.[":pk"]?.S ? [values[":pk"].S] : []),
    ...batches.flatMap((batch) =>
      Array.isArray(batch)
        ? batch.flatMap((r) => [...pkOf(r.PutRequest?.Item), ...pkOf(r.DeleteRequest?.Key)])
        : (batch.Keys ?? []).flatMap(pkOf),
    ),
  ];
}

/** What the reminder role does not allow among these requests (empty when all are allowed). */
function notAllowedForReminders(requests: readonly TableRequest[]): TableRequest[] {
  return requests.filter(
    (r) =>
      !REMINDER_TABLE_ACTIONS.includes(r.action) ||
      (r.index !== undefined && (r.action !== "Query" || !REMINDER_INDEXES.includes(r.index))) ||
      (WRITE_ACTIONS.has(r.action) && !r.pks.every(allowed(REMINDER_WRITE_KEYS))),
  );
}

describe("what each job writes is what its role may write", () => {
  it("reminders (summaries, updates, escalations, the trail, a delivery notice)", async () => {
    const requests: TableRequest[] = [];
    // The job's own requests, not the snapshots' (a Scan, which no role has).
    const run = (date: string) => async () =>
      requests.push(...(await requestsDuring(h, () => h.run(date))));
    const written = [
      ...(await keysWrittenBy(run(MONDAY))),
      ...(await keysWrittenBy(run("2024-04-09"))),
    ];
    // Reads too: each request is one the role allows (on the table, or querying the roster).
    expect(requests.length).toBeGreaterThan(0);
    expect(notAllowedForReminders(requests)).toEqual([]);
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

describe("what the reminder job reads is what its role may read", () => {
  it("a service manager's reminder names their drawn file: the digest is read, never written", async () => {
    const audits = await startReminderHarness(toCsvBuffers(auditDepartment([])), {
      policy: { audits: { monthlyFrom: "2027-08" } },
    });
    try {
      await audits.digests.save(
        digestWithDraws("2027-07", "2027-08", { SM1: "W1" }),
        "2027-08-02T07:00:00Z",
      );
      const before = await tableContentsOf(audits);
      // Tuesday 24 August 2027: a week before August's last working day.
      const requests = await requestsDuring(audits, async () => {
        const summary = await audits.run("2027-08-24");
        expect(summary).toMatchObject({ failed: 0, complete: true });
      });
      const written = [...(await tableContentsOf(audits))]
        .filter(([key, item]) => before.get(key) !== item)
        .map(([key]) => key.split("|")[0] as string);
      const email = (await audits.emails()).find((e) => e.destination.to[0]?.includes(sam.email));
      expect(email?.body.text).toContain(
        "File drawn for you for August 2027: Uma Green, Front Door.",
      );
      // The digest's manifest and its chunks were read, as the stack allows (Get, then Query).
      const digestReads = requests.filter((r) => r.pks.includes("DIGEST#2027-07"));
      expect(digestReads.map((r) => r.action)).toEqual(
        expect.arrayContaining(["GetItem", "Query"]),
      );
      expect(notAllowedForReminders(requests)).toEqual([]);
      expect(written.length).toBeGreaterThan(0);
      expect(written.filter((pk) => !allowed(REMINDER_WRITE_KEYS)(pk))).toEqual([]);
    } finally {
      await audits.close();
    }
  });
});

/** Each item of a harness's table by key (its partition key first), as JSON. */
async function tableContentsOf(harness: ReminderHarness): Promise<Map<string, string>> {
  const items = await tableContents(harness.dynamo.documents, harness.tableName, {
    withImportBookkeeping: true,
  });
  return new Map(items.map((i) => [`${i.pk}|${i.sk}`, JSON.stringify(i)]));
}
