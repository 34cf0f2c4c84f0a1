import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffItem } from "../../shared/adapters/dynamodb/item-mapping";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { buildStatus } from "../../shared/use-cases/build-status";
import { importFiles } from "../../shared/use-cases/import-files";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { tableContents } from "../helpers/table-contents";
import { mentionsOf } from "../helpers/trail-mentions";

const DAY = "2024-03-20";
const department = generateDepartment({ asOf: DAY, socialWorkers: 20, historyMonths: 6, seed: 5 });
const files = toCsvBuffers(department);

/** Everything the ledger says was sent, about whom and to whom. */
async function sentAbout(h: ReminderHarness) {
  return mentionsOf(await h.ledger.listTold({ from: DAY, to: DAY }, h.clock.now()))
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
    const board = await buildStatus(DAY, {
      store: clean.store,
      policy: clean.config.policy,
      calendar: clean.config.calendar,
    });
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
    // And one with no profile at all, as a hand edit might leave.
    await poisoned.dynamo.documents.send(
      new PutCommand({
        TableName: poisoned.tableName,
        Item: {
          pk: "STAFF#HAND-EDIT",
          sk: "STATUS",
          gsi1pk: "ROSTER",
          gsi1sk: "9999-12-31#HAND-EDIT",
          kind: "staff",
        },
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([clean.close(), poisoned.close()]);
  });

  it("is skipped and recorded, and everyone else is reminded exactly as without it", async () => {
    await clean.run(DAY);
    const summary = await poisoned.run(DAY);
    expect(summary).toMatchObject({ notEvaluated: 2, failed: 0, complete: true });
    expect(summary.sent).toBeGreaterThan(0);
    const expected = (await sentAbout(clean)).filter((n) => !n.startsWith(`${victim}>`));
    expect(await sentAbout(poisoned)).toEqual(expected);
    const recorded = (await tableContents(poisoned.dynamo.documents, poisoned.tableName)).filter(
      (i) => i.kind === "not_evaluated",
    );
    expect(recorded.map((i) => i.sk).sort()).toEqual(
      [`NOT_EVALUATED#${victim}`, "NOT_EVALUATED#HAND-EDIT"].sort(),
    );
  });

  it("is reported by the status, which still lists everyone else", async () => {
    const { policy, calendar } = poisoned.config;
    const before = await buildStatus(DAY, { store: clean.store, policy, calendar });
    const after = await buildStatus(DAY, { store: poisoned.store, policy, calendar });
    expect(after.notEvaluated.sort()).toEqual([victim, "HAND-EDIT"].sort());
    expect(after.obligations).toEqual(before.obligations.filter((o) => o.staffId !== victim));
  });
});

describe("importing a malformed person again", () => {
  it("repairs their record from the export and their stored history", async () => {
    const harness = await startReminderHarness(files);
    try {
      const { policy, calendar } = harness.config;
      const before = await buildStatus(DAY, { store: harness.store, policy, calendar });
      const someone = before.roster[3]?.person.staffId ?? "";
      await harness.dynamo.documents.send(
        new PutCommand({
          TableName: harness.tableName,
          Item: { ...staffItem(before.roster[3] as never), facts: "garbage" },
        }),
      );
      expect(
        (await buildStatus(DAY, { store: harness.store, policy, calendar })).notEvaluated,
      ).toEqual([someone]);
      const again = await importFiles(
        { contents: { staff: files.staff }, source: "test" },
        { store: harness.store, imports: harness.imports, config: harness.config },
      );
      expect(again).toMatchObject({ ok: true, recovered: 1 });
      expect(await buildStatus(DAY, { store: harness.store, policy, calendar })).toEqual(before);
    } finally {
      await harness.close();
    }
  });
});
