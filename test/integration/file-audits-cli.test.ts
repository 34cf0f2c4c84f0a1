import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord, StaffMember } from "../../shared/domain/records";
import { type ImportRecords, toCsv } from "../../shared/import/write-csv";
import { cliInProcess } from "../helpers/cli-process";
import { aPerson } from "../helpers/people";

/**
 * The "done when", through the command line as an admin runs it, on the embedded
 * DynamoDB and the SES emulator, with the local stage's settings (monthly audits recorded
 * from January 2025): importing audits changes status, reminders and the digest; a service
 * manager who misses a month is reminded, then escalated; a file graded Requires Improvement
 * with an action date gives its supervisor an audit action that a later Good audit closes.
 */

const person = (staffId: string, overrides: Partial<StaffMember>): StaffMember =>
  aPerson({
    staffId,
    name: `${staffId} Person`,
    email: `${staffId.toLowerCase()}@example.gov.uk`,
    startDate: "2016-01-01",
    team: "Team A",
    service: "Service X",
    ...overrides,
  });

const staff: StaffMember[] = [
  person("HOS1", { role: "head_of_service", supervisorId: undefined, operational: false }),
  person("SM1", { role: "service_manager", supervisorId: "HOS1", operational: false }),
  person("QA1", { role: "principal_social_worker", supervisorId: "HOS1", operational: false }),
  person("TM1", { role: "team_manager", supervisorId: "SM1", operational: false }),
  person("W1", { supervisorId: "TM1", name: "Wren Audited" }),
  person("W2", { supervisorId: "TM1" }),
];

/** April's monthly audit: W1's file, Requires Improvement, actions due Friday 16 May 2025. */
const april: AuditRecord = {
  staffId: "W1",
  date: "2025-04-10",
  auditorId: "SM1",
  kind: "monthly",
  grade: "requires_improvement",
  scores: { q1: 3, q2: 4, q12: 3 },
  fileComplete: false,
  actionsDueDate: "2025-05-16",
};
/** July: the QA manager grades W1's file Good; SM1 audits W2's file at last. */
const july: AuditRecord[] = [
  { staffId: "W1", date: "2025-07-08", auditorId: "QA1", kind: "quarterly", grade: "good" },
  { staffId: "W2", date: "2025-07-09", auditorId: "SM1", kind: "monthly", grade: "outstanding" },
];

function writeExport(dir: string, audits: AuditRecord[]) {
  mkdirSync(dir, { recursive: true });
  const records: ImportRecords = {
    staff,
    supervisions: [],
    absences: [],
    agreements: [],
    appraisals: [],
    training: [],
    audits,
  };
  for (const kind of ["staff", "audits"] as const) {
    writeFileSync(join(dir, `${kind}.csv`), toCsv(kind, records[kind] as never[]));
  }
}

interface StatusJson {
  obligations: {
    staffId: string;
    supervisorId: string | null;
    kind: string;
    stage: string;
    dueDate: string;
  }[];
}

