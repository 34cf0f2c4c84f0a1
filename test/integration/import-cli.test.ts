import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { generateDepartment } from "../../shared/demo/generate-department";
import { CSV_FILE_NAMES, type CsvFileKind } from "../../shared/import/csv-files";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { spawnCli, standIn, startCli } from "../helpers/cli-process";
import { MARCH_2024_DIR } from "../helpers/fixtures";
import { tableContents } from "../helpers/table-contents";

const TABLE = "supervision-reminders-local";

function writeExport(dir: string, files: Partial<Record<CsvFileKind, Buffer | string>>) {
  mkdirSync(dir, { recursive: true });
  for (const [kind, content] of Object.entries(files)) {
    writeFileSync(join(dir, CSV_FILE_NAMES[kind as CsvFileKind]), content);
  }
  return dir;
}

describe("import from the command line (embedded store)", () => {
  let dataDir: string;
  const cli = (...args: string[]) =>
    spawnCli({ DATA_DIR: dataDir, SUPERVISION_TODAY: "2024-06-01" }, ...args);
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "supervision-import-cli-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("--dry-run says what would change and writes nothing", () => {
    const dry = cli("import", "--dry-run", MARCH_2024_DIR);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Dry run: every row is valid; nothing was written.");
    expect(dry.stdout).toContain("staff.csv: add 10, change 0, leave 0 unchanged");
    const report = JSON.parse(cli("report", "--month", "2024-03", "--json").stdout);
    expect(report.overall).toEqual({ due: 0, supervised: 0, compliance: null });
    expect(JSON.parse(cli("imports", "--json").stdout).imports).toEqual([]);
  });

  it("--dry-run of an invalid export lists the errors and exits 1", () => {
    const dir = writeExport(join(dataDir, "bad"), {
      appraisals: "staff_id,date\nNOBODY,2024-02-30\n",
    });
    const dry = cli("import", "--dry-run", dir);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain(
      "appraisals.csv:2: date: '2024-02-30' is not a real date written YYYY-MM-DD",
    );
  });

  it("records every import in the audit trail: when, from where, file hashes, counts, outcome", () => {
    expect(cli("import", MARCH_2024_DIR).code).toBe(0);
    const bad = writeExport(join(dataDir, "bad2"), {
      appraisals: "staff_id,date\nW1,1850-01-01\n",
    });
    expect(cli("import", bad).code).toBe(1);
    const { imports } = JSON.parse(cli("imports", "--json").stdout);
    expect(imports).toHaveLength(2);
    const [rejected, applied] = imports;
    expect(rejected).toMatchObject({
      source: bad,
      outcome: "rejected",
      errors: 1,
      errorsByRule: { "invalid date": 1 },
      files: [
        { file: "appraisals.csv", bytes: 28, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      ],
    });
    expect(applied).toMatchObject({
      source: MARCH_2024_DIR,
      outcome: "applied",
      counts: { "staff.csv": { added: 10, changed: 0, unchanged: 0 } },
    });
    expect(Date.parse(applied.finishedAt)).toBeGreaterThanOrEqual(Date.parse(applied.startedAt));
    // Identifiers and counts only: no name or address from the files.
    expect(JSON.stringify(imports)).not.toMatch(/example\.gov\.uk|Patel|Hughes/);
    const text = cli("imports");
    expect(text.stdout).toContain("rejected: 1 error(s) (invalid date 1)");
  });

  it("prints the first 100 errors, then counts the rest by rule", () => {
    const rows = Array.from({ length: 150 }, (_, i) => `X${i},2024-01-0${(i % 9) + 1}`);
    const more = Array.from({ length: 30 }, (_, i) => `W1,20240101${i}`);
    const dir = writeExport(join(dataDir, "many"), {
      appraisals: ["staff_id,date", ...rows, ...more].join("\n"),
    });
    const run = cli("import", dir);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toBe("Import rejected: 180 error(s); nothing was changed.");
    expect(lines.filter((l) => /^appraisals\.csv:\d+: /.test(l))).toHaveLength(100);
    expect(run.stderr).toContain("… and 80 more. All 180 errors by rule:");
    expect(run.stderr).toContain("  unknown staff_id: 150");
    expect(run.stderr).toContain("  invalid date: 30");
  });
});

describe("an import killed with kill -9 part-way, then run again (separate DynamoDB processes)", () => {
  const asOf = "2024-05-31";
  let crashed: Awaited<ReturnType<typeof standIn>>;
  let clean: Awaited<ReturnType<typeof standIn>>;
  let work: string;
  let exportDir: string;
  const env = (endpoint: string) => ({
    DYNAMODB_ENDPOINT: endpoint,
    SUPERVISION_TODAY: asOf,
    DATA_DIR: work,
  });
  const documents = (endpoint: string) =>
    createDocumentClient(createDynamoClient({ region: "eu-west-2", endpoint }));

  beforeAll(async () => {
    [crashed, clean] = await Promise.all([standIn("dynamodb"), standIn("dynamodb")]);
    work = mkdtempSync(join(tmpdir(), "supervision-kill-"));
    const department = generateDepartment({ asOf, socialWorkers: 300, historyMonths: 12, seed: 9 });
    exportDir = writeExport(join(work, "export"), toCsvBuffers(department));
  });
  afterAll(() => {
    crashed.proc.kill();
    clean.proc.kill();
    rmSync(work, { recursive: true, force: true });
  });

  it("ends exactly as one clean import, and the rerun needs no waiting", async () => {
    expect(spawnCli(env(clean.endpoint), "import", exportDir).code).toBe(0);
    const reference = await tableContents(documents(clean.endpoint), TABLE);

    const importing: ChildProcess = startCli(env(crashed.endpoint), "import", exportDir);
    const exited = new Promise<number | null>((resolve) => importing.once("exit", resolve));
    const client = documents(crashed.endpoint);
    let items = 0;
    let finished = false;
    void exited.then(() => {
      finished = true;
    });
    // Kill it once a good part of the history is written, well before the end.
    while (!finished && items < reference.length / 4) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      items = await client
        .send(new ScanCommand({ TableName: TABLE, Select: "COUNT" }))
        .then((out) => out.Count ?? 0)
        .catch(() => 0);
    }
    importing.kill("SIGKILL");
    await exited;
    expect(finished && items < reference.length / 4).toBe(false); // it really died part-way
    expect(await tableContents(client, TABLE)).not.toEqual(reference);

    const rerun = spawnCli(env(crashed.endpoint), "import", exportDir);
    expect(rerun.code).toBe(0);
    // Only progress on stderr (this import takes long enough to show it), and never on stdout.
    for (const line of rerun.stderr.trim().split("\n").filter(Boolean)) {
      expect(line).toMatch(
        /^import: (checking|writing) \d+\/\d+ (rows|items) \(\d+ (rows|items)\/s\)$/,
      );
    }
    expect(rerun.stdout).not.toContain("import:");
    expect(rerun.stdout).toMatch(
      /\d+ person\(s\) left half-written by an interrupted import were rebuilt/,
    );
    expect(await tableContents(client, TABLE)).toEqual(reference);
    for (const args of [
      ["status", "--date", asOf, "--json"],
      ["report", "--month", "2024-05", "--json"],
    ]) {
      expect(spawnCli(env(crashed.endpoint), ...args).stdout).toBe(
        spawnCli(env(clean.endpoint), ...args).stdout,
      );
    }
    const { imports } = JSON.parse(spawnCli(env(crashed.endpoint), "imports", "--json").stdout);
    expect(imports.map((i: { outcome: string }) => i.outcome)).toEqual(["applied", "running"]);
  });
});
