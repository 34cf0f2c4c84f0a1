import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readImportFolder } from "../../shared/adapters/s3/s3-import-folder";
import { readImportSources } from "../../shared/cli/read-import-dir";
import type { ImportSources } from "../../shared/import/apply-profile";
import { formatImportError } from "../../shared/import/read-csv";
import type { ImportLedger } from "../../shared/ports/import-ledger";
import type { SupervisionStore } from "../../shared/ports/supervision-store";
import { importFiles } from "../../shared/use-cases/import-files";
import { cliInProcess } from "../helpers/cli-process";
import { readFixture } from "../helpers/fixtures";
import { startLocalS3 } from "../helpers/local-s3";
import { PROFILE_EXAMPLE_DIR, profileExampleFiles } from "../helpers/profile-example";
import { tableContents } from "../helpers/table-contents";
import { FIXTURE_NOW, startTestDynamo, testConfig } from "../helpers/test-dynamo";

/**
 * Issue 13's "done when": a folder holding an HR staff workbook (its own column names and
 * words, real date cells), a case-management supervision log (its own headers, UK dates), the
 * other contract files and a profile imports to exactly what the equivalent contract CSVs
 * store; a profile error and a workbook's data error are each told by path / sheet-row-column.
 */
describe("an export as councils have it, through an import profile (dynalite)", () => {
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  let contract: { store: SupervisionStore; imports: ImportLedger; tableName: string };
  const deps = (t: { store: SupervisionStore; imports: ImportLedger }) => ({
    store: t.store,
    imports: t.imports,
    config: testConfig,
    nowMs: () => FIXTURE_NOW,
  });
  const sourcesOf = (files: Record<string, Buffer>): ImportSources => {
    const { "import-profile.json": profile, ...rest } = files;
    return {
      files: new Map(Object.entries(rest)),
      ...(profile ? { profile: { name: "import-profile.json", content: profile } } : {}),
    };
  };

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    contract = await dynamo.newStore();
    const result = await importFiles(
      { contents: readFixture(), source: "march-2024" },
      deps(contract),
    );
    expect(result.ok).toBe(true);
  });
  afterAll(async () => dynamo.close());

  it("stores exactly what the equivalent contract CSVs store, and records the profile's hash", async () => {
    const table = await dynamo.newStore();
    const sources = readImportSources(PROFILE_EXAMPLE_DIR);
    expect([...sources.files.keys()].sort()).toEqual([
      "HR staff list.xlsx",
      "absences.csv",
      "agreements.csv",
      "appraisals.csv",
      "supervision-log.csv",
      "training.csv",
    ]);
    const result = await importFiles({ sources, source: PROFILE_EXAMPLE_DIR }, deps(table));
    expect(result).toMatchObject({
      ok: true,
      counts: {
        "staff.csv": { added: 10, changed: 0, unchanged: 0 },
        "supervisions.csv": { added: 13, changed: 0, unchanged: 0 },
        "absences.csv": { added: 3, changed: 0, unchanged: 0 },
      },
    });
    expect(await tableContents(dynamo.documents, table.tableName)).toEqual(
      await tableContents(dynamo.documents, contract.tableName),
    );
    const [entry] = await table.imports.listImports(1);
    const profile = readFileSync(join(PROFILE_EXAMPLE_DIR, "import-profile.json"));
    expect(entry).toMatchObject({
      outcome: "applied",
      profile: {
        file: "import-profile.json",
        bytes: profile.length,
        sha256: createHash("sha256").update(profile).digest("hex"),
      },
    });
    expect(entry?.files.map((f) => f.file)).toContain("HR staff list.xlsx");

    // The same export again changes nothing; so does the contract's own export of it.
    const again = await importFiles({ sources, source: PROFILE_EXAMPLE_DIR }, deps(table));
    expect(again.ok && again.counts["staff.csv"]).toEqual({ added: 0, changed: 0, unchanged: 10 });
    const contractAgain = await importFiles({ contents: readFixture(), source: "x" }, deps(table));
    expect(contractAgain.ok && contractAgain.recordsWritten + contractAgain.staffWritten).toBe(0);
  });

  it("a generated copy of the example imports the same (the fixture is what the helper makes)", async () => {
    const table = await dynamo.newStore();
    const result = await importFiles(
      { sources: sourcesOf(await profileExampleFiles()), source: "generated" },
      deps(table),
    );
    expect(result.ok).toBe(true);
    expect(await tableContents(dynamo.documents, table.tableName)).toEqual(
      await tableContents(dynamo.documents, contract.tableName),
    );
  });

  it("a bad profile is refused by JSON path before any data is read, and the refusal recorded", async () => {
    const table = await dynamo.newStore();
    const files = await profileExampleFiles();
    const profile = JSON.parse(files["import-profile.json"]?.toString() ?? "{}");
    profile.dateFormat = "dd/mm/yyyy";
    profile.files.staff.columns.staff_no = "Employee No";
    profile.files.supervisions.values.type["Formal 1:1"] = "one_to_one";
    const result = await importFiles(
      {
        sources: sourcesOf({
          ...files,
          "import-profile.json": Buffer.from(JSON.stringify(profile)),
          // Not a workbook at all: never opened, since the profile is wrong.
          "HR staff list.xlsx": Buffer.from("not a workbook"),
        }),
        source: "bad-profile",
      },
      deps(table),
    );
    expect(!result.ok && result.errors.map(formatImportError)).toEqual([
      'import-profile.json: dateFormat: Invalid option: expected one of "YYYY-MM-DD"|"DD/MM/YYYY"|"D/M/YYYY"',
      expect.stringMatching(
        /^import-profile\.json: files\.staff\.columns\.staff_no: 'staff_no' is not a column of staff\.csv/,
      ),
      "import-profile.json: files.supervisions.values.type[\"Formal 1:1\"]: 'one_to_one' is not one of formal, group, peer",
    ]);
    expect(await tableContents(dynamo.documents, table.tableName)).toEqual([]);
    const [entry] = await table.imports.listImports(1);
    expect(entry).toMatchObject({
      outcome: "rejected",
      errors: 3,
      errorsByRule: { "invalid profile": 3 },
      profile: { file: "import-profile.json" },
    });
  });

  it("a workbook's data errors name the workbook, sheet, Excel row and source column; nothing is written", async () => {
    const table = await dynamo.newStore();
    const files = await profileExampleFiles();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(files["HR staff list.xlsx"] as unknown as ArrayBuffer);
    const staff = book.getWorksheet("Staff") as ExcelJS.Worksheet;
    // Row 4 is W1, row 5 W2 (the header is row 1).
    staff.getCell("L4").value = "31/02/2020"; // Start Date, as text: not a real date
    staff.getCell("E5").value = "Maybe"; // Agency Worker: a word the profile does not map
    staff.getCell("B6").value = { formula: 'CONCAT("Cal ","Agency")' } as ExcelJS.CellFormulaValue;
    const result = await importFiles(
      {
        sources: sourcesOf({
          ...files,
          "HR staff list.xlsx": Buffer.from(await book.xlsx.writeBuffer()),
          "supervision-log.csv": Buffer.from(
            "Worker ID,Session Date,Supervisor ID,Session Type,Minutes\r\nW1,13/02/2024,M1,Formal 1:1,60\r\nW99,2024-02-14,M1,Formal 1:1,60\r\n",
          ),
        }),
        source: "bad-data",
      },
      deps(table),
    );
    expect(!result.ok && result.errors.map(formatImportError)).toEqual([
      "HR staff list.xlsx[Staff]:4: Start Date: '31/02/2020' is not a real date (written DD/MM/YYYY)",
      "HR staff list.xlsx[Staff]:5: Agency Worker: 'Maybe' is not one of permanent, temporary, agency",
      "HR staff list.xlsx[Staff]:6: Full Name: cell B6 is a formula with no saved value (never calculated, or an Excel error such as #N/A): fix it in Excel, let it calculate and save the workbook",
      "supervision-log.csv:3: Session Date: '2024-02-14' is not a date written DD/MM/YYYY (the profile's dateFormat)",
      "supervision-log.csv:3: Worker ID: unknown staff_id 'W99' (not in HR staff list.xlsx[Staff] or the store)",
    ]);
    expect(await tableContents(dynamo.documents, table.tableName)).toEqual([]);
  });

  it("import --dry-run shows each file's mapped header and what it would add or change", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "supervision-profile-cli-"));
    try {
      const run = await cliInProcess(
        { DATA_DIR: dataDir, SUPERVISION_TODAY: "2024-03-20" },
        "import",
        "--dry-run",
        PROFILE_EXAMPLE_DIR,
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout.split("\n").slice(0, 4)).toEqual([
        "Dry run: every row is valid; nothing was written. The import would:",
        "staff.csv from HR staff list.xlsx[Staff]: add 10, change 0, leave 0 unchanged",
        "  Employee No            → staff_id",
        "  Full Name              → name",
      ]);
      expect(run.stdout).toContain(
        [
          "supervisions.csv from supervision-log.csv: add 13, change 0, leave 0 unchanged",
          "  Worker ID     → staff_id",
          "  Session Date  → date",
          "  Supervisor ID → supervisor_id",
          "  Session Type  → type",
          "  Minutes       → duration_minutes",
          "  values mapped: type",
          "  text dates: DD/MM/YYYY",
          "  not read: Case Notes Ref",
          "absences.csv: add 3, change 0, leave 0 unchanged",
        ].join("\n"),
      );
      expect(run.stdout).toContain("  not read: Payroll Ref, Grade\n");

      // --profile names a profile kept elsewhere; a broken one exits 1 naming its path.
      const elsewhere = join(dataDir, "hr-profile.json");
      writeFileSync(elsewhere, JSON.stringify({ files: { staff: { from: "HR staff list.csv" } } }));
      const broken = await cliInProcess(
        { DATA_DIR: dataDir, SUPERVISION_TODAY: "2024-03-20" },
        "import",
        "--dry-run",
        "--profile",
        elsewhere,
        PROFILE_EXAMPLE_DIR,
      );
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain(
        "hr-profile.json: files.staff.from: 'HR staff list.csv' is not in the import folder",
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("works from the bucket unchanged: the profile is uploaded in the folder with the files", async () => {
    const s3 = await startLocalS3("imports");
    try {
      for (const [name, content] of Object.entries(await profileExampleFiles())) {
        await s3.put(`June 2024/${name}`, content);
      }
      await s3.put("June 2024/notes.docx", "not an import file");
      await s3.put("June 2024/READY", "");
      const folder = await readImportFolder(s3.client, "imports", "June 2024", 1_000_000);
      expect(folder.sources.profile?.name).toBe("import-profile.json");
      expect([...folder.sources.files.keys()].sort()).toEqual([
        "HR staff list.xlsx",
        "absences.csv",
        "agreements.csv",
        "appraisals.csv",
        "supervision-log.csv",
        "training.csv",
      ]);
      const table = await dynamo.newStore();
      const result = await importFiles(
        { sources: folder.sources, source: folder.source },
        deps(table),
      );
      expect(result.ok).toBe(true);
      expect(await tableContents(dynamo.documents, table.tableName)).toEqual(
        await tableContents(dynamo.documents, contract.tableName),
      );
    } finally {
      await s3.close();
    }
  });
});
