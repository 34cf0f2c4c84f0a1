import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../shared/adapters/dynamodb/clients";
import { ensureTable } from "../../shared/adapters/dynamodb/ensure-table";
import { generateDepartment } from "../../shared/demo/generate-department";
import type { AuditRecord } from "../../shared/domain/records";
import { type ImportRecords, toCsvBuffers } from "../../shared/import/write-csv";
import type { LockIdentity } from "../../shared/ports/import-ledger";
import { buildMonthlyReport } from "../../shared/use-cases/build-monthly-report";
import { buildStatus } from "../../shared/use-cases/build-status";
import { importFiles } from "../../shared/use-cases/import-files";
import { crashAfterWrites, InjectedCrash } from "../helpers/crash-after-writes";
import { afterTheCrash, playingACrashedProcess } from "../helpers/crashed-process";
import { tableContents } from "../helpers/table-contents";
import { FIXTURE_NOW, startTestDynamo, testConfig } from "../helpers/test-dynamo";

/**
 * An import killed after any number of writes, then run again with the same files, must leave
 * the store exactly as one clean import would. The crash is injected in the real SDK client
 * (a batch cut part-way, nothing written after), against dynalite.
 */

const ASOF = "2024-05-31";
const newer = withOwnAudits(
  generateDepartment({ asOf: ASOF, socialWorkers: 10, historyMonths: 5, seed: 3 }),
);
const CUTOFF = "2024-03-15";
/** The export before: fewer people, history only up to the cut-off, some other profiles. */
const older: ImportRecords = {
  staff: newer.staff
    .filter((p) => p.startDate <= CUTOFF)
    .map((p, i) => (i % 3 === 0 ? { ...p, caseload: (p.caseload ?? 0) + 1 } : p)),
  supervisions: newer.supervisions.filter((r) => r.date <= CUTOFF),
  absences: newer.absences.filter((r) => r.startDate <= CUTOFF),
  agreements: newer.agreements.filter((r) => r.signedDate <= CUTOFF),
  appraisals: newer.appraisals.filter((r) => r.date <= CUTOFF),
  training: newer.training.filter((r) => r.date <= CUTOFF),
  audits: newer.audits.filter((r) => r.date <= CUTOFF),
};
const known = new Set(older.staff.map((p) => p.staffId));
for (const kind of ["supervisions", "absences", "agreements", "appraisals", "training"] as const) {
  (older[kind] as { staffId: string }[]) = older[kind].filter((r) => known.has(r.staffId));
}
// An audit names its auditor too: the older export knows both, or it would be refused.
older.audits = older.audits.filter((r) => known.has(r.staffId) && known.has(r.auditorId));

/**
 * The department's audits, and a few of the test's own whatever the generator makes: a
 * quarterly audit below Good with actions before the cut-off (in both exports), and one graded
 * Good after it that meets them (in the newer only), by the first service manager.
 */
function withOwnAudits(department: ImportRecords): ImportRecords {
  const auditor = department.staff.find((p) => p.role === "service_manager" && !p.endDate);
  const files = department.staff
    .filter((p) => p.operational && p.startDate < "2024-01-01" && !p.endDate)
    .slice(0, 3);
  const own: AuditRecord[] = auditor
    ? files.flatMap((p): AuditRecord[] => [
        {
          staffId: p.staffId,
          date: "2024-02-14",
          auditorId: auditor.staffId,
          kind: "quarterly",
          grade: "requires_improvement",
          scores: { q1: 4, q12: 3 },
          fileComplete: false,
          actionsDueDate: "2024-03-29",
        },
        {
          staffId: p.staffId,
          date: "2024-04-10",
          auditorId: auditor.staffId,
          kind: "quarterly",
          grade: "good",
          fileComplete: true,
        },
      ])
    : [];
  const key = (a: AuditRecord) => `${a.staffId}|${a.date}|${a.kind}|${a.auditorId}`;
  const taken = new Set(department.audits.map(key));
  return {
    ...department,
    audits: [...department.audits, ...own.filter((a) => !taken.has(key(a)))],
  };
}

/** The status with service managers held to monthly audits too, from the history's start. */
const auditingPolicy = {
  ...testConfig.policy,
  audits: { ...testConfig.policy.audits, monthlyFrom: "2024-01" },
};

/**
 * The crashing import plays a process of this machine that has died (as after kill -9), so
 * the rerun takes its lock at once; the lease is long, so no renewal adds writes.
 */
const LOCK = { leaseMs: 600_000, waitMs: 0, pollMs: 10 };
const STEP = 4; // people per step: many steps, so crashes fall between and inside them

