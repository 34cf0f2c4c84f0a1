import { randomUUID } from "node:crypto";
import type { AppConfig } from "../config/app-config";
import { wellFormed } from "../domain/open-obligations";
import { leaverExpiry } from "../domain/retention";
import type { StoredRecord } from "../domain/stored-record";
import { recordKey } from "../domain/stored-record";
import {
  type ImportSources,
  type MappedFile,
  mergeErrors,
  toContractFiles,
} from "../import/apply-profile";
import { CSV_FILE_KINDS, CSV_FILE_NAMES, type CsvFileKind } from "../import/csv-files";
import { countByRule } from "../import/error-summary";
import { type ExportIndex, indexExport, type RecordFileKind } from "../import/export-index";
import { fileDigests, profileDigest, sourceDigests } from "../import/file-digests";
import type { ImportResult } from "../import/import-outcome";
import type { ParsedFiles } from "../import/parse-files";
import {
  FILE_OF,
  type FileCounts,
  type ImportPlan,
  planImport,
  type RowHashes,
  recordsToFind,
  rowHashes,
} from "../import/plan-import";
import type { ImportError } from "../import/read-csv";
import { statusSizeErrors } from "../import/status-size";
import { inFileOrder, locatedRecords, recordErrors, rosterErrors } from "../import/validate-import";
import type { ImportLedger, ImportLogEntry, LockIdentity } from "../ports/import-ledger";
import type { StoredStaff, SupervisionStore } from "../ports/supervision-store";
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
  /** People per step and per read (default `PEOPLE_PER_STEP`); tests make steps small. */
  peoplePerStep?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportRequest {
  /** The contract's CSV files by kind, read as they are. */
  contents?: Partial<Record<CsvFileKind, Buffer>>;
  /**
   * Or a folder's files as found (workbooks, an export's own names) and its import profile:
   * turned into the contract's files first (`toContractFiles`), the profile checked before
   * any data is read.
   */
  sources?: ImportSources;
  /** Where the files came from, for the audit trail: a folder or an S3 key. */
  source: string;
  dryRun?: boolean;
}

/**
 * People written per step; the journal names one step's people, so a crash costs one step.
 * Also how many people's rows are read again at once, to check them across rows and to plan
 * their writes: what the import holds of the rows at any time, besides the files themselves.
 */
export const PEOPLE_PER_STEP = 500;

/**
 * Imports an HR export all-or-nothing. Every row of every file is checked first and, when
 * anything is wrong, every error is returned and nothing is written. Under a lock (no two
 * imports interleave), people are written a step at a time: the journal names the step's
 * people, then their history, then their status. A crash anywhere leaves at most one step
 * half-written, and the next import rebuilds those people from everything stored, so running
 * it again ends exactly as one clean import would. Every import is recorded in the audit trail.
 *
 * Memory is bounded by people, not history: the files are checked row by row in one pass that
 * keeps only where each person's rows are (`indexExport`); then a step's people at a time,
 * their rows are read again to check them across rows and hash them, then to plan their writes
 * (a few bytes a row say which rows are to be written), and one step at a time to write them.
 */
