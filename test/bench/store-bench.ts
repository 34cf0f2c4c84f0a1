/**
 * `npm run bench`: every job at scale (default 10,000 staff with 3 years of history) against
 * the embedded store and a local SES, printed as one markdown table.
 *
 * Each job runs in a process of its own (`bench-job.ts`), and dynalite (the whole database)
 * and the SES emulator in two more, so a job's peak RSS is that job's alone. Every figure is
 * printed next to a baseline measured in the same run, as a ratio: machines here are shared
 * and noisy, seconds are not comparable across runs, ratios are.
 *   --staff N    people in the department (default 10000; 50000 works)
 *   --years N    years of history (default 3)
 *   --disk       persist dynalite on disk (as `npm start` does) instead of in memory
 *   --heap MB    cap each measured job's V8 heap (--max-old-space-size), to show what a job
 *                needs rather than what V8 lets it grow to on a machine with memory to spare
 *   --jobs a,b   run only these jobs, in the usual order (default all): raw-write, import,
 *                reimport, roster-query, status, report, digest, reminders, crash (runs the
 *                rerun after the crash)
 *
 * The reminders: the department's Monday (`asOf`) through the CLI's local reminder run (the
 * Lambda handler, the ledger, the SES sender and a copy of each email in an outbox) against
 * aws-ses-v2-local in its own process. The run paces itself at 90% of the account's rate as
 * SES v2 GetAccount reports it; the emulator's account is given 1,000 emails/s, so the run is
 * never held back by pacing and its time is the work of the run itself. What real SES would
 * take is modelled: the emails at 90% of 14 emails/s (a production account's usual rate).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { ensureTable } from "../../shared/adapters/dynamodb/ensure-table";
import { ACCOUNT_RATE_SHARE } from "../../shared/adapters/ses/ses-send-quota";
import { tableNameFor } from "../../shared/config/app-config";
import { generateDepartment } from "../../shared/demo/generate-department";
import {
  addMonthsToMonth,
  firstDayOfMonth,
  lastDayOfMonth,
  monthOf,
} from "../../shared/domain/dates";
import { CSV_FILE_NAMES, type CsvFileKind } from "../../shared/import/csv-files";
import { toCsvBuffers } from "../../shared/import/write-csv";
import {
  BENCH_REGION,
  benchConfig,
  type JobName,
  type JobResult,
  type JobSpec,
  RESULT_PREFIX,
} from "./bench-job";
import { bundleTable, measureBundles } from "./bundles";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const ALL_JOBS = [
  "raw-write",
  "import",
  "reimport",
  "roster-query",
  "status",
  "report",
  "digest",
  "reminders",
  "crash",
] as const;

const { values } = parseArgs({
  options: {
    staff: { type: "string", default: "10000" },
    years: { type: "string", default: "3" },
    disk: { type: "boolean", default: false },
    heap: { type: "string" },
    jobs: { type: "string", default: ALL_JOBS.join(",") },
  },
});
const jobs = new Set(values.jobs.split(",").map((j) => j.trim()));
for (const job of jobs) {
  if (!(ALL_JOBS as readonly string[]).includes(job))
    throw new Error(`unknown job '${job}' (jobs: ${ALL_JOBS.join(", ")})`);
}

const PEOPLE_PER_TEAM = 39; // 33 social workers, 4 senior practitioners, 1 advanced, 1 manager
const asOf = "2026-11-16"; // a Monday
const month = addMonthsToMonth(monthOf(asOf), -1);
/** A production SES account's usual rate, and the share of it a run paces at. */
const AWS_RATE_PER_SECOND = 14;
/** The emulator's account: fast enough that pacing never holds the local run back. */
const EMULATOR_RATE_PER_SECOND = 1000;
/** A reminder invocation sends until 30 s (`stopWhenRemainingMs`) before Lambda's 15 minutes. */
const SENDING_SECONDS_PER_INVOCATION = 15 * 60 - 30;
const TARGET_STAFF = 50_000;
const ROOT = join(import.meta.dirname, "..", "..");
const JOB_SCRIPT = join(import.meta.dirname, "bench-job.ts");
const QUIET = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  POWERTOOLS_LOG_LEVEL: "SILENT",
  POWERTOOLS_METRICS_DISABLED: "true",
};

const config = benchConfig();
const tableName = tableNameFor(config);
const work = mkdtempSync(join(tmpdir(), "supervision-bench-"));
const exportDir = join(work, "export");
const children: ChildProcess[] = [];