describe("an interrupted import, run again", () => {
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  let reference: Awaited<ReturnType<typeof tableContents>>;
  let totalWrites: number;
  let tables = 0;

  const importWith = (
    target: ReturnType<typeof dynamo.openTable>,
    records: ImportRecords,
    lockIdentity: LockIdentity = afterTheCrash,
  ) =>
    importFiles(
      { contents: toCsvBuffers(records), source: "test" },
      {
        ...target,
        config: testConfig,
        nowMs: () => FIXTURE_NOW,
        lockTiming: LOCK,
        peoplePerStep: STEP,
        lockIdentity,
      },
    );

  const freshTableWithOlderExport = async () => {
    const tableName = `convergence-${++tables}`;
    await ensureTable(dynamo.client, tableName);
    const target = dynamo.openTable(tableName);
    expect((await importWith(target, older)).ok).toBe(true);
    return target;
  };

  /** Runs the newer import through a client that dies after `budget` writes. */
  const crashingImport = async (tableName: string, budget: number) => {
    const client = dynamo.newClient();
    const written = crashAfterWrites(client, budget);
    try {
      await importWith(
        dynamo.openTable(tableName, createDocumentClient(client)),
        newer,
        playingACrashedProcess(),
      );
      return { crashed: false, written: written() };
    } catch (error) {
      expect(error).toBeInstanceOf(InjectedCrash);
      return { crashed: true, written: written() };
    } finally {
      client.destroy();
    }
  };

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    const clean = await freshTableWithOlderExport();
    const counted = await crashingImport(clean.tableName, Number.POSITIVE_INFINITY);
    expect(counted.crashed).toBe(false);
    totalWrites = counted.written;
    reference = await tableContents(dynamo.documents, clean.tableName);
  });
  afterAll(async () => dynamo.close());

  it("has enough writes to crash in many places", () => {
    expect(totalWrites).toBeGreaterThan(100);
  });

  it("has audits in both exports, of files and by auditors each knows", () => {
    expect(older.audits.length).toBeGreaterThanOrEqual(3);
    expect(newer.audits.length).toBeGreaterThan(older.audits.length);
    expect(reference.filter((i) => String(i.sk).startsWith("AUD#"))).toHaveLength(
      new Set(newer.audits.map((a) => `${a.staffId}|${a.date}|${a.kind}|${a.auditorId}`)).size,
    );
  });

  it("ends exactly as one clean import, wherever the crash fell", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: totalWrites - 1 }), async (budget) => {
        const target = await freshTableWithOlderExport();
        // The last write releases the lock: a crash there goes unnoticed (the lock lapses).
        const crash = await crashingImport(target.tableName, budget);
        expect(crash.crashed || budget === totalWrites - 1).toBe(true);
        const rerun = await importWith(target, newer);
        expect(rerun.ok).toBe(true);
        expect(await tableContents(dynamo.documents, target.tableName)).toEqual(reference);
        expect(await target.imports.pendingStaff()).toEqual([]);
      }),
      { numRuns: 12, examples: [[0], [1], [totalWrites - 1]] },
    );
    // Fifteen whole imports on a fresh table each: allow for a busy machine.
  }, 180_000);

  it("ends exactly as one clean import after two crashes in a row", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: totalWrites - 1 }),
        fc.integer({ min: 0, max: totalWrites - 1 }),
        async (first, second) => {
          const target = await freshTableWithOlderExport();
          await crashingImport(target.tableName, first);
          await crashingImport(target.tableName, second);
          expect((await importWith(target, newer)).ok).toBe(true);
          expect(await tableContents(dynamo.documents, target.tableName)).toEqual(reference);
        },
      ),
      { numRuns: 6 },
    );
  }, 180_000);

  it("gives the same status and report as the clean import", async () => {
    const target = await freshTableWithOlderExport();
    await crashingImport(target.tableName, Math.floor(totalWrites / 2));
    const between = await buildStatus(ASOF, {
      store: target.store,
      policy: testConfig.policy,
      calendar: testConfig.calendar,
    });
    expect((await importWith(target, newer)).ok).toBe(true);
    const clean = await freshTableWithOlderExport();
    expect((await importWith(clean, newer)).ok).toBe(true);
    for (const [a, b] of [[target, clean]] as const) {
      const deps = (t: typeof a) => ({
        store: t.store,
        policy: auditingPolicy,
        calendar: testConfig.calendar,
        factsWindowDays: testConfig.table.factsWindowDays,
      });
      expect(await buildStatus(ASOF, deps(a))).toEqual(await buildStatus(ASOF, deps(b)));
      expect(await buildMonthlyReport("2024-05", deps(a))).toEqual(
        await buildMonthlyReport("2024-05", deps(b)),
      );
    }
    // The crash really left the status behind: the rerun had something to repair.
    expect(between).not.toEqual(
      await buildStatus(ASOF, {
        store: target.store,
        policy: testConfig.policy,
        calendar: testConfig.calendar,
      }),
    );
  });
});