export async function importFiles(request: ImportRequest, deps: ImportDeps): Promise<ImportResult> {
  const clockMs = deps.clockMs ?? Date.now;
  const importId = randomUUID();
  if (request.dryRun) {
    const prepared = await prepareRequest(request, deps);
    return "errors" in prepared
      ? { ok: false, importId, errors: prepared.errors }
      : summarise(importId, true, prepared.planned, prepared.mapped);
  }

  const holder = { importId, source: request.source };
  const profile = request.sources?.profile;
  const entry: ImportLogEntry = {
    ...holder,
    startedAt: new Date(clockMs()).toISOString(),
    files: request.sources ? sourceDigests(request.sources) : fileDigests(request.contents ?? {}),
    ...(profile ? { profile: profileDigest(profile) } : {}),
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
    const checked = await prepareRequest(request, deps);
    if ("errors" in checked) {
      await finish({
        outcome: "rejected",
        errors: checked.errors.length,
        errorsByRule: countByRule(checked.errors),
      });
      return { ok: false, importId, errors: checked.errors };
    }
    const prepared = checked.planned;
    const { endDates } = prepared;
    const steps = chunk(prepared.writers, deps.peoplePerStep ?? PEOPLE_PER_STEP);
    const items = (w: ImportPlan["writes"][number]) => w.records.length + (w.status ? 1 : 0);
    const total = prepared.recordsWritten + prepared.staffWritten;
    let done = 0;
    // Until they are written, the unfinished people of an earlier import stay in the journal.
    const unfinished = new Set(prepared.unfinished);
    for (const ids of steps) {
      const step = stepWrites(prepared, ids);
      await lock.ensureHeld();
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
    const result = summarise(importId, false, prepared, checked.mapped);
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

interface Planned {
  counts: Record<string, FileCounts>;
  /** Everyone with something to write, in the order they are written. */
  writers: string[];
  recordsWritten: number;
  staffWritten: number;
  pastRetention: number;
  endDates: Map<string, string | undefined>;
  /** People an interrupted import left half-written, or whose status was malformed. */
  recovered: number;
  /** Everyone rebuilt from their stored history (see `planImport`'s `unfinished`). */
  unfinished: string[];
  /** What the writing steps need to plan each step's writes again, exactly as planned. */
  replan: Replan;
}

/** What planning knew, kept to plan one step again: per person, per row, no rows themselves. */
interface Replan {
  index: ExportIndex;
  existingStaff: ReadonlyMap<string, StoredStaff>;
  hashes: RowHashes;
  history: ReadonlyMap<string, readonly StoredRecord[]>;
  /** Leavers past retention: none of their rows is stored. */
  gone: ReadonlySet<string>;
  /** Per record file, per row: 1 when planning found it is to be written. */
  toWrite: Map<RecordFileKind, Uint8Array>;
  factsWindowDays: number;
}

type Prepared = { errors: ImportError[] } | Planned;

/**
 * The request's files as the contract's (a folder's workbooks and own names mapped through its
 * profile), checked and planned; every error said in the source's terms.
 */
async function prepareRequest(
  request: ImportRequest,
  deps: ImportDeps,
): Promise<{ errors: ImportError[] } | { planned: Planned; mapped: MappedFile[] }> {
  if (!request.sources) {
    const prepared = await prepareImport(request.contents ?? {}, deps);
    return "errors" in prepared ? prepared : { planned: prepared, mapped: [] };
  }
  const input = await toContractFiles(request.sources);
  if (!input.ok) return { errors: input.errors };
  const prepared = await prepareImport(input.contents, deps);
  const contractErrors = "errors" in prepared ? input.translate(prepared.errors) : [];
  if (input.cellErrors.length > 0) return { errors: mergeErrors(input.cellErrors, contractErrors) };
  if ("errors" in prepared) return { errors: contractErrors };
  return { planned: prepared, mapped: input.mapped };
}

/**
 * Reads what the import needs from the store, validates everything and plans the writes. The
 * roster (every status item, read anyway for validation) carries each person's hash of their
 * rows per file; only the records of people whose rows differ from it are looked up (see
 * `recordsToFind`), so what an import reads grows with what changed, not with history.
 *
 * Three passes over the files: every row checked on its own (`indexExport`, streaming); then a
 * step's people at a time (500), their rows checked across rows and hashed; then, only if all
 * is valid, a step's people at a time again, their stored records looked up and their writes
 * planned: the counts, the size of each status item (checked before anything is written), and
 * which rows are to be written, a byte per row.
 */
async function prepareImport(
  contents: Partial<Record<CsvFileKind, Buffer>>,
  deps: ImportDeps,
): Promise<Prepared> {
  const { store, config } = deps;
  const index = indexExport(contents);
  const existing = await store.listStaff();
  const existingStaff = new Map(existing.map((s) => [s.person.staffId, s]));
  const roster = rosterErrors(
    index.staff,
    new Map(existing.map((s) => [s.person.staffId, s.person])),
    index.staffIdLines,
  );
  const errors = [...index.errors, ...roster.errors];
  const hashes = new Map<string, Readonly<Record<string, string>>>();
  const perRead = deps.peoplePerStep ?? PEOPLE_PER_STEP;
  for (const people of chunk(index.people, perRead)) {
    const { files } = index.filesOf(people);
    errors.push(...recordErrors(locatedRecords(files), roster.roster));
    for (const [id, own] of rowHashes(files)) hashes.set(id, own);
  }
  if (errors.length > 0) return { errors: inFileOrder(errors) };

  const gone = expiredLeavers(
    index,
    config.operations.keepAfterLeavingDays,
    (deps.nowMs ?? Date.now)(),
  );
  const keptStaff = index.staff.filter((r) => !gone.has(r.record.staffId));
  // Besides an interrupted import's people: anyone whose stored status is malformed and whom
  // this export describes is rebuilt from their history, so importing them again repairs them.
  const inThisExport = new Set(keptStaff.map((r) => r.record.staffId));
  const malformed = existing
    .filter((s) => inThisExport.has(s.person.staffId) && !wellFormed(s.person, s.facts))
    .map((s) => s.person.staffId);
  // Someone whose end date changes: their records' expiry follows it, so every record of
  // theirs in the export is written again (else a rehired person's history would still expire).
  const endDateMoved = keptStaff
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
  const history = pending.length > 0 ? await store.loadHistory(pending) : new Map();
  const rebuilt = new Set(pending);
  const replan: Replan = {
    index,
    existingStaff,
    hashes,
    history,
    gone,
    toWrite: new Map(),
    factsWindowDays: config.table.factsWindowDays,
  };
  const planned: Planned = {
    counts: {},
    writers: [],
    recordsWritten: 0,
    staffWritten: 0,
    pastRetention: gone.size,
    endDates: new Map(
      [...existing.map((s) => s.person), ...index.staff.map((r) => r.record)].map((p) => [
        p.staffId,
        p.endDate,
      ]),
    ),
    recovered: 0,
    unfinished: [...history.keys()],
    replan,
  };
  // The rebuilt first, then everyone in the files in order of first appearance.
  const people = [...new Set([...history.keys(), ...index.people.filter((id) => !gone.has(id))])];
  const tooBig: ImportError[] = [];
  let rows = 0;
  for (const group of chunk(people, perRead)) {
    const read = readGroup(replan, group);
    rows += locatedRecords(read.files).length + (read.files.staff?.length ?? 0);
    const existingRecords = await store.findRecords(
      recordsToFind({ files: read.files, existingStaff, hashes: read.hashes }, rebuilt),
    );
    const plan = planGroup(replan, read, existingRecords);
    for (const [file, counts] of Object.entries(plan.counts)) {
      const total = planned.counts[file] ?? { added: 0, changed: 0, unchanged: 0 };
      planned.counts[file] = total;
      total.added += counts.added;
      total.changed += counts.changed;
      total.unchanged += counts.unchanged;
    }
    tooBig.push(...statusSizeErrors(plan.writes, firstLineIn(read.files)));
    const written = new Set<string>();
    for (const w of plan.writes) {
      planned.writers.push(w.staffId);
      planned.recordsWritten += w.records.length;
      if (w.status) planned.staffWritten++;
      for (const r of w.records) written.add(recordKey(r));
    }
    for (const { kind, row, record } of rowsOf(read)) {
      if (!written.has(recordKey(record))) continue;
      let flags = replan.toWrite.get(kind);
      if (!flags) {
        flags = new Uint8Array(index.rowCount(kind));
        replan.toWrite.set(kind, flags);
      }
      flags[row] = 1;
    }
  }
  deps.onProgress?.({ phase: "checking", done: rows, total: rows, unit: "rows" });
  if (tooBig.length > 0) return { errors: inFileOrder(tooBig) };
  // Per file in the contract's order, whichever group met the file first.
  planned.counts = Object.fromEntries(
    CSV_FILE_KINDS.map((kind) => CSV_FILE_NAMES[kind])
      .filter((file) => planned.counts[file] !== undefined)
      .map((file) => [file, planned.counts[file] as FileCounts]),
  );
  planned.recovered = planned.unfinished.filter((id) => repairs.has(id)).length;
  return planned;
}

/** Some people's rows read again (leavers past retention left out), with their hashes. */
function readGroup(replan: Replan, people: readonly string[]) {
  const kept = people.filter((id) => !replan.gone.has(id));
  const { files, rows } = replan.index.filesOf(kept);
  const hashes = new Map<string, Readonly<Record<string, string>>>();
  for (const id of kept) {
    const own = replan.hashes.get(id);
    if (own) hashes.set(id, own);
  }
  const history = new Map<string, readonly StoredRecord[]>();
  for (const id of people) {
    const own = replan.history.get(id);
    if (own) history.set(id, own);
  }
  return { files, rows, hashes, history };
}

type GroupRead = ReturnType<typeof readGroup>;

function planGroup(
  replan: Replan,
  read: GroupRead,
  existingRecords: ReadonlyMap<string, StoredRecord>,
): ImportPlan {
  return planImport({
    files: read.files,
    existingStaff: replan.existingStaff,
    hashes: read.hashes,
    existingRecords,
    unfinished: read.history,
    factsWindowDays: replan.factsWindowDays,
  });
}

/** Each record row read, with its file and row number. */
function* rowsOf(read: GroupRead) {
  const tagged = locatedRecords(read.files);
  const offsets = new Map<RecordFileKind, number>();
  for (const { record } of tagged) {
    const kind = FILE_OF[record.kind];
    const i = offsets.get(kind) ?? 0;
    offsets.set(kind, i + 1);
    const row = read.rows[kind]?.[i];
    if (row === undefined) throw new Error(`no row number for a row of ${kind}`);
    yield { kind, row, record };
  }
}

/**
 * One step's writes, planned again as they were planned before anything was written: the
 * step's rows read again, those planning marked as to be written taken as not stored, every
 * other as stored as it is. So the step writes exactly what the planning counted and sized,
 * without reading the store again.
 */
function stepWrites(prepared: Planned, ids: readonly string[]): ImportPlan["writes"] {
  const { replan } = prepared;
  const read = readGroup(replan, ids);
  const stored = new Map<string, StoredRecord>();
  for (const { kind, row, record } of rowsOf(read)) {
    if (replan.toWrite.get(kind)?.[row] !== 1) stored.set(recordKey(record), record);
  }
  const plan = planGroup(replan, read, stored);
  const planned = new Set(ids);
  if (plan.writes.length !== planned.size || plan.writes.some((w) => !planned.has(w.staffId))) {
    throw new Error("an import step's writes differ from what was planned");
  }
  return plan.writes;
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
  planned: Planned,
  mapped: MappedFile[],
): Extract<ImportResult, { ok: true }> {
  return {
    ok: true as const,
    importId,
    dryRun,
    ...(mapped.length > 0 ? { mapped } : {}),
    counts: planned.counts,
    recordsWritten: planned.recordsWritten,
    staffWritten: planned.staffWritten,
    pastRetention: planned.pastRetention,
    recovered: planned.recovered,
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
function expiredLeavers(index: ExportIndex, keepDays: number, nowMs: number): Set<string> {
  return new Set(
    index.staff
      .filter(
        (r) =>
          (leaverExpiry(r.record.endDate, keepDays) ?? Number.POSITIVE_INFINITY) * 1000 <= nowMs,
      )
      .map((r) => r.record.staffId),
  );
}