describe("file audits, from import to digest, on the command line", () => {
  let root: string;
  let dataDir: string;
  const cli = (today: string, ...args: string[]) =>
    cliInProcess({ DATA_DIR: dataDir, SUPERVISION_TODAY: today }, ...args);
  const audits = async (date: string) => {
    const run = await cli(date, "status", "--date", date, "--json");
    expect(run.code).toBe(0);
    return (JSON.parse(run.stdout) as StatusJson).obligations.filter(
      (o) => o.kind === "file_audit" || o.kind === "audit_action",
    );
  };
  /**
   * What each email the emulator sent on `date` says, as its reader sees it (the HTML copy
   * with its tags dropped), by its tag: `<staff id>-reminder`, `<staff id>-escalation`.
   */
  const emailsOn = (date: string): Map<string, string> => {
    const dir = join(dataDir, "outbox", date);
    const byTag = new Map<string, string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".html"))) {
      const html = readFileSync(join(dir, file), "utf8");
      const text = html
        .replace(/<style[\s\S]*?<\/style>/g, " ")
        .replace(/<[^>]+>/g, " ")
        .replace(/&nbsp;|&#160;/g, " ")
        .replace(/&amp;/g, "&")
        .replace(/\s+/g, " ");
      byTag.set(file.replace(/\.html$/, ""), text);
    }
    return byTag;
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "supervision-audits-"));
    dataDir = join(root, "data");
    writeExport(join(root, "april"), [april]);
    const run = await cli("2025-04-30", "import", join(root, "april"));
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("audits.csv: 1 added");
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("status: the action falls to W1's supervisor; SM1 owes May's audit, due its last working day", async () => {
    expect(await audits("2025-05-09")).toEqual([
      {
        staffId: "W1",
        supervisorId: "TM1",
        kind: "audit_action",
        stage: "due_soon",
        dueDate: "2025-05-16",
      },
    ]);
    expect(await audits("2025-05-23")).toEqual([
      {
        staffId: "SM1",
        supervisorId: "SM1",
        kind: "file_audit",
        stage: "due_soon",
        dueDate: "2025-05-30",
      },
      {
        staffId: "W1",
        supervisorId: "TM1",
        kind: "audit_action",
        stage: "overdue",
        dueDate: "2025-05-16",
      },
    ]);
    const lastDay = await audits("2025-05-30");
    expect(lastDay.find((o) => o.kind === "file_audit")?.stage).toBe("due");
    const dayAfter = await audits("2025-05-31");
    expect(dayAfter.find((o) => o.kind === "file_audit")?.stage).toBe("overdue");
    // Escalated 28 days after the action date; May's audit once June's last working day passes.
    expect((await audits("2025-06-12")).find((o) => o.kind === "audit_action")?.stage).toBe(
      "overdue",
    );
    expect((await audits("2025-06-13")).find((o) => o.kind === "audit_action")?.stage).toBe(
      "escalated",
    );
    expect((await audits("2025-06-30")).find((o) => o.kind === "file_audit")?.stage).toBe(
      "overdue",
    );
    expect((await audits("2025-07-01")).find((o) => o.kind === "file_audit")?.stage).toBe(
      "escalated",
    );
  }, 60_000);

  it("reminds SM1 of their own audit and TM1 of the actions; then escalates each a level up", async () => {
    // April's digest (sent 1 May) draws each service manager's file for May.
    expect((await cli("2025-05-01", "digest", "--month", "2025-04")).code).toBe(0);
    const monday = await cli("2025-06-02", "remind", "--date", "2025-06-02");
    expect(monday.code).toBe(0);
    const june2 = emailsOn("2025-06-02");
    const toManager = june2.get("SM1-reminder") ?? "";
    expect(toManager).toMatch(/file audit/i);
    expect(toManager).toMatch(/May 2025/);
    // Behind with May on 2 June, with no draw for June yet (May's digest has not been run):
    // May's file is named, and one audit now settles it.
    expect(toManager).toMatch(
      /File drawn for you for May 2025: (Wren Audited|W2 Person) ?, Team A\. One audit in June 2025 settles the months missed\./,
    );
    const toSupervisor = june2.get("TM1-reminder") ?? "";
    expect(toSupervisor).toMatch(/audit action/i);
    expect(toSupervisor).toContain("Wren Audited");
    // Everyone's supervision and training are long past the limit here (no sessions on
    // record), so escalations go every Monday; what matters is what they say of audits.
    expect(june2.get("SM1-escalation") ?? "").not.toMatch(/audit action/i);

    // The action past its limit on Friday 13 June: SM1 (TM1's manager) hears on the Monday.
    await cli("2025-06-16", "remind", "--date", "2025-06-16");
    const june16 = emailsOn("2025-06-16");
    expect(june16.get("SM1-escalation") ?? "").toMatch(/audit action/i);
    expect(june16.get("HOS1-escalation") ?? "").not.toMatch(/file audit/i);

    // Two months without an audit by 1 July: the head of service hears on Monday 7 July.
    await cli("2025-07-07", "remind", "--date", "2025-07-07");
    const toHead = emailsOn("2025-07-07").get("HOS1-escalation") ?? "";
    expect(toHead).toMatch(/file audit/i);
    expect(toHead).toContain("SM1 Person");
  }, 120_000);

  it("a later Good audit closes the actions, and SM1's July audit settles what was owed", async () => {
    writeExport(join(root, "july"), [april, ...july]);
    const run = await cli("2025-07-09", "import", join(root, "july"));
    expect(run.stdout).toContain("audits.csv: 2 added, 0 changed, 1 unchanged");
    expect(await audits("2025-07-07")).toHaveLength(2); // what was known then is unchanged
    expect(await audits("2025-07-08")).toEqual([
      {
        staffId: "SM1",
        supervisorId: "SM1",
        kind: "file_audit",
        stage: "escalated",
        dueDate: "2025-05-30",
      },
    ]);
    expect(await audits("2025-07-09")).toEqual([]);
    expect((await audits("2025-08-25")).map((o) => [o.kind, o.dueDate])).toEqual([
      ["file_audit", "2025-08-29"],
    ]);
  }, 60_000);

  it("the digest carries each month's audits block", async () => {
    const digestOf = async (month: string) => {
      const run = await cli("2025-08-01", "digest", "--month", month, "--json");
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout);
    };
    const block = async (month: string) => (await digestOf(month)).audits;
    // June's digest draws the quality-assurance sample for July to September (one of W1, W2).
    const sample: string[] = (await digestOf("2025-06")).audit.qualityAssurance.staffIds;
    expect(sample).toHaveLength(1);
    const zeroGrades = { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 };
    expect(await block("2025-04")).toMatchObject({
      monthly: { due: 1, done: 1 },
      grades: { ...zeroGrades, requires_improvement: 1 },
      goodOrBetter: 0,
      openActions: 1,
      overdueActions: 0,
    });
    expect(await block("2025-05")).toMatchObject({
      monthly: { due: 1, done: 0 },
      grades: zeroGrades,
      goodOrBetter: null,
      openActions: 1,
      overdueActions: 1,
    });
    const julyBlock = await block("2025-07");
    expect(julyBlock).toMatchObject({
      monthly: { due: 1, done: 1 },
      grades: { ...zeroGrades, good: 1, outstanding: 1 },
      goodOrBetter: 100,
      openActions: 0,
      overdueActions: 0,
    });
    // W1's file had its quarterly audit on 8 July: done only if W1 was the one drawn.
    expect(julyBlock.quarterly).toEqual({ drawn: 1, done: sample.includes("W1") ? 1 : 0 });
  }, 120_000);
});
