/**
 * `npm run bench`: import, re-import, daily status, monthly report and digest at scale (default 10,000 staff with
 * 3 years of history) on the embedded DynamoDB. Every figure is printed next to a baseline
 * measured in the same run, as a ratio: machines here are shared and noisy, seconds are not
 * comparable across runs, ratios are.
 *   --staff N   people in the department (default 10000)
 *   --years N   years of history (default 3)
 *   --disk      persist dynalite on disk (as `npm start` does) instead of in memory
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { paginateQuery } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { DynamoDbDigestStore } from "../../shared/adapters/dynamodb/dynamodb-digest-store";
import { DynamoDbImportLedger } from "../../shared/adapters/dynamodb/dynamodb-import-ledger";
import { DynamoDbSupervisionStore } from "../../shared/adapters/dynamodb/dynamodb-supervision-store";
import { startEmbeddedDynamoDb } from "../../shared/adapters/dynamodb/embedded-dynamodb";
import { ensureTable } from "../../shared/adapters/dynamodb/ensure-table";
import { recordItems } from "../../shared/adapters/dynamodb/item-mapping";
import { ROSTER_INDEX, ROSTER_PARTITION } from "../../shared/adapters/dynamodb/table-design";
import { parseAppConfig, tableNameFor } from "../../shared/config/app-config";
import { generateDepartment } from "../../shared/demo/generate-department";
import {
  addMonthsToMonth,
  firstDayOfMonth,
  lastDayOfMonth,
  monthOf,
} from "../../shared/domain/dates";
import { emptyFacts } from "../../shared/domain/records";
import { parseFiles } from "../../shared/import/parse-files";
import { locatedRecords } from "../../shared/import/validate-import";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { buildMonthlyReport } from "../../shared/use-cases/build-monthly-report";
import { buildStatus } from "../../shared/use-cases/build-status";
import { type ImportRequest, importFiles } from "../../shared/use-cases/import-files";
import { compileMonthlyDigest } from "../../shared/use-cases/run-monthly-digest";
import { crashAfterWrites, InjectedCrash } from "../helpers/crash-after-writes";
import { afterTheCrash, playingACrashedProcess } from "../helpers/crashed-process";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { values } = parseArgs({
  options: {
    staff: { type: "string", default: "10000" },
    years: { type: "string", default: "3" },
    disk: { type: "boolean", default: false },
  },
});
const PEOPLE_PER_TEAM = 39; // 33 social workers, 4 senior practitioners, 1 advanced, 1 manager
const asOf = "2026-11-16";
const month = addMonthsToMonth(monthOf(asOf), -1);
const config = parseAppConfig({ stage: "bench", region: "eu-west-2" }, "bench");

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

const dataDir = values.disk ? mkdtempSync(join(tmpdir(), "supervision-bench-")) : undefined;
const embedded = await startEmbeddedDynamoDb(dataDir);
const client = createDynamoClient({ region: config.region, endpoint: embedded.endpoint });
const documents = createDocumentClient(client);
const tableName = tableNameFor(config);
await ensureTable(client, tableName);
const store = new DynamoDbSupervisionStore({ client: documents, tableName });
const imports = new DynamoDbImportLedger({ client: documents, tableName, retentionDays: 800 });
const baselineTable = `${tableName}-baseline`;
await ensureTable(client, baselineTable);
const baselineStore = new DynamoDbSupervisionStore({ client: documents, tableName: baselineTable });

/**
 * An import killed half-way (the client dies after half its writes), then run again: how much
 * the rerun reads and writes against the clean import's own writes.
 */
