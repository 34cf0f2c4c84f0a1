import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffItem } from "../../shared/adapters/dynamodb/item-mapping";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { buildStatus } from "../../shared/use-cases/build-status";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { tableContents } from "../helpers/table-contents";

const DAY = "2024-03-20";
const department = generateDepartment({ asOf: DAY, socialWorkers: 20, historyMonths: 6, seed: 5 });
const files = toCsvBuffers(department);

/** Everything the ledger says was sent, about whom and to whom. */
async function sentAbout(h: ReminderHarness) {
  return (await h.ledger.listSent({ from: DAY, to: DAY }, h.clock.now()))
    .map((e) => `${e.staffId}>${e.recipientId}:${e.kind}:${e.stage}`)
    .sort();
}

describe("a person whose stored record cannot be evaluated", () => {
  let clean: ReminderHarness;
  let poisoned: ReminderHarness;
  // A case-holding social worker with an open obligation, so they appear in an email.
  let victim: string;

  beforeAll(async () => {
    [clean, poisoned] = await Promise.all([
      startReminderHarness(files),
      startReminderHarness(files),
    ]);
    const board = await buildStatus(DAY, { store: clean.store, policy: clean.config.policy });
    const open = board.obligations.find(
      (o) =>
        o.kind === "supervision" && !board.roster.some((s) => s.person.supervisorId === o.staffId),
    );
    victim = open?.staffId ?? "";
    expect(victim).not.toBe("");
    // What an older version (or a hand edit) might have left: an interval no date can add.
    const status = board.roster.find((s) => s.person.staffId === victim);
    if (!status) throw new Error("victim not on the roster");
    await poisoned.dynamo.documents.send(
      new PutCommand({
        TableName: poisoned.tableName,
        Item: staffItem({
          ...status,
          person: { ...status.person, supervisionIntervalDays: 999_999_999_999 },
        }),
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([clean.close(), poisoned.close()]);
  });

  it("is skipped and recorded, and everyone else is reminded exactly as without it", async () => {
    await clean.run(DAY);
    const summary = await poisoned.run(DAY);
    expect(summary).toMatchObject({ notEvaluated: 1, failed: 0, complete: true });
    expect(summary.sent).toBeGreaterThan(0);
    const expected = (await sentAbout(clean)).filter((n) => !n.startsWith(`${victim}>`));
    expect(await sentAbout(poisoned)).toEqual(expected);
    const recorded = (await tableContents(poisoned.dynamo.documents, poisoned.tableName)).filter(
      (i) => i.kind === "not_evaluated",
    );
    expect(recorded).toEqual([
      expect.objectContaining({ pk: `RUN#${DAY}`, sk: `NOT_EVALUATED#${victim}`, staffId: victim }),
    ]);
  });

  it("is reported by the status, which still lists everyone else", async () => {
    const policy = poisoned.config.policy;
    const before = await buildStatus(DAY, { store: clean.store, policy });
    const after = await buildStatus(DAY, { store: poisoned.store, policy });
    expect(after.notEvaluated).toEqual([victim]);
    expect(after.obligations).toEqual(before.obligations.filter((o) => o.staffId !== victim));
  });
});
