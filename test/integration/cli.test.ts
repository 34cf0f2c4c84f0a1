import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliInProcess, spawnCli } from "../helpers/cli-process";
import { MARCH_2024_DIR } from "../helpers/fixtures";

/** Runs the CLI as `npm run cli` does (in this process), on its own data directory. */
function cli(dataDir: string, ...args: string[]) {
  // The fixture is 2024's: the CLI acts as on 1 June 2024 (retention judged then).
  return cliInProcess({ DATA_DIR: dataDir, SUPERVISION_TODAY: "2024-06-01" }, ...args);
}

describe("the command line", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "supervision-cli-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("imports a folder and says what it added per file", async () => {
    const run = await cli(dataDir, "import", MARCH_2024_DIR);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("staff.csv: 10 added, 0 changed, 0 unchanged");
    expect(run.stdout).toContain("supervisions.csv: 13 added, 0 changed, 0 unchanged");
  });

  it("keeps the data on disk between runs, and a re-import changes nothing", async () => {
    const run = await cli(dataDir, "import", MARCH_2024_DIR);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("staff.csv: 0 added, 0 changed, 10 unchanged");
  });

  it("prints only the KPI JSON with --json", async () => {
    const run = await cli(dataDir, "report", "--month", "2024-03", "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual([
      "month",
      "target",
      "overall",
      "byCategory",
      "byTeam",
      "byService",
    ]);
    expect(json.overall).toEqual({ due: 5, supervised: 3, compliance: 60 });
    expect(json.byTeam["Team C"]).toEqual({ due: 1, supervised: 0, compliance: 0 });
  });

  it("prints compliance null when nobody is due", async () => {
    const json = JSON.parse((await cli(dataDir, "report", "--month", "2010-01", "--json")).stdout);
    expect(json.overall).toEqual({ due: 0, supervised: 0, compliance: null });
  });

  it("prints a readable table by default", async () => {
    const run = await cli(dataDir, "report", "--month", "2024-03");
    expect(run.stdout).toMatch(/All operational staff\s+5\s+3\s+60\.0%\s+Below target/);
    expect(run.stdout).toMatch(/Team A\s+2\s+2\s+100\.0%\s+On target/);
  });

  it("prints open obligations as JSON in the published shape", async () => {
    const run = await cli(dataDir, "status", "--date", "2024-03-20", "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.date).toBe("2024-03-20");
    expect(json.obligations).toContainEqual({
      staffId: "W3",
      supervisorId: "M1",
      kind: "supervision",
      stage: "overdue",
      dueDate: "2024-02-29",
    });
    expect(json.obligations).toContainEqual({
      staffId: "M2",
      supervisorId: null,
      kind: "training",
      stage: "escalated",
      dueDate: "2012-10-01",
    });
    for (const o of json.obligations) {
      expect(Object.keys(o)).toEqual(["staffId", "supervisorId", "kind", "stage", "dueDate"]);
      expect(o.stage).not.toBe("not_due");
    }
  });

  it("rejects a bad import with every error, exit code 1, and nothing changed", async () => {
    const bad = mkdtempSync(join(tmpdir(), "supervision-bad-"));
    cpSync(MARCH_2024_DIR, bad, { recursive: true });
    writeFileSync(join(bad, "appraisals.csv"), "staff_id,date\nW1,2024-02-30\nW99,2024-01-01\n");
    const before = (await cli(dataDir, "status", "--date", "2024-03-20", "--json")).stdout;
    const run = await cli(dataDir, "import", bad);
    rmSync(bad, { recursive: true, force: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "appraisals.csv:2: date: '2024-02-30' is not a real date written YYYY-MM-DD",
    );
    expect(run.stderr).toContain("appraisals.csv:3: staff_id: unknown staff_id 'W99'");
    expect(run.stderr).toContain("nothing was changed");
    expect((await cli(dataDir, "status", "--date", "2024-03-20", "--json")).stdout).toBe(before);
  });

  it("runs a day's reminders once: the second run for the same date sends nothing", async () => {
    const first = await cli(dataDir, "remind", "--date", "2024-03-20", "--json");
    expect(first.stderr).toBe("");
    const json = JSON.parse(first.stdout);
    expect(Object.keys(json)).toEqual([
      "date",
      "sent",
      "failed",
      "skipped",
      "recipients",
      "undeliverable",
      "notEvaluated",
      "possibleDuplicates",
      "notArriving",
      "deliveryNotices",
      "complete",
    ]);
    expect(json).toMatchObject({ date: "2024-03-20", failed: 0, complete: true });
    expect(first.code).toBe(0);
    expect(json.sent).toBeGreaterThanOrEqual(2);
    expect(json.sent).toBe(json.recipients);
    const outbox = readdirSync(join(dataDir, "outbox", "2024-03-20"));
    expect(outbox.filter((f) => f.endsWith(".eml"))).toHaveLength(json.sent);
    expect(outbox.filter((f) => f.endsWith(".html"))).toHaveLength(json.sent);
    const again = JSON.parse(
      (await cli(dataDir, "remind", "--date", "2024-03-20", "--json")).stdout,
    );
    expect(again).toEqual({
      date: "2024-03-20",
      sent: 0,
      failed: 0,
      skipped: 0,
      recipients: 0,
      undeliverable: json.undeliverable,
      notEvaluated: 0,
      possibleDuplicates: 0,
      notArriving: 0,
      deliveryNotices: 0,
      complete: true,
    });
  });

  it("sends nothing on a Saturday and says why", async () => {
    const run = await cli(dataDir, "remind", "--date", "2024-03-23");
    expect(run.stdout).toContain("not a working day");
  });

  it("lists what was sent about a person, and to a recipient, with the day each item was first told", async () => {
    const about = await cli(dataDir, "sent", "--staff", "W3", "--from", "2024-03-01");
    expect(about.code).toBe(0);
    expect(about.stdout).toMatch(
      /W3 Cal Agency: Supervision session, due 2024-02-29\n {2}overdue, to M1 Hughes, Dana \(reminder\): first told 2024-03-20; told 2024-03-20\n/,
    );
    const toM1 = JSON.parse(
      (
        await cli(
          dataDir,
          "sent",
          "--recipient",
          "M1@example.gov.uk",
          "--from",
          "2024-03-01",
          "--json",
        )
      ).stdout,
    );
    expect(toM1.emails.length).toBeGreaterThan(0);
    expect(toM1.emails.every((e: { recipientId: string }) => e.recipientId === "M1")).toBe(true);
    expect(toM1.tellings).toContainEqual(
      expect.objectContaining({ staffId: "W3", stage: "overdue", firstTold: "2024-03-20" }),
    );
    const csv = await cli(
      dataDir,
      "sent",
      "--staff",
      "W3",
      "--from",
      "2024-03-01",
      "--format",
      "csv",
    );
    const [header, ...rows] = csv.stdout
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(header).toBe(
      "run_date,sent_at,email,recipient_id,recipient,staff_id,name,obligation,stage,due_date,first_told,new_or_repeated,message_id,delivery",
    );
    expect(rows.some((r) => r.startsWith("2024-03-20,") && r.includes(",W3,Cal Agency,"))).toBe(
      true,
    );
    // The default range is the 30 days before today: a March email is not in June's.
    expect((await cli(dataDir, "sent", "--staff", "W3")).stdout).toMatch(/: 0 emails/);
  });

  it("writes the month's digest, whose figures are the report's exactly, and sends it once", async () => {
    const report = JSON.parse(
      (await cli(dataDir, "report", "--month", "2024-03", "--json")).stdout,
    );
    const run = await cli(dataDir, "digest", "--month", "2024-03", "--send", "--json");
    expect(run.stderr).toBe("");
    const digest = JSON.parse(run.stdout);
    for (const key of ["month", "target", "overall", "byCategory", "byTeam", "byService"]) {
      expect(digest[key]).toEqual(report[key]);
    }
    const folder = join(dataDir, "reports", "2024-03");
    expect(readdirSync(folder).sort()).toEqual([
      "by-team.csv",
      "digest.html",
      "digest.txt",
      "exceptions.csv",
    ]);
    const csv = readFileSync(join(folder, "by-team.csv"));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString()).toContain("2024-03,Team A,2,2,100,green");
    const again = await cli(dataDir, "digest", "--month", "2024-03", "--send");
    expect(again.stdout).toContain(
      "Digest emails: 0 sent, 0 failed, 1 already sent, to 1 recipient",
    );
  });

  it("explains a wrong command line with exit code 2", async () => {
    const run = await cli(dataDir, "report", "--month", "March");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("report needs --month YYYY-MM");
  });

  it("says an option is missing its value with exit code 2, not a stack trace", async () => {
    const run = await cli(dataDir, "report", "--month");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--month");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("npm start (the demo)", () => {
  it("seeds an empty store, then shows today's obligations and last month's KPI", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "supervision-demo-"));
    try {
      const run = await cli(dataDir, "demo");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Seeded a demo department as of \d{4}-\d{2}-\d{2}: 3\d\d staff/);
      expect(run.stdout).toMatch(/Open obligations on \d{4}-\d{2}-\d{2}: \d+ for \d+ supervisors/);
      const overall = run.stdout.match(/All operational staff\s+(\d+)\s+(\d+)\s+([\d.]+)%/);
      expect(Number(overall?.[1])).toBeGreaterThan(250);
      expect(Number(overall?.[3])).toBeGreaterThanOrEqual(75);
      expect(Number(overall?.[3])).toBeLessThanOrEqual(90);
      expect((await cli(dataDir, "demo")).stdout).toContain("Using the data already in the store");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the CLI as its own process (npm run cli)", () => {
  it("imports, prints to stdout, and sets the exit code from the process", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "supervision-cli-process-"));
    try {
      const env = { DATA_DIR: dataDir, SUPERVISION_TODAY: "2024-06-01" };
      const imported = spawnCli(env, "import", MARCH_2024_DIR);
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain("staff.csv: 10 added, 0 changed, 0 unchanged");
      const wrong = spawnCli(env, "report", "--month", "March");
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain("report needs --month YYYY-MM");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
