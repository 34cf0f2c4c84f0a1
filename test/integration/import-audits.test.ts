import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readImportFolder } from "../../shared/adapters/s3/s3-import-folder";
import type { CommandContext } from "../../shared/cli/commands/command-context";
import { statusCommand } from "../../shared/cli/commands/status-command";
import { parseAppConfig } from "../../shared/config/app-config";
import type { AuditFact } from "../../shared/domain/records";
import { CSV_FILE_NAMES, type CsvFileKind } from "../../shared/import/csv-files";
import type { EmailSender, OutgoingEmail } from "../../shared/ports/email-sender";
import type { SupervisionFile } from "../../shared/reports/supervision-record";
import { buildStatus } from "../../shared/use-cases/build-status";
import { importFiles } from "../../shared/use-cases/import-files";
import { importFromFolder } from "../../shared/use-cases/import-from-folder";
import { cliInProcess } from "../helpers/cli-process";
import { MARCH_2024_DIR, readFixture } from "../helpers/fixtures";
import { startLocalS3 } from "../helpers/local-s3";
import { tableContents } from "../helpers/table-contents";
import { FIXTURE_NOW, startTestDynamo, testConfig } from "../helpers/test-dynamo";

/**
 * audits.csv through the real import on the embedded DynamoDB, with the sample export's staff
 * (M2 the service manager, M1 the team manager, W1…W8 social workers): each audit stored under
 * the audited person and on their status; the same file again writes nothing; one bad row and
 * nothing at all is written. Then from a folder of the bucket, and from the command line.
 */

const QUESTIONS = Array.from({ length: 12 }, (_, i) => `q${i + 1}`);
const HEADER = [
  "staff_id",
  "date",
  "auditor_id",
  "kind",
  "grade",
  ...QUESTIONS,
  "file_complete",
  "actions_due_date",
].join(",");
const blanks = (n: number) => ",".repeat(n - 1);
/** W1's file graded good by M2 in February; W3's below Good with actions; W2's by M1, quarterly. */
const ROWS = [
  "W1,2024-02-28,M2,monthly,good,1,2,1,2,1,1,2,1,1,2,1,1,yes,",
  `W3,2024-03-27,M2,monthly,requires_improvement,${blanks(12)},no,2024-04-30`,
  `W2,2024-03-15,M1,quarterly,outstanding,${blanks(12)},,`,
];
const auditsCsv = (...rows: string[]) => Buffer.from(`${HEADER}\r\n${rows.join("\r\n")}\r\n`);

/** Held to monthly audits from February 2024, so the service manager's own shows in status. */
const config = parseAppConfig(
  { stage: "test", region: "eu-west-2", policy: { audits: { monthlyFrom: "2024-02" } } },
  "test",
);

