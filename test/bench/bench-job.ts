/**
 * One job of `npm run bench`, in a process of its own so that its peak RSS is its own: the
 * store (dynalite) and the SES emulator run in other processes, and every measured job starts
 * from a fresh Node. `store-bench.ts` spawns it as
 *   node --import tsx bench-job.ts '<JobSpec as JSON>'
 * and reads the one line starting with `BENCH_RESULT ` on stdout. The stand-ins are started
 * the same way (`serve-dynamodb`, `serve-ses`): they print their endpoint and serve until killed.
 *
 * Items read are counted on the DynamoDB client itself, for every port (store, ledger, digest
 * store, import ledger): the items a query returned, plus each key looked up by key, found or
 * not (DynamoDB charges a missing key's read like a found one).
 */
import { mkdirSync } from "node:fs";
import type {
  BatchGetItemCommandInput,
  BatchGetItemCommandOutput,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { paginateQuery } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { startEmbeddedDynamoDb } from "../../shared/adapters/dynamodb/embedded-dynamodb";
import { ROSTER_INDEX, ROSTER_PARTITION } from "../../shared/adapters/dynamodb/table-design";
import { tablePorts } from "../../shared/adapters/dynamodb/table-ports";
import { startLocalSes } from "../../shared/adapters/ses/local-ses";
import type { CommandContext } from "../../shared/cli/commands/command-context";
import { runRemindersLocally } from "../../shared/cli/local-reminders";
import { readImportDir } from "../../shared/cli/read-import-dir";
import { type AppConfig, parseAppConfig } from "../../shared/config/app-config";
import type { IsoDate, IsoMonth } from "../../shared/domain/dates";
import { emptyFacts } from "../../shared/domain/records";
import { parseFiles } from "../../shared/import/parse-files";
import { locatedRecords } from "../../shared/import/validate-import";
import { buildMonthlyReport } from "../../shared/use-cases/build-monthly-report";
import { buildStatus } from "../../shared/use-cases/build-status";
import { importFiles } from "../../shared/use-cases/import-files";
import { compileMonthlyDigest } from "../../shared/use-cases/run-monthly-digest";
import { crashAfterWrites, InjectedCrash } from "../helpers/crash-after-writes";
import { afterTheCrash, playingACrashedProcess } from "../helpers/crashed-process";

export type JobName =
  | "raw-write"
  | "import"
  | "reimport"
  | "roster-query"
  | "status"
  | "report"
  | "digest"
  | "reminders"
  | "crash"
  | "rerun";

export interface JobSpec {
  job: JobName;
  endpoint: string;
  table: string;
  /** The export's folder (CSV files), for the import jobs. */
  dir: string;
  asOf: IsoDate;
  month: IsoMonth;
  /** The SES emulator, for the reminders. */
  sesEndpoint?: string;
  /** Where the reminders' outbox goes. */
  dataDir?: string;
  /** `crash`: the writes after which the import dies. */
  crashAfter?: number;
}

export interface JobResult {
  ms: number;
  itemsRead: number;
  readRequests: number;
  /** Peak resident set of this process, MiB (`process.resourceUsage().maxRSS`). */
  peakRssMiB: number;
  detail: Record<string, unknown>;
}

export const RESULT_PREFIX = "BENCH_RESULT ";
export const BENCH_REGION = "eu-west-2";

/**
 * Monthly file audits on, as the generated department records them all through its history:
 * the status and reminders then read leavers' files for audits and the digests' draws.
 */
export function benchConfig(): AppConfig {
  return parseAppConfig(
    { stage: "bench", region: BENCH_REGION, policy: { audits: { monthlyFrom: "2020-01" } } },
    "bench",
  );
}

/** Counts what a client reads: items returned by queries, keys looked up by key. */
function countReads(client: DynamoDBClient) {
  const counts = { items: 0, requests: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const command = context.commandName ?? "";
      const output = out.output as unknown as Record<string, unknown>;
      if (command === "QueryCommand" || command === "ScanCommand") {
        counts.requests++;
        counts.items += Number(output.Count ?? 0);
      } else if (command === "GetItemCommand") {
        counts.requests++;
        counts.items++;
      } else if (command === "BatchGetItemCommand") {
        counts.requests++;
        const input = args.input as BatchGetItemCommandInput;
        const asked = Object.values(input.RequestItems ?? {}).reduce(
          (n, r) => n + (r.Keys?.length ?? 0),
          0,
        );
        const left = Object.values(
          (output as unknown as BatchGetItemCommandOutput).UnprocessedKeys ?? {},
        ).reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
        counts.items += asked - left; // unprocessed keys are asked again, and counted then
      }
      return out;
    },
    { step: "initialize", name: "benchReadCounter" },
  );
  return counts;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

async function runJob(spec: JobSpec): Promise<Omit<JobResult, "peakRssMiB">> {
  const config = benchConfig();
  const client = createDynamoClient({ region: config.region, endpoint: spec.endpoint });
  const reads = countReads(client);
  const documents = createDocumentClient(client);
  const ports = tablePorts({ client: documents, tableName: spec.table, config });
  const result = (ms: number, detail: Record<string, unknown> = {}) => ({
    ms,
    itemsRead: reads.items,
    readRequests: reads.requests,
    detail,
  });
  try {
    switch (spec.job) {
      case "raw-write": {
        // The same items the import writes, with no validation, change check or journal: only
        // the writes are timed.
        const parsed = parseFiles(readImportDir(spec.dir));
        const records = locatedRecords(parsed.files).map((r) => r.record);
        const staff = (parsed.files.staff ?? []).map((r) => ({
          person: r.record,
          facts: emptyFacts(),
        }));
        const [, ms] = await timed(async () => {
          await ports.store.putRecords(records);
          await ports.store.putStaff(staff);
        });
        return result(ms, { records: records.length, staff: staff.length });
      }
      case "import":
      case "reimport": {
        const contents = readImportDir(spec.dir);
        const [outcome, ms] = await timed(() =>
          importFiles({ contents, source: "bench" }, { ...ports, config }),
        );
        if (!outcome.ok) throw new Error(`bench data rejected: ${outcome.errors.length} errors`);
        return result(ms, {
          recordsWritten: outcome.recordsWritten,
          staffWritten: outcome.staffWritten,
        });
      }
      case "roster-query": {
        let items = 0;
        const [, ms] = await timed(async () => {
          for await (const page of paginateQuery(
            { client: documents },
            {
              TableName: spec.table,
              IndexName: ROSTER_INDEX.name,
              KeyConditionExpression: "gsi1pk = :pk AND gsi1sk >= :from",
              ExpressionAttributeValues: { ":pk": ROSTER_PARTITION, ":from": spec.asOf },
            },
          )) {
            items += page.Count ?? 0;
          }
        });
        return result(ms, { items });
      }
      case "status": {
        const [board, ms] = await timed(() =>
          buildStatus(spec.asOf, {
            store: ports.store,
            policy: config.policy,
            calendar: config.calendar,
          }),
        );
        return result(ms, { obligations: board.obligations.length });
      }
      case "report": {
        const [report, ms] = await timed(() =>
          buildMonthlyReport(spec.month, {
            store: ports.store,
            policy: config.policy,
            factsWindowDays: config.table.factsWindowDays,
          }),
        );
        return result(ms, {
          compliance: report.kpi.overall.compliance,
          due: report.kpi.overall.due,
        });
      }
      case "digest": {
        const [compiled, ms] = await timed(() =>
          compileMonthlyDigest(spec.month, {
            store: ports.store,
            deliveries: ports.deliveries,
            digests: ports.digests,
            config,
            nowMs: Date.now,
            drawSeed: () => 1,
          }),
        );
        const measured = result(ms);
        // Not counted: the check that the stored snapshot reloads exactly.
        const reloaded = await ports.digests.load(spec.month);
        const json = JSON.stringify(compiled.digest);
        return {
          ...measured,
          detail: {
            exceptions: compiled.digest.exceptions.length,
            reloadedEqual: JSON.stringify(reloaded) === json,
            jsonKiB: Math.round(Buffer.byteLength(json) / 1024),
          },
        };
      }
      case "reminders": {
        if (!spec.sesEndpoint || !spec.dataDir) throw new Error("reminders need SES and a dataDir");
        const ctx: CommandContext = {
          ports,
          config,
          out: () => {},
          err: (line) => process.stderr.write(`${line}\n`),
          today: spec.asOf,
          nowMs: () => Date.parse(`${spec.asOf}T12:00:00Z`),
          clockMs: Date.now,
          mail: { kind: "endpoint", endpoint: spec.sesEndpoint },
          dataDir: spec.dataDir,
        };
        const [run, ms] = await timed(() => runRemindersLocally(spec.asOf, ctx));
        const { summary } = run;
        return result(ms, {
          sent: summary.sent,
          failed: summary.failed,
          recipients: summary.recipients,
          complete: summary.complete,
          runs: run.runs,
          ratePerSecond: summary.pacing?.ratePerSecond,
          pacingSource: summary.pacing?.source,
        });
      }
      case "crash": {
        // An import killed after `crashAfter` writes, as by kill -9: it plays a process that
        // is gone, so the rerun takes its lock at once.
        crashAfterWrites(client, spec.crashAfter ?? 0);
        const [, ms] = await timed(() =>
          importFiles(
            { contents: readImportDir(spec.dir), source: "bench" },
            { ...ports, config, lockIdentity: playingACrashedProcess() },
          ).then(
            () => {
              throw new Error("the import was meant to crash");
            },
            (error: unknown) => {
              if (!(error instanceof InjectedCrash)) throw error;
            },
          ),
        );
        return result(ms);
      }
      case "rerun": {
        const contents = readImportDir(spec.dir);
        const [rerun, ms] = await timed(() =>
          importFiles(
            { contents, source: "bench" },
            { ...ports, config, lockIdentity: afterTheCrash },
          ),
        );
        if (!rerun.ok) throw new Error("rerun rejected");
        return result(ms, {
          recovered: rerun.recovered,
          recordsWritten: rerun.recordsWritten,
          staffWritten: rerun.staffWritten,
        });
      }
    }
  } finally {
    client.destroy();
  }
}

async function serve(kind: string, path: string | undefined) {
  if (path) mkdirSync(path, { recursive: true });
  const service = kind === "serve-ses" ? await startLocalSes() : await startEmbeddedDynamoDb(path);
  process.stdout.write(`${service.endpoint}\n`);
}

const entryPoint = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (!entryPoint) {
  // imported by store-bench.ts for its types and constants
} else if (process.argv[2] === "serve-dynamodb" || process.argv[2] === "serve-ses") {
  await serve(process.argv[2], process.argv[3]);
} else {
  const spec = JSON.parse(process.argv[2] ?? "{}") as JobSpec;
  const measured = await runJob(spec);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ ...measured, peakRssMiB })}\n`);
  // Lingering sockets or timers must not keep a finished job alive.
  process.exit(0);
}
