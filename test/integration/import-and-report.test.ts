import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DynamoDbSupervisionStore } from "../../shared/adapters/dynamodb/dynamodb-supervision-store";
import { computeMonthlyKpi } from "../../shared/domain/monthly-kpi";
import { openObligations } from "../../shared/domain/open-obligations";
import { mergeFacts } from "../../shared/domain/person-facts";
import { emptyFacts } from "../../shared/domain/records";
import { parseFiles } from "../../shared/import/parse-files";
import { locatedRecords } from "../../shared/import/validate-import";
import type { ImportLedger } from "../../shared/ports/import-ledger";
import { buildMonthlyReport } from "../../shared/use-cases/build-monthly-report";
import { buildStatus } from "../../shared/use-cases/build-status";
import { importFiles } from "../../shared/use-cases/import-files";
import { fixtureImport, readFixture } from "../helpers/fixtures";
import { tableContents } from "../helpers/table-contents";
import { FIXTURE_NOW, startTestDynamo, testConfig } from "../helpers/test-dynamo";

const deps = (store: DynamoDbSupervisionStore, imports?: ImportLedger) => ({
  store,
  imports: imports as ImportLedger,
  config: testConfig,
  policy: testConfig.policy,
  calendar: testConfig.calendar,
  factsWindowDays: testConfig.table.factsWindowDays,
  nowMs: () => FIXTURE_NOW,
});

