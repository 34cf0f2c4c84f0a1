import { ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../shared/adapters/dynamodb/clients";
import { STATUS_SK } from "../../shared/adapters/dynamodb/table-design";
import type { StoredRecord } from "../../shared/domain/stored-record";
import type { CsvFileKind } from "../../shared/import/csv-files";
import { importFiles } from "../../shared/use-cases/import-files";
import { crashAfterWrites, InjectedCrash } from "../helpers/crash-after-writes";
import { afterTheCrash, playingACrashedProcess } from "../helpers/crashed-process";
import { readFixture } from "../helpers/fixtures";
import { tableContents } from "../helpers/table-contents";
import { FIXTURE_NOW, startTestDynamo, testConfig } from "../helpers/test-dynamo";

/**
 * What an import reads grows with what changed, not with history: the roster's status items
 * carry a hash of each person's rows per file, and only people whose rows differ from it have
 * their records looked up. Counted by the store itself (`readStats`), against dynalite.
 */

type Files = Partial<Record<CsvFileKind, Buffer>>;
type Table = Awaited<ReturnType<Awaited<ReturnType<typeof startTestDynamo>>["newStore"]>>;

const PEOPLE = 10; // staff.csv of the March 2024 fixture
const LOCK = { leaseMs: 600_000, waitMs: 0, pollMs: 10 };

/** The fixture with one file's text edited. */
function fixtureWith(kind: CsvFileKind, edit: (text: string) => string): Files {
  const files = readFixture();
  const text = files[kind]?.toString() ?? "";
  const edited = edit(text);
  if (edited === text) throw new Error(`the edit changed nothing in ${kind}`);
  return { ...files, [kind]: Buffer.from(edited) };
}

/** W2's session of 5 March takes 50 minutes instead of 45. */
const w2SessionLonger = () =>
  fixtureWith("supervisions", (t) =>
    t.replace("W2,2024-03-05,M1,formal,45", "W2,2024-03-05,M1,formal,50"),
  );

const w2Session: StoredRecord = {
  kind: "supervision",
  record: {
    staffId: "W2",
    date: "2024-03-05",
    supervisorId: "M1",
    type: "formal",
    durationMinutes: 45,
  },
};

describe("what an import reads", () => {
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;

  const run = (table: Pick<Table, "store" | "imports">, contents: Files, dryRun = false) =>
    importFiles(
      { contents, source: "test", dryRun },
      { ...table, config: testConfig, nowMs: () => FIXTURE_NOW, lockTiming: LOCK },
    );

  /** The import's result with the items its store read. */
  const counted = async (table: Table, contents: Files, dryRun = false) => {
    const before = table.store.readStats().itemsRead;
    const result = await run(table, contents, dryRun);
    if (!result.ok) throw new Error(`import rejected: ${JSON.stringify(result.errors)}`);
    return { ...result, reads: table.store.readStats().itemsRead - before };
  };

  const freshTableWithFixture = async () => {
    const table = await dynamo.newStore();
    expect((await run(table, readFixture())).ok).toBe(true);
    return table;
  };
  const contents = (table: Table) => tableContents(dynamo.documents, table.tableName);

  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => dynamo.close());

  it("writes again the records of someone whose end date changes, so their expiry follows it", async () => {
    const table = await freshTableWithFixture();
    const w6Session = async () =>
      (await contents(table)).find((i) => i.pk === "STAFF#W6" && i.kind === "supervision");
    // W6 left on 5 March 2024: their session expires with them.
    expect((await w6Session())?.expiresAt).toEqual(expect.any(Number));
    // Rehired (no end date): the session must stay, though no row of it changed.
    const rehired = fixtureWith("staff", (t) =>
      t.replace("2021-09-01,2024-03-05,yes", "2021-09-01,,yes"),
    );
    const result = await counted(table, rehired);
    expect(result.counts["supervisions.csv"]).toMatchObject({ added: 0, changed: 0 });
    expect(result.recovered).toBe(0);
    expect((await w6Session())?.expiresAt).toBeUndefined();
  });

  it("reads one item per person to re-import files where nothing changed", async () => {
    const table = await freshTableWithFixture();
    const before = await contents(table);
    const again = await counted(table, readFixture());
    expect(again.reads).toBeLessThanOrEqual(Math.floor(1.1 * PEOPLE));
    expect(again).toMatchObject({ recordsWritten: 0, staffWritten: 0 });
    expect(again.counts["supervisions.csv"]).toEqual({ added: 0, changed: 0, unchanged: 13 });
    expect(again.counts["absences.csv"]).toEqual({ added: 0, changed: 0, unchanged: 3 });
    expect(await contents(table)).toEqual(before);
  });

  it("looks up only the changed person's rows of the changed file, and writes the change", async () => {
    const table = await freshTableWithFixture();
    const changed = w2SessionLonger();
    const dryRun = await counted(table, changed, true);
    const result = await counted(table, changed);
    // The roster, then W2's three sessions: nobody else's records, none of W2's other files.
    expect(result.reads).toBe(PEOPLE + 3);
    expect(result.counts["supervisions.csv"]).toEqual({ added: 0, changed: 1, unchanged: 12 });
    expect(result.counts["staff.csv"]).toEqual({ added: 0, changed: 0, unchanged: PEOPLE });
    // The status is written again with W2's new hash, though their facts are the same.
    expect(result).toMatchObject({ recordsWritten: 1, staffWritten: 1 });
    expect(dryRun.counts).toEqual(result.counts);
    expect(dryRun.reads).toBe(result.reads);
    const stored = await table.store.findRecords([w2Session]);
    expect(stored.get("W2|SUP#2024-03-05#formal#M1")?.record).toMatchObject({
      durationMinutes: 50,
    });
    // The new hash describes what is stored now: the same files again read the roster alone,
    expect((await counted(table, changed)).reads).toBe(PEOPLE);
    // and the export before the change is a change again (back to 45 minutes).
    const back = await counted(table, readFixture());
    expect(back.counts["supervisions.csv"]).toEqual({ added: 0, changed: 1, unchanged: 12 });
    expect(back.reads).toBe(PEOPLE + 3);
  });

  it("reads no records for a changed staff row, and writes only that status", async () => {
    const table = await freshTableWithFixture();
    const before = await contents(table);
    const changed = fixtureWith("staff", (t) =>
      t.replace("w1@example.gov.uk", "ali.patel@example.gov.uk"),
    );
    const result = await counted(table, changed);
    expect(result.reads).toBe(PEOPLE);
    expect(result.counts["staff.csv"]).toEqual({ added: 0, changed: 1, unchanged: PEOPLE - 1 });
    expect(result).toMatchObject({ recordsWritten: 0, staffWritten: 1 });
    const after = await contents(table);
    const differs = after.filter((item, i) => JSON.stringify(item) !== JSON.stringify(before[i]));
    expect(differs.map((i) => `${i.pk}|${i.sk}`)).toEqual([`STAFF#W1|${STATUS_SK}`]);
    // W1's hashes went along with the new profile: still nothing to look up next time.
    expect((await counted(table, changed)).reads).toBe(PEOPLE);
  });

  it("changes nothing for an incremental export, a subset of what is stored", async () => {
    const table = await freshTableWithFixture();
    const before = await contents(table);
    // W2's newest session only, as an export of "what is new" would have it.
    const incremental = fixtureWith("supervisions", (t) =>
      t.replace("W2,2024-02-27,M1,formal,45\n", "").replace("W2,2024-03-05,M1,formal,45\n", ""),
    );
    const result = await counted(table, incremental);
    expect(result.counts["supervisions.csv"]).toEqual({ added: 0, changed: 0, unchanged: 11 });
    expect(result).toMatchObject({ recordsWritten: 0, staffWritten: 0 });
    expect(result.reads).toBe(PEOPLE + 1);
    expect(await contents(table)).toEqual(before);
    // W2 keeps the full export's hash: the full export still reads the roster alone.
    expect((await counted(table, readFixture())).reads).toBe(PEOPLE);
  });

  it("imports over status items written before imports kept hashes, and adds them", async () => {
    const table = await freshTableWithFixture();
    // The table as an earlier version left it: status items without hashes.
    const { Items = [] } = await dynamo.documents.send(
      new ScanCommand({ TableName: table.tableName }),
    );
    const statuses = Items.filter((i) => i.sk === STATUS_SK);
    // (Someone with no rows in any record file has none to keep.)
    expect(statuses.filter((i) => i.importHashes !== undefined).length).toBeGreaterThan(5);
    for (const item of statuses) {
      await dynamo.documents.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: "REMOVE importHashes",
        }),
      );
    }
    const changed = w2SessionLonger();
    const result = await counted(table, changed);
    expect(result.counts["supervisions.csv"]).toEqual({ added: 0, changed: 1, unchanged: 12 });
    expect(result.counts["absences.csv"]).toEqual({ added: 0, changed: 0, unchanged: 3 });
    expect(result.recordsWritten).toBe(1);
    // Everyone's records were looked up, as before hashes...
    expect(result.reads).toBeGreaterThan(PEOPLE + 20);
    // ...and the table ends exactly as one import of these files into an empty table leaves it,
    const clean = await dynamo.newStore();
    expect((await run(clean, changed)).ok).toBe(true);
    expect(await contents(table)).toEqual(await contents(clean));
    // so the next import reads the roster alone.
    expect((await counted(table, changed)).reads).toBe(PEOPLE);
  });

  it("looks up an interrupted import's people again, even after a rerun without their file", async () => {
    // The import before: the fixture. The interrupted one changes W2's session; a rerun with
    // staff.csv alone rebuilds W2; then the fixture again must put the 45 minutes back. If W2
    // kept the fixture's hash through the rebuild, that last import would trust it and leave 50.
    const reference = await freshTableWithFixture();
    const expected = await contents(reference);
    let total = Number.POSITIVE_INFINITY;
    for (let budget = 0; budget < total; budget++) {
      const table = await freshTableWithFixture();
      const client = dynamo.newClient();
      const written = crashAfterWrites(client, budget);
      try {
        await importFiles(
          { contents: w2SessionLonger(), source: "test" },
          {
            ...dynamo.openTable(table.tableName, createDocumentClient(client)),
            config: testConfig,
            nowMs: () => FIXTURE_NOW,
            lockTiming: LOCK,
            lockIdentity: playingACrashedProcess(),
          },
        );
        total = written(); // not crashed: every budget from here on crashes nowhere
      } catch (error) {
        expect(error).toBeInstanceOf(InjectedCrash);
      } finally {
        client.destroy();
      }
      const rerun = (files: Files) =>
        importFiles(
          { contents: files, source: "test" },
          {
            ...table,
            config: testConfig,
            nowMs: () => FIXTURE_NOW,
            lockTiming: LOCK,
            lockIdentity: afterTheCrash,
          },
        );
      expect((await rerun({ staff: readFixture().staff as Buffer })).ok).toBe(true);
      expect((await rerun(readFixture())).ok).toBe(true);
      expect(await contents(table), `crash after ${budget} writes`).toEqual(expected);
    }
    expect(total).toBeGreaterThan(3);
  }, 120_000);
});