describe("audits.csv through the import, on DynamoDB (dynalite)", () => {
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  let target: Awaited<ReturnType<typeof dynamo.newStore>>;
  const deps = () => ({ ...target, config, nowMs: () => FIXTURE_NOW });
  const run = (contents: Partial<Record<CsvFileKind, Buffer>>, dryRun = false) =>
    importFiles({ contents, source: "test", dryRun }, deps());
  const table = () => tableContents(dynamo.documents, target.tableName);

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    target = await dynamo.newStore();
  });
  afterAll(async () => dynamo.close());

  it("dry run: counts the audits and writes nothing", async () => {
    const dry = await run({ ...readFixture(), audits: auditsCsv(...ROWS) }, true);
    expect(dry).toMatchObject({
      ok: true,
      dryRun: true,
      counts: { "audits.csv": { added: 3, changed: 0, unchanged: 0 } },
    });
    expect(await table()).toEqual([]);
  });

  it("stores each audit under the audited person and merges it into their status", async () => {
    // The auditors are known through this import's own staff.csv: nobody is in the store yet.
    const result = await run({ ...readFixture(), audits: auditsCsv(...ROWS) });
    expect(result).toMatchObject({
      ok: true,
      counts: {
        "staff.csv": { added: 10 },
        "audits.csv": { added: 3, changed: 0, unchanged: 0 },
      },
    });
    const items = await table();
    expect(items.filter((i) => String(i.sk).startsWith("AUD#"))).toEqual([
      {
        pk: "STAFF#W1",
        sk: "AUD#2024-02-28#monthly#M2",
        kind: "audit",
        record: {
          staffId: "W1",
          date: "2024-02-28",
          auditorId: "M2",
          kind: "monthly",
          grade: "good",
          scores: {
            q1: 1,
            q2: 2,
            q3: 1,
            q4: 2,
            q5: 1,
            q6: 1,
            q7: 2,
            q8: 1,
            q9: 1,
            q10: 2,
            q11: 1,
            q12: 1,
          },
          fileComplete: true,
        },
      },
      {
        pk: "STAFF#W2",
        sk: "AUD#2024-03-15#quarterly#M1",
        kind: "audit",
        record: {
          staffId: "W2",
          date: "2024-03-15",
          auditorId: "M1",
          kind: "quarterly",
          grade: "outstanding",
        },
      },
      {
        pk: "STAFF#W3",
        sk: "AUD#2024-03-27#monthly#M2",
        kind: "audit",
        record: {
          staffId: "W3",
          date: "2024-03-27",
          auditorId: "M2",
          kind: "monthly",
          grade: "requires_improvement",
          fileComplete: false,
          actionsDueDate: "2024-04-30",
        },
      },
    ]);
    const auditsOf = (id: string) =>
      (
        items.find((i) => i.pk === `STAFF#${id}` && i.sk === "STATUS")?.facts as {
          audits?: AuditFact[];
        }
      )?.audits;
    expect(auditsOf("W3")).toEqual([
      {
        date: "2024-03-27",
        auditorId: "M2",
        kind: "monthly",
        grade: "requires_improvement",
        actionsDueDate: "2024-04-30",
      },
    ]);
    expect(auditsOf("W1")).toEqual([
      { date: "2024-02-28", auditorId: "M2", kind: "monthly", grade: "good" },
    ]);
    // The auditor's own status holds no audit: the audits are of others' files.
    expect(auditsOf("M2")).toEqual([]);
  });

  it("gives the audit actions to the file's supervisor and the monthly audit to the service manager", async () => {
    const { obligations } = await buildStatus("2024-05-01", { ...target, ...config });
    const audits = obligations.filter((o) => o.kind === "audit_action" || o.kind === "file_audit");
    expect(
      audits.map(({ staffId, supervisorId, kind, stage, dueDate }) => ({
        staffId,
        supervisorId,
        kind,
        stage,
        dueDate,
      })),
    ).toEqual([
      {
        staffId: "W3",
        supervisorId: "M1",
        kind: "audit_action",
        stage: "overdue",
        dueDate: "2024-04-30",
      },
      // The month after M2's latest monthly audit (27 March), due April's last working day.
      {
        staffId: "M2",
        supervisorId: "M2",
        kind: "file_audit",
        stage: "overdue",
        dueDate: "2024-04-30",
      },
    ]);
  });

  it("prints both in status, and in its JSON", async () => {
    const out: string[] = [];
    const ctx = {
      ports: { store: target.store },
      config,
      out: (line: string) => out.push(line),
      err: (line: string) => out.push(`stderr: ${line}`),
    } as unknown as CommandContext;
    expect(await statusCommand("2024-05-01", false, ctx)).toBe(0);
    const text = out.join("\n");
    // Under the service manager: their own audit, among their supervisees' obligations.
    const m2 = text.slice(text.indexOf("\nM2 Morgan Service (Management):")).split("\n\n")[0];
    expect(m2).toContain(
      "  overdue   monthly file audit for April 2024 (their own) — due 2024-04-30, 1 day ago",
    );
    expect(text).toContain(
      "  overdue   monthly file audit for April 2024 (their own) — due 2024-04-30, 1 day ago",
    );
    expect(text).toMatch(
      /\n {2}overdue {3}(file )?audit actions +W3 Cal Agency — due 2024-04-30, 1 day ago\n/,
    );
    out.length = 0;
    expect(await statusCommand("2024-05-01", true, ctx)).toBe(0);
    const json = JSON.parse(out.join(""));
    expect(json.obligations).toContainEqual({
      staffId: "M2",
      supervisorId: "M2",
      kind: "file_audit",
      stage: "overdue",
      dueDate: "2024-04-30",
    });
    expect(json.obligations).toContainEqual({
      staffId: "W3",
      supervisorId: "M1",
      kind: "audit_action",
      stage: "overdue",
      dueDate: "2024-04-30",
    });
  });

  it("writes and looks up nothing when the same file is imported again", async () => {
    const before = await table();
    const reads = target.store.readStats().itemsRead;
    const again = await run({ ...readFixture(), audits: auditsCsv(...ROWS) });
    expect(again).toMatchObject({
      ok: true,
      recordsWritten: 0,
      staffWritten: 0,
      counts: { "audits.csv": { added: 0, changed: 0, unchanged: 3 } },
    });
    // The roster alone (10 status items): every person's audits matched the hash on their status.
    expect(target.store.readStats().itemsRead - reads).toBe(10);
    expect(await table()).toEqual(before);
    // The audits in another order, and one of them twice, are the same rows.
    const shuffled = await run({
      audits: auditsCsv(ROWS[2] ?? "", ROWS[0] ?? "", ROWS[1] ?? "", ROWS[0] ?? ""),
    });
    expect(shuffled).toMatchObject({ ok: true, recordsWritten: 0, staffWritten: 0 });
    expect(await table()).toEqual(before);
  });

  /** One bad row among good ones: nothing at all is written, and the error says where and why. */
  const REFUSED: [
    string,
    string[],
    { line: number; column: string; rule: string; message: string },
  ][] = [
    [
      "an auditor not in the roster",
      [...ROWS, `W4,2024-04-02,QA1,quarterly,good,${blanks(12)},,`],
      {
        line: 5,
        column: "auditor_id",
        rule: "auditor not in roster",
        message: "auditor 'QA1' is not in the roster",
      },
    ],
    [
      "the auditor auditing their own file",
      [...ROWS, `M1,2024-04-02,M1,quarterly,good,${blanks(12)},,`],
      {
        line: 5,
        column: "auditor_id",
        rule: "audits their own file",
        message: "an auditor cannot audit their own file",
      },
    ],
    [
      "an unknown grade",
      [`W4,2024-04-02,M2,monthly,satisfactory,${blanks(12)},,`, ...ROWS],
      {
        line: 2,
        column: "grade",
        rule: "invalid grade",
        message: "the value is not one of outstanding, good, requires_improvement, inadequate",
      },
    ],
    [
      "an unknown kind",
      [...ROWS, `W4,2024-04-02,M2,annual,good,${blanks(12)},,`],
      {
        line: 5,
        column: "kind",
        rule: "invalid kind",
        message: "the value is not one of monthly, quarterly",
      },
    ],
    [
      "a rating of 6",
      [...ROWS, "W4,2024-04-02,M2,monthly,good,1,1,1,1,1,1,6,1,1,1,1,1,,"],
      { line: 5, column: "q7", rule: "invalid q7", message: "the value is not from 1 to 5" },
    ],
    [
      "file_complete = maybe",
      [...ROWS, `W4,2024-04-02,M2,monthly,good,${blanks(12)},maybe,`],
      {
        line: 5,
        column: "file_complete",
        rule: "invalid file_complete",
        message: "the value is not yes or no",
      },
    ],
    [
      "actions due before the audit",
      [...ROWS, `W4,2024-04-02,M2,monthly,inadequate,${blanks(12)},no,2024-04-01`],
      {
        line: 5,
        column: "actions_due_date",
        rule: "actions due before the audit",
        message: "2024-04-01 is before the audit's date 2024-04-02",
      },
    ],
    [
      "actions on a Good file",
      [...ROWS, `W4,2024-04-02,M2,monthly,good,${blanks(12)},yes,2024-05-01`],
      {
        line: 5,
        column: "actions_due_date",
        rule: "actions for a file graded Good or better",
        message:
          "actions are set only for a file graded below Good (this one is good): leave it blank",
      },
    ],
  ];

  it.each(REFUSED)(
    "refuses %s: nothing is written, the error names file, line, column and rule",
    async (_, rows, error) => {
      const before = await table();
      const result = await run({ ...readFixture(), audits: auditsCsv(...rows) });
      expect(result).toEqual({
        ok: false,
        importId: expect.any(String),
        errors: [{ file: "audits.csv", ...error }],
      });
      expect(await table()).toEqual(before);
      const [latest] = await target.imports.listImports(1);
      expect(latest).toMatchObject({
        outcome: "rejected",
        errors: 1,
        errorsByRule: { [error.rule]: 1 },
      });
    },
  );

  it("refuses a notes column on line 1, naming it, and writes nothing", async () => {
    const before = await table();
    for (const column of ["notes", "comments"]) {
      const file = Buffer.from(
        `${HEADER},${column}\n${ROWS.map((r) => `${r},Child seen at home`).join("\n")}\n`,
      );
      const result = await run({ ...readFixture(), audits: file });
      expect(result).toMatchObject({
        ok: false,
        errors: [
          {
            file: "audits.csv",
            line: 1,
            column,
            rule: "column not allowed",
            message: expect.stringMatching(
              /^is not a column of audits\.csv, which takes its own columns only \(.*\): an audit's notes or comments may mention children, which this system never holds; remove the column from the export$/,
            ),
          },
        ],
      });
      // Nothing a note says reaches the errors, and so neither the emails nor the trail.
      expect(JSON.stringify(result)).not.toContain("Child");
    }
    expect(await table()).toEqual(before);
  });

  it("takes an auditor known only to the store, and counts a corrected grade as changed", async () => {
    const corrected = [`W1,2024-02-28,M2,monthly,outstanding,${blanks(12)},yes,`, ...ROWS.slice(1)];
    const result = await run({ audits: auditsCsv(...corrected) });
    expect(result).toMatchObject({
      ok: true,
      counts: { "audits.csv": { added: 0, changed: 1, unchanged: 2 } },
      recordsWritten: 1,
      staffWritten: 1,
    });
    const w1 = (await target.store.listStaff()).find((s) => s.person.staffId === "W1");
    expect(w1?.facts.audits).toEqual([
      { date: "2024-02-28", auditorId: "M2", kind: "monthly", grade: "outstanding" },
    ]);
  });
});