/** A stand-in in its own process (not measured): its endpoint once it listens. */
async function standIn(
  kind: "serve-dynamodb" | "serve-ses",
  args: string[],
  env: Record<string, string> = {},
) {
  // The whole database lives in dynalite's heap: give it room at 50,000 staff.
  const heap = kind === "serve-dynamodb" ? ["--max-old-space-size=16384"] : [];
  const proc = spawn(process.execPath, [...heap, "--import", "tsx", JOB_SCRIPT, kind, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...QUIET, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(proc);
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  return new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`${kind} exited with ${code}`)));
  });
}

/** Runs one job in a fresh process and returns what it measured. */
function runJob(spec: JobSpec): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const heap = values.heap ? [`--max-old-space-size=${Number(values.heap)}`] : [];
    const proc = spawn(
      process.execPath,
      [...heap, "--import", "tsx", JOB_SCRIPT, JSON.stringify(spec)],
      {
        cwd: ROOT,
        env: { ...process.env, ...QUIET },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let result: JobResult | undefined;
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length));
    });
    proc.once("error", reject);
    proc.once("close", (code) =>
      result && code === 0
        ? resolve(result)
        : reject(new Error(`bench job ${spec.job} exited with ${code}`)),
    );
  });
}

interface Row {
  job: string;
  result: JobResult;
  floor?: { items: number; what: string; goal?: number };
  baseline?: { ms: number; what: string };
}

const int = (n: number) => Math.round(n).toLocaleString("en-GB");
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const duration = (s: number) =>
  s < 120 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

function table(rows: Row[]): string {
  const lines = [
    "| job | items read | floor | read / floor (goal) | time | time vs baseline | peak RSS |",
    "| --- | ---: | --- | --- | ---: | --- | ---: |",
  ];
  for (const { job, result, floor, baseline } of rows) {
    const ratio =
      floor && floor.items > 0
        ? `${times(result.itemsRead, floor.items)}${floor.goal ? ` (≤ ${floor.goal}×)` : ""}`
        : "—";
    lines.push(
      `| ${job} | ${int(result.itemsRead)} | ${floor ? `${int(floor.items)} ${floor.what}` : "—"} | ${ratio} | ` +
        `${seconds(result.ms)} | ${baseline ? `${times(result.ms, baseline.ms)} ${baseline.what}` : "—"} | ` +
        `${int(result.peakRssMiB)} MiB |`,
    );
  }
  return lines.join("\n");
}

