import { randomUUID } from "node:crypto";
import type { AppConfig } from "../config/app-config";
import { wellFormed } from "../domain/open-obligations";
import { leaverExpiry } from "../domain/retention";
import type { CsvFileKind } from "../import/csv-files";
import { countByRule } from "../import/error-summary";
import { fileDigests } from "../import/file-digests";
import type { ImportResult } from "../import/import-outcome";
import { type ParsedFiles, type ParseOutcome, parseFiles } from "../import/parse-files";
import { type ImportPlan, planImport, recordsToFind, rowHashes } from "../import/plan-import";
import type { ImportError } from "../import/read-csv";
import { statusSizeErrors } from "../import/status-size";
import { importErrors, locatedRecords } from "../import/validate-import";
import type { ImportLedger, ImportLogEntry, LockIdentity } from "../ports/import-ledger";
import type { SupervisionStore } from "../ports/supervision-store";
import {
  acquireImportLock,
  DEFAULT_LOCK_TIMING,
  ImportLockedError,
  ImportLockLostError,
  type LockTiming,
} from "./import-lock";

export interface ImportProgress {
  phase: "checking" | "writing";
  done: number;
  total: number;
  unit: "rows" | "items";
}

export interface ImportDeps {
  store: SupervisionStore;
  imports: ImportLedger;
  config: AppConfig;
  /** The clock retention is judged by (the day the import acts as). */
  nowMs?: () => number;
  /** The wall clock, for the lock's lease and the audit trail. */
  clockMs?: () => number;
  lockTiming?: LockTiming;
  /** Who takes the lock and how a dead holder is recognised (default: this process). */
  lockIdentity?: LockIdentity;
  /** People per step (default `PEOPLE_PER_STEP`); tests make steps small. */
  peoplePerStep?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportRequest {
  contents: Partial<Record<CsvFileKind, Buffer>>;
  /** Where the files came from, for the audit trail: a folder or an S3 key. */
  source: string;
  dryRun?: boolean;
}

/** People written per step; the journal names one step's people, so a crash costs one step. */
export const PEOPLE_PER_STEP = 500;

/**
 * Imports an HR export all-or-nothing. Every row of every file is checked first and, when
 * anything is wrong, every error is returned and nothing is written. Under a lock (no two
 * imports interleave), people are written a step at a time: the journal names the step's
 * people, then their history, then their status. A crash anywhere leaves at most one step
 * half-written, and the next import rebuilds those people from everything stored, so running
 * it again ends exactly as one clean import would. Every import is recorded in the audit trail.
 */
export async function importFiles(request: ImportRequest, deps: ImportDeps): Promise<ImportResult> {
  const clockMs = deps.clockMs ?? Date.now;
  const importId = randomUUID();
  const parsed = parseFiles(request.contents);
  if (request.dryRun) {
    const prepared = await prepareImport(parsed, deps);
    return "errors" in prepared
      ? { ok: false, importId, errors: prepared.errors }
      : summarise(importId, true, prepared);
  }

  const holder = { importId, source: request.source };
  const entry: ImportLogEntry = {
    ...holder,
    startedAt: new Date(clockMs()).toISOString(),
    files: fileDigests(request.contents),
    outcome: "running",
  };
  const lock = await acquireImportLock(
    deps.imports,
    holder,
    deps.lockTiming ?? DEFAULT_LOCK_TIMING,
    clockMs,
    deps.lockIdentity ?? deps.imports.lockIdentity,
  ).catch(async (error: unknown) => {
    if (error instanceof ImportLockedError) {
      await deps.imports.recordImport(
        {
          ...entry,
          outcome: "refused",
          failure: `another import was running (from ${error.heldBy.source})`,
        },
        clockMs(),
      );
    }
    throw error;
  });
  const finish = (outcome: Partial<ImportLogEntry>) =>
    deps.imports.recordImport(
      { ...entry, ...outcome, finishedAt: new Date(clockMs()).toISOString() },
      clockMs(),
    );
  try {
    await deps.imports.recordImport(entry, clockMs());
    const prepared = await prepareImport(parsed, deps);
    if ("errors" in prepared) {
      await finish({
        outcome: "rejected",
        errors: prepared.errors.length,
        errorsByRule: countByRule(prepared.errors),
      });
      return { ok: false, importId, errors: prepared.errors };
    }
    const { plan, endDates } = prepared;
    const steps = chunk(plan.writes, deps.peoplePerStep ?? PEOPLE_PER_STEP);
    const items = (w: (typeof plan.writes)[number]) => w.records.length + (w.status ? 1 : 0);
    const total = plan.writes.reduce((n, w) => n + items(w), 0);
    let done = 0;
    // Until they are written, the unfinished people of an earlier import stay in the journal.
    const unfinished = new Set(plan.unfinished);
    for (const step of steps) {
      await lock.ensureHeld();
      const ids = step.map((w) => w.staffId);
      if (!(await deps.imports.beginStep(importId, [...new Set([...ids, ...unfinished])])))
        throw new ImportLockLostError();
      await deps.store.putRecords(
        step.flatMap((w) => w.records),
        (staffId) => endDates.get(staffId),
      );
      await lock.ensureHeld(); // status items last, and never from an import that lost the lock
      await deps.store.putStaff(step.flatMap((w) => (w.status ? [w.status] : [])));
      for (const id of ids) unfinished.delete(id);
      done += step.reduce((n, w) => n + items(w), 0);
      deps.onProgress?.({ phase: "writing", done, total, unit: "items" });
    }
    if (steps.length > 0 && !(await deps.imports.endSteps(importId)))
      throw new ImportLockLostError();
    const result = summarise(importId, false, prepared);
    await finish({
      outcome: "applied",
      counts: result.counts,
      recordsWritten: result.recordsWritten,
      staffWritten: result.staffWritten,
      pastRetention: result.pastRetention,
      recovered: result.recovered,
    });
    return result;
  } catch (error) {
    await finish({ outcome: "failed", failure: (error as Error).name }).catch(() => {});
    throw error;
  } finally {
    await lock.release().catch(() => {});
  }
}

type Prepared =
  | { errors: ImportError[] }
  | {
      plan: ImportPlan;
      pastRetention: number;
      endDates: Map<string, string | undefined>;
      /** People an interrupted import left half-written, or whose status was malformed. */
      recovered: number;
    };

/**
 * Reads what the import needs from the store, validates everything and plans the writes. The
 * roster (every status item, read anyway for validation) carries each person's hash of their
 * rows per file; only the records of people whose rows differ from it are looked up (see
 * `recordsToFind`), so what an import reads grows with what changed, not with history.
 */
async function prepareImport(parsed: ParseOutcome, deps: ImportDeps): Promise<Prepared> {
  const { store, config } = deps;
  const existing = await store.listStaff();
  const existingStaff = new Map(existing.map((s) => [s.person.staffId, s]));
  const errors = importErrors(parsed, new Map(existing.map((s) => [s.person.staffId, s.person])));
  if (errors.length > 0) return { errors };
  const files = withoutExpiredLeavers(
    parsed.files,
    config.operations.keepAfterLeavingDays,
    (deps.nowMs ?? Date.now)(),
  );
  // Besides an interrupted import's people: anyone whose stored status is malformed and whom
  // this export describes is rebuilt from their history, so importing them again repairs them.
  const inThisExport = new Set((files.kept.staff ?? []).map((r) => r.record.staffId));
  const malformed = existing
    .filter((s) => inThisExport.has(s.person.staffId) && !wellFormed(s.person, s.facts))
    .map((s) => s.person.staffId);
  // Someone whose end date changes: their records' expiry follows it, so every record of
  // theirs in the export is written again (else a rehired person's history would still expire).
  const endDateMoved = (files.kept.staff ?? [])
    .filter((r) => {
      const before = existingStaff.get(r.record.staffId)?.person;
      return before !== undefined && before.endDate !== r.record.endDate;
    })
    .map((r) => r.record.staffId);
  const journal = await deps.imports.pendingStaff();
  const repairs = new Set([...journal, ...malformed]);
  const pending = [...new Set([...repairs, ...endDateMoved])];
  // An interrupted import may have written rows of its people that the hashes on their status
  // no longer describe: none of theirs is kept (this import's own replace them).
  for (const id of journal) {
    const status = existingStaff.get(id);
    if (status) existingStaff.set(id, { person: status.person, facts: status.facts });
  }
  const hashes = rowHashes(files.kept);
  const existingRecords = await store.findRecords(
    recordsToFind({ files: files.kept, existingStaff, hashes }, new Set(pending)),
  );
  const unfinished = pending.length > 0 ? await store.loadHistory(pending) : new Map();
  const plan = planImport({
    files: files.kept,
    existingStaff,
    hashes,
    existingRecords,
    unfinished,
    factsWindowDays: config.table.factsWindowDays,
  });
  const rows = Object.values(files.kept).reduce((n, list) => n + (list?.length ?? 0), 0);
  deps.onProgress?.({ phase: "checking", done: rows, total: rows, unit: "rows" });
  const tooBig = statusSizeErrors(plan.writes, firstLineIn(files.kept));
  if (tooBig.length > 0) return { errors: tooBig };
  const endDates = new Map(
    [...existing.map((s) => s.person), ...(parsed.files.staff ?? []).map((r) => r.record)].map(
      (p) => [p.staffId, p.endDate],
    ),
  );
  const recovered = plan.unfinished.filter((id) => repairs.has(id)).length;
  return { plan, pastRetention: files.expired, endDates, recovered };
}

/** Where each person first appears in the files (staff.csv first), worked out when needed. */
function firstLineIn(files: ParsedFiles) {
  let firstLines: Map<string, { file: string; line: number }> | undefined;
  return (staffId: string) => {
    if (firstLines === undefined) {
      firstLines = new Map();
      for (const row of [...(files.staff ?? []), ...locatedRecords(files)].reverse()) {
        const id = "staffId" in row.record ? row.record.staffId : row.record.record.staffId;
        firstLines.set(id, { file: row.file, line: row.line });
      }
    }
    return firstLines.get(staffId) ?? { file: "staff.csv", line: 1 };
  };
}

function summarise(
  importId: string,
  dryRun: boolean,
  { plan, pastRetention, recovered }: Exclude<Prepared, { errors: ImportError[] }>,
) {
  return {
    ok: true as const,
    importId,
    dryRun,
    counts: plan.counts,
    recordsWritten: plan.writes.reduce((n, w) => n + w.records.length, 0),
    staffWritten: plan.writes.filter((w) => w.status !== undefined).length,
    pastRetention,
    recovered,
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * HR exports keep leavers for years; once a leaver's retention has run out (policy 8.12) they
 * and their records are not stored again, or every re-import would bring them back.
 */
function withoutExpiredLeavers(files: ParsedFiles, keepDays: number, nowMs: number) {
  const gone = new Set(
    (files.staff ?? [])
      .filter(
        (r) =>
          (leaverExpiry(r.record.endDate, keepDays) ?? Number.POSITIVE_INFINITY) * 1000 <= nowMs,
      )
      .map((r) => r.record.staffId),
  );
  if (gone.size === 0) return { kept: files, expired: 0 };
  const keep = <T extends { record: { staffId: string } }>(rows: T[] | undefined) =>
    rows?.filter((r) => !gone.has(r.record.staffId));
  const kept: ParsedFiles = {
    staff: keep(files.staff),
    supervisions: keep(files.supervisions),
    absences: keep(files.absences),
    agreements: keep(files.agreements),
    appraisals: keep(files.appraisals),
    training: keep(files.training),
  };
  return { kept, expired: gone.size };
}