describe("audits.csv from a folder of the import bucket (s3rver)", () => {
  const BUCKET = "supervision-imports";
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  const emails: OutgoingEmail[] = [];
  const mailer: EmailSender = {
    send: async (email) => {
      emails.push(email);
      return { messageId: `m${emails.length}` };
    },
  };

  beforeAll(async () => {
    [dynamo, s3] = await Promise.all([startTestDynamo(), startLocalS3(BUCKET)]);
  });
  afterAll(async () => Promise.all([dynamo.close(), s3.close()]));

  const importFolder = async (
    folder: string,
    files: Partial<Record<CsvFileKind, Buffer | string>>,
    deps: object,
  ) => {
    for (const [kind, body] of Object.entries(files)) {
      await s3.put(`${folder}/${CSV_FILE_NAMES[kind as CsvFileKind]}`, body);
    }
    const found = await readImportFolder(s3.client, BUCKET, folder, 1_000_000);
    return importFromFolder(found, {
      ...(deps as Awaited<ReturnType<typeof dynamo.newStore>>),
      config: testConfig,
      nowMs: () => FIXTURE_NOW,
      mailer,
      notify: ["hr-systems@example.gov.uk"],
      maxFileBytes: 1_000_000,
    });
  };

  it("rejects a folder whose audits.csv has notes, emails the error, then imports it corrected", async () => {
    const target = await dynamo.newStore();
    const withNotes = `${HEADER},Auditor notes\n${ROWS.map((r) => `${r},Child seen at school`).join("\n")}\n`;
    expect(
      await importFolder("imports/audits-notes", { ...readFixture(), audits: withNotes }, target),
    ).toMatchObject({
      ok: false,
      errors: 1,
      notified: 1,
    });
    expect(await tableContents(dynamo.documents, target.tableName)).toEqual([]);
    const rejected = emails.at(-1);
    expect(rejected?.subject).toBe(
      "Import imports/audits-notes: rejected, 1 error(s), nothing changed",
    );
    expect(rejected?.text).toContain("audits.csv:1: Auditor notes: is not a column of audits.csv");
    expect(rejected?.text).not.toContain("Child");

    expect(
      await importFolder(
        "imports/audits",
        { ...readFixture(), audits: auditsCsv(...ROWS) },
        target,
      ),
    ).toMatchObject({
      ok: true,
      notified: 1,
    });
    expect(emails.at(-1)?.text).toContain("audits.csv: 3 added, 0 changed, 0 unchanged");
    const stored = await tableContents(dynamo.documents, target.tableName);
    expect(stored.filter((i) => String(i.sk).startsWith("AUD#"))).toHaveLength(3);
  });

  it("names audits.csv among the files it looks for when a folder has none", async () => {
    const target = await dynamo.newStore();
    await s3.put("imports/empty/README.txt", "nothing here");
    const found = await readImportFolder(s3.client, BUCKET, "imports/empty", 1_000_000);
    expect(
      await importFromFolder(found, {
        ...target,
        config: testConfig,
        mailer,
        notify: ["hr-systems@example.gov.uk"],
        maxFileBytes: 1_000_000,
      }),
    ).toMatchObject({ ok: false, notified: 1 });
    expect(emails.at(-1)?.text).toContain("training.csv or audits.csv");
  });
});