try {
  const teams = Math.max(1, Math.round(Number(values.staff) / PEOPLE_PER_TEAM));
  const department = generateDepartment({
    asOf,
    socialWorkers: teams * 33,
    historyMonths: Number(values.years) * 12,
    seed: 1,
  });
  mkdirSync(exportDir, { recursive: true });
  for (const [kind, content] of Object.entries(toCsvBuffers(department))) {
    writeFileSync(join(exportDir, CSV_FILE_NAMES[kind as CsvFileKind]), content);
  }
  const rows = Object.values(department).reduce((n, list) => n + list.length, 0);
  const people = department.staff.length;
  const employedOn = (date: string) =>
    department.staff.filter((p) => p.startDate <= date && (!p.endDate || p.endDate >= date)).length;
  const active = employedOn(asOf);
  const first = firstDayOfMonth(month);
  const last = lastDayOfMonth(month);
  const inMonth = department.staff.filter(
    (p) => p.startDate <= last && (!p.endDate || p.endDate >= first),
  ).length;
  console.error(
    `Department: ${int(people)} staff, ${int(rows)} rows over ${values.years} years ` +
      `(${values.disk ? "dynalite on disk" : "dynalite in memory"}); each job in its own process`,
  );

  const endpoint = await standIn("serve-dynamodb", values.disk ? [join(work, "dynamodb")] : []);
  const sesEndpoint = await standIn("serve-ses", [], {
    AWS_SES_ACCOUNT: JSON.stringify(emulatorAccount(EMULATOR_RATE_PER_SECOND)),
  });
  const client = createDynamoClient({ region: BENCH_REGION, endpoint });
  const spec = (job: JobName, table = tableName): JobSpec => ({
    job,
    endpoint,
    table,
    dir: exportDir,
    asOf,
    month,
    sesEndpoint,
    dataDir: join(work, "data"),
  });
  const run = async (job: JobName, table?: string) => {
    console.error(`… ${job}`);
    const result = await runJob(spec(job, table));
    console.error(`  ${seconds(result.ms)}, ${int(result.peakRssMiB)} MiB peak RSS`);
    return result;
  };
  await ensureTable(client, tableName);

  const out: Row[] = [];
  let rawWrite: { ms: number; what: string } | undefined;
  let rosterQuery: { ms: number; what: string } | undefined;
  const notes: string[] = [];

  if (jobs.has("raw-write")) {
    // Baseline for the imports: the same items written with no parsing cost counted, no
    // validation, change check or journal. Its table is dropped after, to spare dynalite.
    const baselineTable = `${tableName}-baseline`;
    await ensureTable(client, baselineTable);
    const result = await run("raw-write", baselineTable);
    await client.send(new DeleteTableCommand({ TableName: baselineTable }));
    rawWrite = { ms: result.ms, what: "raw write" };
    out.push({ job: "raw batch write (baseline)", result, baseline: rawWrite });
  }
  let cleanWrites = Math.floor(rows / 2) * 2;
  if (jobs.has("import")) {
    const result = await run("import");
    const d = result.detail as { recordsWritten: number; staffWritten: number };
    cleanWrites = d.recordsWritten + d.staffWritten;
    // An empty store: nothing needs reading. What it reads is looking up every record of
    // people it has no hashes for yet (found or not).
    out.push({
      job: "import (empty store)",
      result,
      floor: { items: 0, what: "(empty store)" },
      ...(rawWrite ? { baseline: rawWrite } : {}),
    });
  }
  if (jobs.has("reimport")) {
    const result = await run("reimport");
    out.push({
      job: "re-import, nothing changed",
      result,
      floor: { items: people, what: "people", goal: 1.1 },
      ...(rawWrite ? { baseline: rawWrite } : {}),
    });
  }
  if (jobs.has("roster-query")) {
    const result = await run("roster-query");
    rosterQuery = { ms: result.ms, what: "roster query" };
    out.push({ job: "bare roster query (baseline)", result, baseline: rosterQuery });
  }
  const vsQuery = rosterQuery ? { baseline: rosterQuery } : {};
  if (jobs.has("status")) {
    const result = await run("status");
    out.push({
      job: `status ${asOf}`,
      result,
      floor: { items: active, what: "active staff", goal: 1.1 },
      ...vsQuery,
    });
  }
  if (jobs.has("report")) {
    const result = await run("report");
    out.push({
      job: `report ${month}`,
      result,
      floor: { items: inMonth, what: "employed in the month", goal: 1.1 },
      ...vsQuery,
    });
  }
  if (jobs.has("digest")) {
    const result = await run("digest");
    out.push({
      job: `digest ${month}`,
      result,
      floor: { items: inMonth, what: "one roster", goal: 1.25 },
      ...vsQuery,
    });
    const d = result.detail as { reloadedEqual: boolean; jsonKiB: number; exceptions: number };
    notes.push(
      `digest: ${int(d.exceptions)} exceptions, ${int(d.jsonKiB)} KiB of JSON, stored and reloaded ${d.reloadedEqual ? "equal" : "DIFFERENT"}`,
    );
  }
  if (jobs.has("reminders")) {
    const result = await run("reminders");
    out.push({
      job: `reminders ${asOf} (Monday)`,
      result,
      floor: { items: active, what: "active staff" },
      ...vsQuery,
    });
    const d = result.detail as {
      sent: number;
      failed: number;
      recipients: number;
      complete: boolean;
      runs: number;
      ratePerSecond?: number;
      pacingSource?: string;
    };
    const pace = AWS_RATE_PER_SECOND * ACCOUNT_RATE_SHARE;
    const modelled = d.sent / pace;
    const atTarget = (d.sent * TARGET_STAFF) / people / pace;
    const invocations = (s: number) => Math.max(1, Math.ceil(s / SENDING_SECONDS_PER_INVOCATION));
    const onAws = (emails: number, s: number) =>
      `${int(emails)} emails take ${duration(s)} of sending, ${invocations(s)} invocation${invocations(s) === 1 ? "" : "s"} of 15 min (${SENDING_SECONDS_PER_INVOCATION} s of sending each)`;
    const scale = TARGET_STAFF / people;
    notes.push(
      `reminders: ${int(d.sent)} emails sent (${d.failed} failed, ${d.complete ? "complete" : "INCOMPLETE"}, ${d.runs} run${d.runs === 1 ? "" : "s"}), ` +
        `paced at ${d.ratePerSecond ?? "?"}/s as read from the emulator's account (${d.pacingSource ?? "no pacing read"}); ` +
        `${(d.sent / (result.ms / 1000)).toFixed(0)} emails/s achieved locally (claim, send, mark sent, outbox copy); ` +
        "the items read beyond the roster are the ledger's look-ups, one per notification. " +
        `Modelled for SES at ${AWS_RATE_PER_SECOND}/s (runs pace at ${pace.toFixed(1)}/s), sending only: ${onAws(d.sent, modelled)}` +
        (Math.abs(scale - 1) > 0.05
          ? `; the same Monday at ${int(TARGET_STAFF)} staff (×${scale.toFixed(2)} the emails): ${onAws(d.sent * scale, atTarget)}`
          : ""),
    );
  }
  if (jobs.has("crash")) {
    // An import killed half-way (the process dies after half the clean import's writes), then
    // run again: the rerun reads the roster, then the history of the people it rebuilds.
    const crashTable = `${tableName}-crash`;
    await ensureTable(client, crashTable);
    const crashSpec = { ...spec("crash", crashTable), crashAfter: Math.floor(cleanWrites / 2) };
    console.error("… crash (an import killed half-way)");
    await runJob(crashSpec);
    const result = await run("rerun", crashTable);
    out.push({
      job: "rerun after a crash half-way",
      result,
      floor: { items: people, what: "people" },
      ...(rawWrite ? { baseline: rawWrite } : {}),
    });
    const d = result.detail as { recovered: number; recordsWritten: number; staffWritten: number };
    notes.push(
      `rerun after a crash: ${int(d.recovered)} people rebuilt, wrote ${int(d.recordsWritten + d.staffWritten)} records/statuses ` +
        `(${times(d.recordsWritten + d.staffWritten, cleanWrites)} the clean import's ${int(cleanWrites)}); ` +
        "it reads the roster, the rebuilt step's history, and looks up every record of the people the crash left without a status (found or not), as a first import does",
    );
  }
  client.destroy();

  console.log(
    `\`npm run bench -- --staff ${values.staff} --years ${values.years}${values.disk ? " --disk" : ""}` +
      `${values.heap ? ` --heap ${values.heap}` : ""}${values.jobs === ALL_JOBS.join(",") ? "" : ` --jobs ${values.jobs}`}\`: ` +
      `${int(people)} staff, ${int(rows)} rows; one run, each job in its own process\n`,
  );
  console.log(table(out));
  console.log("");
  notes.unshift(
    "items read: what queries returned plus every key looked up by key, found or not (DynamoDB bills a missing key's read too), on every port's client; " +
      "the first import finds nothing to read but looks up every record of people who have no hashes yet",
    `peak RSS: the job's whole process (Node, the tsx loader, the SDK and the job's code: see the bare roster query's)${values.heap ? `, V8 heap capped at ${values.heap} MB` : ", V8's default heap limit"}; ` +
      "dynalite (the database) and the SES emulator run in processes of their own",
  );
  for (const note of notes) console.log(`- ${note}`);
  console.log("");
  console.log(await bundlesTable());
} finally {
  for (const child of children) child.kill();
  rmSync(work, { recursive: true, force: true });
}

/** The account aws-ses-v2-local reports to GetAccount (it reads `AWS_SES_ACCOUNT`). */
function emulatorAccount(maxSendRate: number) {
  return {
    DedicatedIpAutoWarmupEnabled: false,
    Details: {
      AdditionalContactEmailAddresses: [],
      ContactLanguage: "EN",
      MailType: "TRANSACTIONAL",
      ReviewDetails: { CaseId: "bench", Status: "GRANTED" },
      UseCaseDescription: "bench",
      WebsiteURL: "https://example.gov.uk",
    },
    EnforcementStatus: "HEALTHY",
    ProductionAccessEnabled: true,
    SendingEnabled: true,
    SendQuota: { Max24HourSend: -1, MaxSendRate: maxSendRate, SentLast24Hours: 0 },
    SuppressionAttributes: { SuppressedReasons: [] },
  };
}

/** Bundle sizes and cold-start import CPU of the three Lambdas against SDK-only bundles. */
async function bundlesTable(): Promise<string> {
  console.error("… bundles");
  return bundleTable(await measureBundles());
}