describe("import, status and report through DynamoDB (dynalite)", () => {
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  let store: DynamoDbSupervisionStore;
  let tableName: string;
  let imports: ImportLedger;

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    ({ store, tableName, imports } = await dynamo.newStore());
    const result = await importFiles(fixtureImport(), deps(store, imports));
    expect(result).toMatchObject({
      ok: true,
      counts: {
        "staff.csv": { added: 10, changed: 0, unchanged: 0 },
        "supervisions.csv": { added: 13, changed: 0, unchanged: 0 },
        "absences.csv": { added: 3, changed: 0, unchanged: 0 },
      },
    });
  });
  afterAll(async () => dynamo.close());

  it("computes March 2024's KPI exactly as the KPI is defined", async () => {
    const { kpi } = await buildMonthlyReport("2024-03", deps(store));
    // Due: W1 W2 W3 W5 W8 (W4 away 14 days, W6 left on the 5th, W7 started on the 20th).
    expect(kpi).toEqual({
      month: "2024-03",
      target: 90,
      overall: { due: 5, supervised: 3, compliance: 60 },
      byCategory: {
        qualified: { due: 2, supervised: 1, compliance: 50 },
        nqsw: { due: 1, supervised: 1, compliance: 100 },
        agency: { due: 1, supervised: 1, compliance: 100 },
        other: { due: 1, supervised: 0, compliance: 0 },
      },
      byTeam: {
        "Team A": { due: 2, supervised: 2, compliance: 100 },
        "Team B": { due: 2, supervised: 1, compliance: 50 },
        "Team C": { due: 1, supervised: 0, compliance: 0 },
      },
      byService: {
        "Service X": { due: 4, supervised: 3, compliance: 75 },
        "Service Y": { due: 1, supervised: 0, compliance: 0 },
      },
    });
  });

  it("agrees with the pure KPI over the raw files for every month", async () => {
    const parsed = parseFiles(readFixture());
    const roster = (parsed.files.staff ?? []).map((r) => r.record);
    const absences = (parsed.files.absences ?? []).map((r) => r.record);
    const supervisions = (parsed.files.supervisions ?? []).map((r) => r.record);
    for (const month of ["2024-01", "2024-02", "2024-03", "2024-04"]) {
      const expected = computeMonthlyKpi(
        { month, roster, absences, supervisions },
        testConfig.policy.kpi,
      );
      expect((await buildMonthlyReport(month, deps(store))).kpi).toEqual(expected);
      // The same from the month's own records, as a month older than the facts window is read.
      const fromRecords = { ...deps(store), factsWindowDays: 0 };
      expect((await buildMonthlyReport(month, fromRecords)).kpi).toEqual(expected);
    }
  });

  it("lists open obligations on a date to the day", async () => {
    const { obligations } = await buildStatus("2024-03-20", deps(store));
    const find = (staffId: string, kind: string) =>
      obligations.find((o) => o.staffId === staffId && o.kind === kind);
    expect(find("W5", "supervision")).toMatchObject({ stage: "paused", dueDate: "2024-02-26" });
    expect(find("W5", "agreement")).toMatchObject({ stage: "paused", dueDate: "2024-02-29" });
    expect(find("W2", "supervision")).toMatchObject({ stage: "due_soon", dueDate: "2024-03-26" });
    expect(find("W3", "supervision")).toMatchObject({
      stage: "overdue",
      dueDate: "2024-02-29",
      supervisorId: "M1",
    });
    expect(find("W8", "supervision")).toMatchObject({ stage: "due", dueDate: "2024-03-13" });
    expect(find("M2", "training")).toMatchObject({
      stage: "escalated",
      dueDate: "2012-10-01",
      supervisorId: undefined,
    });
    expect(find("M1", "training")).toBeUndefined();
    expect(find("W7", "supervision")).toBeUndefined();
    expect(obligations.some((o) => o.staffId === "W6")).toBe(false);
    expect(obligations.every((o) => o.stage !== "not_due")).toBe(true);
  });

  it("agrees with the pure engine over the raw files", async () => {
    const parsed = parseFiles(readFixture());
    const records = locatedRecords(parsed.files).map((r) => r.record);
    const roster = (parsed.files.staff ?? []).map((r) => ({
      person: r.record,
      facts: mergeFacts(
        emptyFacts(),
        records.filter((x) => x.record.staffId === r.record.staffId),
        3650,
      ),
    }));
    for (const date of ["2024-02-01", "2024-03-04", "2024-03-20", "2024-06-30"]) {
      const expected = openObligations(
        date,
        roster.filter((s) => !s.person.endDate || s.person.endDate >= date),
        testConfig.policy,
        testConfig.calendar,
      );
      expect((await buildStatus(date, deps(store))).obligations).toEqual(expected);
    }
  });

  it("reads one status item per person on the roster for the status and the report", async () => {
    const before = store.readStats().itemsRead;
    await buildStatus("2024-03-20", deps(store));
    const statusReads = store.readStats().itemsRead - before;
    expect(statusReads).toBe(9); // W6 left on 5 March: not read.
    const beforeReport = store.readStats().itemsRead;
    await buildMonthlyReport("2024-03", deps(store));
    // 10 people employed some time in March: their status items carry March's sessions and
    // absences, so nothing else is read.
    expect(store.readStats().itemsRead - beforeReport).toBe(10);
    // A month the facts may no longer hold in full also reads its records: 4 formal sessions
    // in March (the group session is not indexed) and 3 absences touching March.
    const beforeOld = store.readStats().itemsRead;
    await buildMonthlyReport("2024-03", { ...deps(store), factsWindowDays: 0 });
    expect(store.readStats().itemsRead - beforeOld).toBe(10 + 4 + 3);
  });

  it("changes nothing when the same files are imported again", async () => {
    const before = await tableContents(dynamo.documents, tableName);
    const again = await importFiles(fixtureImport(), deps(store, imports));
    expect(again).toMatchObject({ ok: true, recordsWritten: 0, staffWritten: 0 });
    if (!again.ok) return;
    for (const counts of Object.values(again.counts)) expect(counts.added + counts.changed).toBe(0);
    expect(await tableContents(dynamo.documents, tableName)).toEqual(before);
  });

  it("rejects a file with errors and leaves the store exactly as it was", async () => {
    const before = await tableContents(dynamo.documents, tableName);
    const files = readFixture();
    files.supervisions = Buffer.from(
      `${files.supervisions?.toString()}W1,2024-04-09,M1,formal,60\nW1,2024-04-31,M1,formal,60\nNOBODY,2024-04-10,M1,formal,60\n`,
    );
    const result = await importFiles({ contents: files, source: "test" }, deps(store, imports));
    expect(result).toEqual({
      ok: false,
      importId: expect.any(String),
      errors: [
        {
          file: "supervisions.csv",
          line: 16,
          column: "date",
          message: "'2024-04-31' is not a real date written YYYY-MM-DD",
          rule: "invalid date",
        },
        {
          file: "supervisions.csv",
          line: 17,
          column: "staff_id",
          message: "unknown staff_id 'NOBODY' (not in staff.csv or the store)",
          rule: "unknown staff_id",
        },
      ],
    });
    expect(await tableContents(dynamo.documents, tableName)).toEqual(before);
  });

  it("counts a changed row as changed and moves the person's status with it", async () => {
    const staff =
      readFixture().staff?.toString().replace("w1@example.gov.uk", "ali.patel@example.gov.uk") ??
      "";
    const supervisions =
      "staff_id,date,supervisor_id,type,duration_minutes\nW3,2024-03-28,M1,formal,60\nW3,2024-04-02,M1,formal,60\n";
    const result = await importFiles(
      {
        contents: { staff: Buffer.from(staff), supervisions: Buffer.from(supervisions) },
        source: "test",
      },
      deps(store, imports),
    );
    expect(result).toMatchObject({
      ok: true,
      counts: {
        "staff.csv": { added: 0, changed: 1, unchanged: 9 },
        "supervisions.csv": { added: 1, changed: 1, unchanged: 0 },
      },
      staffWritten: 2,
    });
    const { obligations } = await buildStatus("2024-04-25", deps(store));
    expect(obligations.find((o) => o.staffId === "W3" && o.kind === "supervision")).toMatchObject({
      dueDate: "2024-04-30",
      stage: "due_soon",
    });
    const roster = await store.listStaff();
    expect(roster.find((s) => s.person.staffId === "W1")?.person.email).toBe(
      "ali.patel@example.gov.uk",
    );
  });
});

