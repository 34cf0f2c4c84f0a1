import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord, StaffMember } from "../../shared/domain/records";
import { toCsv } from "../../shared/import/write-csv";
import { cliInProcess } from "../helpers/cli-process";
import { aPerson } from "../helpers/people";

/**
 * `digest --json`'s `audits` block through the CLI as an admin runs it (embedded DynamoDB),
 * from an export with audits.csv: the quarter's QA sample is the one the digest before the
 * quarter drew and stored. The months are 2024's, before any stage records monthly audits,
 * so no service manager is due one: the rules for those are the domain's unit tests'.
 */
const person = (staffId: string, overrides: Partial<StaffMember> = {}): StaffMember =>
  aPerson({
    staffId,
    name: `${staffId} Person`,
    email: `${staffId.toLowerCase()}@example.gov.uk`,
    startDate: "2020-01-01",
    supervisorId: "TM1",
    ...overrides,
  });
const manager = { operational: false, team: "Leadership" } as const;
const staff: StaffMember[] = [
  person("HOS1", { ...manager, role: "head_of_service", supervisorId: undefined }),
  person("SM1", { ...manager, role: "service_manager", supervisorId: "HOS1" }),
  person("QA1", { ...manager, role: "principal_social_worker", supervisorId: "HOS1" }),
  person("TM1", { role: "team_manager", operational: false, supervisorId: "SM1" }),
  ...["W1", "W2", "W3"].map((id) => person(id, { team: "Team A" })),
  ...["W4", "W5", "W6"].map((id) => person(id, { team: "Team B" })),
];

const audit = (
  staffId: string,
  date: string,
  grade: AuditRecord["grade"],
  over: Partial<AuditRecord> = {},
): AuditRecord => ({ staffId, date, auditorId: "SM1", kind: "monthly", grade, ...over });
const qa = { auditorId: "QA1", kind: "quarterly" } as const;
const audits: AuditRecord[] = [
  // April: every operational file audited for the quarter (so whichever the March digest
  // drew is done); W1's and W3's graded below Good with actions.
  audit("W1", "2024-04-03", "requires_improvement", { ...qa, actionsDueDate: "2024-04-30" }),
  audit("W2", "2024-04-03", "good", qa),
  audit("W3", "2024-04-04", "inadequate", { ...qa, actionsDueDate: "2024-06-15" }),
  audit("W4", "2024-04-04", "good", qa),
  audit("W5", "2024-04-05", "good", qa),
  audit("W6", "2024-04-05", "good", qa),
  // May: six audits, five Good or better (83.3%); W1's Good closes its April actions; W6's
  // actions fell due the day before the month's end (overdue on 31 May).
  audit("W1", "2024-05-02", "good"),
  audit("W2", "2024-05-31", "outstanding", qa),
  audit("W4", "2024-05-10", "good"),
  audit("W5", "2024-05-13", "good"),
  audit("W5", "2024-05-14", "good", qa),
  audit("W6", "2024-05-20", "inadequate", { actionsDueDate: "2024-05-30" }),
  // The 1st of June is June's, not May's.
  audit("W4", "2024-06-01", "inadequate", { actionsDueDate: "2024-07-01" }),
];

