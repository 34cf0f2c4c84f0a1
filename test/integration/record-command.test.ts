import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SupervisionFile } from "../../shared/reports/supervision-record";
import { cliInProcess } from "../helpers/cli-process";

/**
 * One social worker with a full history (test/fixtures/record-person): formal sessions, a group
 * session, a sickness absence, an agreement, an appraisal, a course; their supervision went
 * overdue on 24 February and past the limit on 14 March 2024, and the real reminder job ran on
 * four days, so the trail holds reminders to their supervisor and an escalation to the head of
 * service. Their name would run script in a page and a formula in a spreadsheet.
 */
const FIXTURE = join(import.meta.dirname, "..", "fixtures", "record-person");
const TODAY = "2024-03-27";
const NAME = "=cmd <script>alert(1)</script> Smith";

describe("record: one person's supervision record", () => {
  let dataDir: string;
  const cli = (...args: string[]) =>
    cliInProcess({ DATA_DIR: dataDir, SUPERVISION_TODAY: TODAY }, ...args);
  const json = async (reader: string, ...more: string[]) => {
    const run = await cli(
      "record",
      "--staff",
      "W1",
      "--reader",
      reader,
      "--format",
      "json",
      ...more,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as SupervisionFile;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "supervision-record-"));
    expect((await cli("import", FIXTURE)).code).toBe(0);
    for (const date of ["2024-03-11", "2024-03-12", "2024-03-18", "2024-03-25"]) {
      const run = await cli("remind", "--date", date, "--json");
      expect(run.code).toBe(0);
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("gives the record as JSON: sessions with gaps, the 12 months, and every telling", async () => {
    const file = await json("M1");
    expect(file.producedFor).toMatchObject({ kind: "supervisor", staffId: "M1" });
    expect([file.producedOn, file.from, file.to]).toEqual([TODAY, "2022-03-27", TODAY]);
    expect(file.profile).toMatchObject({ name: NAME, email: "w1@example.gov.uk" });
    expect(
      file.sessions.map((s) => [s.date, s.type, s.gap?.days, s.gap?.longerThanInterval]),
    ).toEqual([
      ["2023-11-20", "formal", 1414, true],
      ["2023-12-18", "formal", 28, false],
      ["2024-01-08", "formal", 21, false],
      ["2024-01-22", "group", undefined, undefined],
      ["2024-03-20", "formal", 72, true],
    ]);
    expect(file.twelveMonths).toMatchObject({ formalSessions: 4, minimum: 10, belowMinimum: true });
    expect(file.absences).toEqual([
      { startDate: "2024-01-15", endDate: "2024-01-19", days: 5, kind: "sickness" },
    ]);
    expect(file.agreements).toEqual([
      { signedDate: "2023-03-01", supervisor: { staffId: "M1", name: "Mo Manager" } },
    ]);
    expect(file.training).toEqual([
      { date: "2024-02-14", course: "Supervision skills", supervisionCourse: false },
    ]);
    // Due 8 Jan + 28 + 5 days absent; overdue 14 days later; past the two months + 5 days.
    expect(file.obligations.find((o) => o.dueDate === "2024-02-10")).toMatchObject({
      kind: "supervision",
      stages: [
        { stage: "due_soon", from: "2024-02-03" },
        { stage: "due", from: "2024-02-10" },
        { stage: "overdue", from: "2024-02-24" },
        { stage: "escalated", from: "2024-03-14" },
      ],
      end: { on: "2024-03-20", why: "met" },
    });
    const told = file.told.map((t) => [
      t.runDate,
      t.recipient.staffId,
      t.emailKind,
      t.kind,
      t.stage,
      t.told,
    ]);
    expect(told).toEqual([
      ["2024-03-11", "M1", "reminder", "supervision", "overdue", "first"],
      ["2024-03-11", "M1", "reminder", "agreement_review", "overdue", "first"],
      ["2024-03-18", "D1", "escalation", "supervision", "escalated", "first"],
      ["2024-03-18", "M1", "reminder", "supervision", "escalated", "first"],
      ["2024-03-18", "M1", "reminder", "agreement_review", "overdue", "repeated"],
      ["2024-03-25", "M1", "reminder", "agreement_review", "overdue", "repeated"],
    ]);
    expect(file.told[2]).toMatchObject({ recipient: { name: "Dee Head" }, level: 1 });
  });

  it("leaves out what came before --from", async () => {
    const file = await json("hr", "--from", "2024-03-15");
    expect(file.sessions.map((s) => s.date)).toEqual(["2024-03-20"]);
    expect(file.told.map((t) => t.runDate)).toEqual([
      "2024-03-18",
      "2024-03-18",
      "2024-03-18",
      "2024-03-25",
    ]);
    expect(file.absences).toEqual([]);
    expect(file.obligations.find((o) => o.dueDate === "2024-02-10")?.stages).toEqual([
      { stage: "escalated", from: "2024-03-15", alreadyOnFirstDay: true },
    ]);
  });

  it("writes a printable page, everything escaped, and prints where", async () => {
    const run = await cli("record", "--staff", "W1", "--reader", "D1");
    expect(run.code).toBe(0);
    const path = join(dataDir, "records", `W1-${TODAY}.html`);
    expect(run.stdout.trim()).toBe(path);
    const html = readFileSync(path, "utf8");
    expect(html).not.toContain("<script>");
    expect(html).toContain("=cmd &lt;script&gt;alert(1)&lt;/script&gt; Smith");
    expect(html).toContain("a senior manager above their supervisor, Dee Head (D1)");
    expect(html).toContain("@page { size: A4;");
    expect(html).toContain("thead { display: table-header-group; }");
    expect(html).toContain("<strong>Later than due</strong>: due Sat 10 Feb 2024");
    expect(html).toContain("escalation (manager level 1)");
    expect(html).toContain("repeated (first told Mon 11 Mar 2024)");
    expect(html).toContain("sickness");
  });

  it("writes a spreadsheet, a row per event, the name's formula neutralised", async () => {
    const run = await cli("record", "--staff", "W1", "--reader", "W1", "--format", "csv");
    expect(run.code).toBe(0);
    const path = join(dataDir, "records", `W1-${TODAY}.csv`);
    expect(run.stdout.trim()).toBe(path);
    const text = readFileSync(path, "utf8");
    expect(text.startsWith("\uFEFFsection,date,until,what,stage,due_date,who,detail\r\n")).toBe(
      true,
    );
    const rows: string[][] = parse(text, { bom: true, from_line: 2 });
    expect(rows).toContainEqual(["profile", "", "", "name", "", "", "", `'${NAME}`]);
    expect(rows).toContainEqual([
      "record",
      TODAY,
      "",
      "produced for",
      "",
      "",
      "",
      `the supervisee, ${NAME} (W1)`,
    ]);
    const sections = new Set(rows.map((r) => r[0]));
    for (const s of [
      "session",
      "twelve_months",
      "agreement",
      "appraisal",
      "training",
      "absence",
      "obligation",
      "told",
    ]) {
      expect(sections).toContain(s);
    }
    expect(rows).toContainEqual([
      "told",
      "2024-03-18",
      "",
      "Supervision session",
      "Past the policy limit",
      "2024-02-10",
      "Dee Head (D1)",
      "escalation (manager level 1); first told",
    ]);
  });

  it("withholds absence kinds and the email address from an auditor (--json as --format json)", async () => {
    const run = await cli("record", "--staff", "W1", "--reader", "auditor", "--json");
    expect(run.code).toBe(0);
    const file = JSON.parse(run.stdout) as SupervisionFile;
    expect(file.producedFor.kind).toBe("auditor");
    expect(file.profile.email).toBeUndefined();
    expect(file.absences).toEqual([
      { startDate: "2024-01-15", endDate: "2024-01-19", days: 5, kind: "absent" },
    ]);
    const text = JSON.stringify(file);
    expect(text).not.toContain("sickness");
    expect(text).not.toContain("w1@example.gov.uk");
  });

  it("refuses anyone else with exit 2, naming the rule, and writes nothing", async () => {
    const records = join(dataDir, "records");
    const before = existsSync(records) ? readdirSync(records) : [];
    for (const reader of ["W2", "X9"]) {
      const run = await cli("record", "--staff", "W1", "--reader", reader, "--format", "csv");
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("policy 8.4");
    }
    expect(existsSync(records) ? readdirSync(records) : []).toEqual(before);
  });

  it("needs --staff and --reader, and knows nobody not on record", async () => {
    expect((await cli("record", "--staff", "W1")).code).toBe(2);
    expect((await cli("record", "--reader", "hr")).code).toBe(2);
    const unknown = await cli("record", "--staff", "W9", "--reader", "hr");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("No staff record for 'W9'");
  });
});
