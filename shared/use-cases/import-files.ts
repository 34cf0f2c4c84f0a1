import type { AppConfig } from "../config/app-config";
import { leaverExpiry } from "../domain/retention";
import type { CsvFileKind } from "../import/csv-files";
import { type ParsedFiles, parseFiles } from "../import/parse-files";
import { type FileCounts, planImport } from "../import/plan-import";
import type { ImportError } from "../import/read-csv";
import { importErrors, locatedRecords } from "../import/validate-import";
import type { SupervisionStore } from "../ports/supervision-store";

export type ImportResult =
  | {
      ok: true;
      counts: Record<string, FileCounts>;
      recordsWritten: number;
      staffWritten: number;
      /** Leavers whose retention has already run out: not stored, nor their records. */
      pastRetention: number;
    }
  | { ok: false; errors: ImportError[] };

export interface ImportDeps {
  store: SupervisionStore;
  config: AppConfig;
  /** The clock retention is judged by. */
  nowMs?: () => number;
}

/**
 * Imports an HR export all-or-nothing: every row of every file is checked first and, when
 * anything is wrong, every error is returned and nothing is written. Writes are idempotent
 * puts of what changed, history first and status items last, so an interrupted import is
 * completed by running it again.
 */
export async function importFiles(
  contents: Partial<Record<CsvFileKind, Buffer>>,
  { store, config, nowMs = Date.now }: ImportDeps,
): Promise<ImportResult> {
  const parsed = parseFiles(contents);
  const existing = await store.listStaff();
  const existingStaff = new Map(existing.map((s) => [s.person.staffId, s]));
  const errors = importErrors(parsed, new Map(existing.map((s) => [s.person.staffId, s.person])));
  if (errors.length > 0) return { ok: false, errors };
  const files = withoutExpiredLeavers(
    parsed.files,
    config.operations.keepAfterLeavingDays,
    nowMs(),
  );
  const existingRecords = await store.findRecords(locatedRecords(files.kept).map((r) => r.record));
  const plan = planImport({
    files: files.kept,
    existingStaff,
    existingRecords,
    factsWindowDays: config.table.factsWindowDays,
  });
  const endDates = new Map(
    [...existing.map((s) => s.person), ...(parsed.files.staff ?? []).map((r) => r.record)].map(
      (p) => [p.staffId, p.endDate],
    ),
  );
  await store.putRecords(plan.recordWrites, (staffId) => endDates.get(staffId));
  await store.putStaff(plan.staffWrites);
  return {
    ok: true,
    counts: plan.counts,
    recordsWritten: plan.recordWrites.length,
    staffWritten: plan.staffWrites.length,
    pastRetention: files.expired,
  };
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