describe("digest --json: the month's file audits", () => {
  let root: string;
  let dataDir: string;
  const cli = (...args: string[]) =>
    cliInProcess({ DATA_DIR: dataDir, SUPERVISION_TODAY: "2024-08-01" }, ...args);
  const digest = async (month: string) => {
    const run = await cli("digest", "--month", month, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout);
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "supervision-digest-audits-"));
    dataDir = join(root, "data");
    const exportDir = join(root, "export");
    mkdirSync(exportDir, { recursive: true });
    writeFileSync(join(exportDir, "staff.csv"), toCsv("staff", staff));
    writeFileSync(join(exportDir, "audits.csv"), toCsv("audits", audits));
    const run = await cli("import", exportDir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("prints the issue's block first, then what the page needs", async () => {
    // March's digest draws April to June's QA sample: a tenth of six, one file.
    const march = await digest("2024-03");
    expect(march.audit.qualityAssurance.staffIds).toHaveLength(1);
    const may = await digest("2024-05");
    expect(Object.keys(may.audits).slice(0, 6)).toEqual([
      "monthly",
      "quarterly",
      "grades",
      "goodOrBetter",
      "openActions",
      "overdueActions",
    ]);
    expect(Object.keys(may.audits.grades)).toEqual([
      "outstanding",
      "good",
      "requires_improvement",
      "inadequate",
    ]);
    expect(may.audits).toMatchObject({
      monthly: { due: 0, done: 0 },
      quarterly: { drawn: 1, done: 1 },
      grades: { outstanding: 1, good: 4, requires_improvement: 0, inadequate: 1 },
      goodOrBetter: 83.3,
      openActions: 2,
      overdueActions: 1,
      target: 80,
      rag: "green",
      quarterFrom: "2024-04",
      byTeam: {
        "Team A": { audits: 2, goodOrBetter: 100, openActions: 1, overdueActions: 0 },
        "Team B": { audits: 4, goodOrBetter: 75, openActions: 1, overdueActions: 1 },
      },
    });
    expect(may.audits.trend).toHaveLength(12);
    expect(may.audits.trend.slice(-3)).toEqual([
      { month: "2024-03", audits: 0, goodOrBetter: null },
      { month: "2024-04", audits: 6, goodOrBetter: 66.7 },
      { month: "2024-05", audits: 6, goodOrBetter: 83.3 },
    ]);
  }, 120_000);

  it("gives goodOrBetter null in a month with no audits, and no sample when none was drawn", async () => {
    // July to September's sample would have come from June's digest, never compiled here.
    const july = await digest("2024-07");
    expect(july.audits).toMatchObject({
      quarterly: { drawn: 0, done: 0 },
      grades: { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 },
      goodOrBetter: null,
      rag: "n/a",
      // W3's April actions (due 15 June), W6's May ones and W4's from 1 June, due 1 July.
      openActions: 3,
      overdueActions: 3,
    });
  }, 120_000);

  it("writes the quality section into the page, the text and the by-team CSV", async () => {
    await digest("2024-05");
    const folder = join(dataDir, "reports", "2024-05");
    const text = readFileSync(join(folder, "digest.txt"), "utf8");
    expect(text).toContain("QUALITY OF SUPERVISION (FILE AUDITS)");
    expect(text).toContain(
      "Files Good or better: 83.3%: ON TARGET (target 80%; near target from 75.0%)",
    );
    expect(text).toContain(
      "Grades of the 6 files audited in May 2024: Outstanding 1, Good 4, Requires Improvement 0, Inadequate 1.",
    );
    expect(text).toContain("Audit actions open on 31 May 2024: 2, 1 overdue.");
    expect(readFileSync(join(folder, "digest.html"), "utf8")).toContain(
      "Quality of supervision (file audits)",
    );
    const rows = parse(readFileSync(join(folder, "by-team.csv")), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(rows.find((r) => r.team === "Team B")).toMatchObject({
      files_audited: "4",
      files_good_or_better_percent: "75",
      audit_actions_open: "1",
      audit_actions_overdue: "1",
    });
  }, 120_000);
});

describe("digest --json where audits are not turned on", () => {
  let root: string;
  let dataDir: string;
  // Staging sets no policy.audits.monthlyFrom; this department has never imported an audit.
  const cli = (...args: string[]) =>
    cliInProcess(
      { DATA_DIR: dataDir, SUPERVISION_TODAY: "2024-08-01" },
      ...args,
      "--stage",
      "staging",
    );

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "supervision-digest-no-audits-"));
    dataDir = join(root, "data");
    const exportDir = join(root, "export");
    mkdirSync(exportDir, { recursive: true });
    writeFileSync(join(exportDir, "staff.csv"), toCsv("staff", staff));
    const run = await cli("import", exportDir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("prints no audits key, and writes the page, text and by-team CSV without the section", async () => {
    const run = await cli("digest", "--month", "2024-05", "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const may = JSON.parse(run.stdout);
    expect(may.overall).toBeDefined();
    expect(may).not.toHaveProperty("audits");
    const folder = join(dataDir, "reports", "2024-05");
    expect(readFileSync(join(folder, "digest.txt"), "utf8")).not.toMatch(
      /QUALITY OF SUPERVISION|Good or better|not recorded here/,
    );
    expect(readFileSync(join(folder, "digest.html"), "utf8")).not.toContain(
      "Quality of supervision",
    );
    const rows = parse(readFileSync(join(folder, "by-team.csv")), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(rows.map((r) => r.team).sort()).toEqual(["Team A", "Team B"]);
    for (const r of rows)
      expect([r.files_audited, r.audit_actions_open, r.service_monthly_audits_due]).toEqual([
        "",
        "",
        "",
      ]);
  }, 120_000);
});