const crashClient = createDynamoClient({ region: config.region, endpoint: embedded.endpoint });
async function benchRerunAfterCrash(request: ImportRequest, cleanWrites: number, people: number) {
  const crashTable = `${tableName}-crash`;
  await ensureTable(client, crashTable);
  crashAfterWrites(crashClient, Math.floor(cleanWrites / 2));
  const dying = createDocumentClient(crashClient);
  // The dying import plays a process that is killed, so the rerun takes its lock at once.
  await importFiles(request, {
    store: new DynamoDbSupervisionStore({ client: dying, tableName: crashTable }),
    imports: new DynamoDbImportLedger({ client: dying, tableName: crashTable, retentionDays: 800 }),
    config,
    lockIdentity: playingACrashedProcess(),
  }).then(
    () => {
      throw new Error("the import was meant to crash");
    },
    (error: unknown) => {
      if (!(error instanceof InjectedCrash)) throw error;
    },
  );
  const rerunStore = new DynamoDbSupervisionStore({ client: documents, tableName: crashTable });
  const rerunImports = new DynamoDbImportLedger({
    client: documents,
    tableName: crashTable,
    retentionDays: 800,
  });
  const [rerun, rerunMs] = await timed(() =>
    importFiles(request, {
      store: rerunStore,
      imports: rerunImports,
      config,
      lockIdentity: afterTheCrash,
    }),
  );
  if (!rerun.ok) throw new Error("rerun rejected");
  const reads = rerunStore.readStats().itemsRead;
  const writes = rerun.recordsWritten + rerun.staffWritten;
  console.log(
    `rerun after a crash half-way: ${rerun.recovered} people rebuilt; read ${reads} items, wrote ${writes} records/statuses ` +
      `(rerun reads/people in the export = ${ratio(reads, people)}: the roster, then the rebuilt people's history; ` +
      `the clean import wrote ${cleanWrites}: rerun writes/that = ${ratio(writes, cleanWrites)}) in ${seconds(rerunMs)}`,
  );
}