describe("retention of leavers (TTL)", () => {
  it("expires a leaver's items after the configured time, and reads leave them out before DynamoDB deletes them", async () => {
    const dynamo = await startTestDynamo();
    try {
      const { tableName, imports } = await dynamo.newStore();
      let now = Date.parse("2024-06-01T00:00:00Z");
      const { DynamoDbSupervisionStore } = await import(
        "../../shared/adapters/dynamodb/dynamodb-supervision-store"
      );
      const store = new DynamoDbSupervisionStore({
        client: dynamo.documents,
        tableName,
        keepAfterLeavingDays: 730,
        nowMs: () => now,
      });
      expect(
        (
          await importFiles(fixtureImport(), {
            store,
            imports,
            config: testConfig,
            nowMs: () => now,
          })
        ).ok,
      ).toBe(true);
      const items = await tableContents(dynamo.documents, tableName);
      const leaver = items.find((i) => i.pk === "STAFF#W6" && i.sk === "STATUS");
      expect(leaver?.expiresAt).toBe(Date.parse("2026-03-05T00:00:00Z") / 1000); // 5 March 2024 + 730 days
      expect(
        items.find((i) => i.pk === "STAFF#W6" && String(i.sk).startsWith("SUP#"))?.expiresAt,
      ).toBe(leaver?.expiresAt);
      expect(
        items.find((i) => i.pk === "STAFF#W1" && i.sk === "STATUS")?.expiresAt,
      ).toBeUndefined();
      expect((await store.listStaff()).some((s) => s.person.staffId === "W6")).toBe(true);
      now = Date.parse("2026-03-06T00:00:00Z");
      expect((await store.listStaff()).some((s) => s.person.staffId === "W6")).toBe(false);
      expect((await store.listStaff()).some((s) => s.person.staffId === "W1")).toBe(true);
    } finally {
      await dynamo.close();
    }
  });
});

describe("imports the department's real exports can produce", () => {
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => dynamo.close());

  const SUPERVISIONS_HEADER = "staff_id,date,supervisor_id,type,duration_minutes";

  it("keeps two sessions on one day as two, changes nothing on re-import, and updates a corrected duration", async () => {
    const target = await dynamo.newStore();
    const run = (supervisions: string) =>
      importFiles(
        {
          contents: { ...readFixture(), supervisions: Buffer.from(supervisions) },
          source: "test",
        },
        { ...target, config: testConfig, nowMs: () => FIXTURE_NOW },
      );
    const day = `${SUPERVISIONS_HEADER}\nW1,2024-03-01,M1,formal,90\nW1,2024-03-01,M1,formal,30\n`;
    expect(await run(day)).toMatchObject({
      ok: true,
      counts: { "supervisions.csv": { added: 2, changed: 0, unchanged: 0 } },
    });
    expect(await run(day)).toMatchObject({
      ok: true,
      counts: { "supervisions.csv": { added: 0, changed: 0, unchanged: 2 } },
      recordsWritten: 0,
    });
    const corrected = day.replace(",30\n", ",45\n");
    expect(await run(corrected)).toMatchObject({
      ok: true,
      counts: { "supervisions.csv": { added: 0, changed: 1, unchanged: 1 } },
    });
    const sessions = (await tableContents(dynamo.documents, target.tableName)).filter(
      (i) => i.pk === "STAFF#W1" && String(i.sk).startsWith("SUP#2024-03-01"),
    );
    expect(
      sessions.map((i) => [i.sk, (i.record as { durationMinutes: number }).durationMinutes]),
    ).toEqual([
      ["SUP#2024-03-01#formal#M1", 90],
      ["SUP#2024-03-01#formal#M1#2", 45],
    ]);
  });

  it("refuses, before writing anything, a person whose status item would pass DynamoDB's item limit", async () => {
    const target = await dynamo.newStore();
    const deps = { ...target, config: testConfig, nowMs: () => FIXTURE_NOW };
    expect((await importFiles(fixtureImport(), deps)).ok).toBe(true);
    const before = await tableContents(dynamo.documents, target.tableName);
    const courses = Array.from(
      { length: 3000 },
      (_, i) => `W2,2024-01-01,${`course ${i} `.padEnd(100, "x")}`,
    );
    const result = await importFiles(
      {
        contents: { training: Buffer.from(["staff_id,date,course", ...courses].join("\n")) },
        source: "test",
      },
      deps,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      file: "training.csv",
      line: 2,
      column: "staff_id",
      rule: "too much history for one person",
    });
    expect(result.errors[0]?.message).toMatch(
      /^'W2' has too much recent history to store \(\d+ KB, at most 350 KB\): \d+ sessions, \d+ absences, 3000 courses; check the export$/,
    );
    expect(await tableContents(dynamo.documents, target.tableName)).toEqual(before);
  });
});