describe("audits from the command line: import, status, record", () => {
  let dataDir: string;
  let exportDir: string;
  const cli = (...args: string[]) =>
    cliInProcess({ DATA_DIR: dataDir, SUPERVISION_TODAY: "2024-05-01" }, ...args);

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "supervision-audits-"));
    exportDir = join(dataDir, "export");
    mkdirSync(exportDir);
    for (const [kind, content] of Object.entries(readFixture(MARCH_2024_DIR))) {
      writeFileSync(join(exportDir, CSV_FILE_NAMES[kind as CsvFileKind]), content);
    }
    writeFileSync(join(exportDir, "audits.csv"), auditsCsv(...ROWS));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("imports audits.csv with the rest, says what it would do first, and a second time changes nothing", async () => {
    const dry = await cli("import", "--dry-run", exportDir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("audits.csv: add 3, change 0, leave 0 unchanged");
    const first = await cli("import", exportDir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("audits.csv: 3 added, 0 changed, 0 unchanged");
    const again = await cli("import", exportDir);
    expect(again.stdout).toContain("audits.csv: 0 added, 0 changed, 3 unchanged");
    const { imports } = JSON.parse((await cli("imports", "--json")).stdout);
    expect(imports[0].files).toContainEqual(expect.objectContaining({ file: "audits.csv" }));
  });

  it("refuses a notes column with exit 1 and the error on stderr", async () => {
    const bad = join(dataDir, "bad");
    mkdirSync(bad);
    writeFileSync(join(bad, "audits.csv"), `${HEADER},notes\n${ROWS[0]},x\n`);
    const run = await cli("import", bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Import rejected: 1 error(s); nothing was changed.");
    expect(run.stderr).toContain("audits.csv:1: notes: is not a column of audits.csv");
  });

  it("lists the audit actions in status, for the file's supervisor", async () => {
    const run = await cli("status", "--date", "2024-05-01");
    expect(run.code).toBe(0);
    const m1 = run.stdout.slice(run.stdout.indexOf("\nM1 ")).split("\n\n")[0];
    expect(m1).toMatch(
      / {2}overdue {3}(file )?audit actions +W3 Cal Agency — due 2024-04-30, 1 day ago/,
    );
  });

  it("puts the audits of their own file on the person's record, and none of others' on the auditor's", async () => {
    const record = async (staff: string, reader: string) => {
      const run = await cli("record", "--staff", staff, "--reader", reader, "--format", "json");
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as SupervisionFile;
    };
    const w3 = await record("W3", "M1");
    expect(w3.audits).toEqual([
      {
        date: "2024-03-27",
        kind: "monthly",
        auditor: { staffId: "M2", name: "Morgan Service" },
        grade: "requires_improvement",
        goodOrBetter: false,
        fileComplete: false,
        actionsDueDate: "2024-04-30",
      },
    ]);
    expect(w3.obligations.find((o) => o.kind === "audit_action")).toMatchObject({
      dueDate: "2024-04-30",
      stages: [
        { stage: "due_soon", from: "2024-04-23" },
        { stage: "due", from: "2024-04-30" },
        { stage: "overdue", from: "2024-05-01" },
      ],
    });
    expect((await record("W1", "auditor")).audits).toHaveLength(1);
    expect((await record("M2", "hr")).audits).toEqual([]);
    const html = await cli("record", "--staff", "W3", "--reader", "hr");
    expect(html.code).toBe(0);
  });
});