try {
  const teams = Math.max(1, Math.round(Number(values.staff) / PEOPLE_PER_TEAM));
  const department = generateDepartment({
    asOf,
    socialWorkers: teams * 33,
    historyMonths: Number(values.years) * 12,
    seed: 1,
  });
  const files = toCsvBuffers(department);
  const rows = Object.values(department).reduce((n, list) => n + list.length, 0);
  console.log(
    `Department: ${department.staff.length} staff, ${rows} rows over ${values.years} years (${values.disk ? "dynalite on disk" : "dynalite in memory"})`,
  );

  // Baseline for import: the same items written with no parsing, validation or change check.
  const parsed = parseFiles(files);
  const records = locatedRecords(parsed.files).map((r) => r.record);
  const [, rawWriteMs] = await timed(async () => {
    await baselineStore.putRecords(records);
    await baselineStore.putStaff(
      (parsed.files.staff ?? []).map((r) => ({ person: r.record, facts: emptyFacts() })),
    );
  });
  const items = records.flatMap(recordItems).length + department.staff.length;
  const request = { contents: files, source: "bench" };
  const [result, importMs] = await timed(() => importFiles(request, { store, imports, config }));
  if (!result.ok) throw new Error(`bench data invalid: ${result.errors.length} errors`);
  console.log(
    `import: ${rows} rows, ${items} items in ${seconds(importMs)} = ${Math.round(rows / (importMs / 1000))} rows/s; ` +
      `raw batch write of the same items ${seconds(rawWriteMs)}; import/raw = ${ratio(importMs, rawWriteMs)}`,
  );
  const readsBefore = store.readStats().itemsRead;
  const [, reimportMs] = await timed(() => importFiles(request, { store, imports, config }));
  // Nothing changed: every person's rows match the hashes on their status item, so the
  // re-import reads the roster alone, one item per person (goal ≤ 1.1×), not the records.
  const reimportReads = store.readStats().itemsRead - readsBefore;
  const people = department.staff.length;
  console.log(
    `re-import (nothing changes): ${seconds(reimportMs)}; re-import/raw write = ${ratio(reimportMs, rawWriteMs)}; ` +
      `items read ${reimportReads} vs minimum ${people} people = ${ratio(reimportReads, people)} (goal ≤ 1.1×)`,
  );

  // Baseline for reads: a bare query of the roster index, no policy work.
  const [, rawQueryMs] = await timed(async () => {
    for await (const _ of paginateQuery(
      { client: documents },
      {
        TableName: tableName,
        IndexName: ROSTER_INDEX.name,
        KeyConditionExpression: "gsi1pk = :pk AND gsi1sk >= :from",
        ExpressionAttributeValues: { ":pk": ROSTER_PARTITION, ":from": asOf },
      },
    )) {
      // pages only
    }
  });

  const employedOn = (date: string) =>
    department.staff.filter((p) => p.startDate <= date && (!p.endDate || p.endDate >= date));
  const before = store.readStats();
  const [board, statusMs] = await timed(() => buildStatus(asOf, { store, policy: config.policy }));
  const statusReads = store.readStats();
  const active = employedOn(asOf).length;
  const statusItems = statusReads.itemsRead - before.itemsRead;
  console.log(
    `status ${asOf}: ${board.obligations.length} open obligations in ${seconds(statusMs)}; bare roster query ${seconds(rawQueryMs)}, status/query = ${ratio(statusMs, rawQueryMs)}; ` +
      `items read ${statusItems} vs minimum ${active} active staff = ${ratio(statusItems, active)} (goal ≤ 1.1×); ` +
      `${statusReads.requests - before.requests} requests, ${(statusReads.capacityUnits - before.capacityUnits).toFixed(1)} RCU reported`,
  );

  const first = firstDayOfMonth(month);
  const last = lastDayOfMonth(month);
  const inMonth = department.staff.filter(
    (p) => p.startDate <= last && (!p.endDate || p.endDate >= first),
  ).length;
  const beforeReport = store.readStats();
  const [report, reportMs] = await timed(() =>
    buildMonthlyReport(month, {
      store,
      policy: config.policy,
      factsWindowDays: config.table.factsWindowDays,
    }),
  );
  const reportReads = store.readStats();
  const reportItems = reportReads.itemsRead - beforeReport.itemsRead;
  console.log(
    `report ${month}: ${report.kpi.overall.compliance}% of ${report.kpi.overall.due} due in ${seconds(reportMs)}; report/bare roster query = ${ratio(reportMs, rawQueryMs)}; ` +
      // Inside the facts window the status items carry the month's sessions and absences.
      `items read ${reportItems} vs minimum ${inMonth} staff employed in the month = ${ratio(reportItems, inMonth)} (goal ≤ 1.1×); ` +
      `${reportReads.requests - beforeReport.requests} requests, ${(reportReads.capacityUnits - beforeReport.capacityUnits).toFixed(1)} RCU reported`,
  );
  // The digest: a 12-month trend from one roster read (leavers of the year included), stored.
  const digests = new DynamoDbDigestStore({ client: documents, tableName });
  const beforeDigest = store.readStats();
  const [compiled, digestMs] = await timed(() =>
    compileMonthlyDigest(month, { store, digests, config, nowMs: Date.now, drawSeed: () => 1 }),
  );
  const digestItems = store.readStats().itemsRead - beforeDigest.itemsRead;
  const reloaded = await digests.load(month);
  console.log(
    `digest ${month}: ${compiled.digest.exceptions.length} exceptions in ${seconds(digestMs)}; digest/bare roster query = ${ratio(digestMs, rawQueryMs)}; ` +
      `items read ${digestItems} vs one roster ${inMonth} = ${ratio(digestItems, inMonth)} (goal ≤ 1.25×); ` +
      `stored and reloaded ${JSON.stringify(reloaded) === JSON.stringify(compiled.digest) ? "equal" : "DIFFERENT"} (${Math.round(JSON.stringify(compiled.digest).length / 1024)} KB of JSON)`,
  );

  await benchRerunAfterCrash(request, result.recordsWritten + result.staffWritten, people);

  const memory = process.memoryUsage();
  console.log(
    `memory: heap ${Math.round(memory.heapUsed / 2 ** 20)} MiB, rss ${Math.round(memory.rss / 2 ** 20)} MiB`,
  );
} finally {
  crashClient.destroy();
  client.destroy();
  await embedded.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
