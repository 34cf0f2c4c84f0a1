import type { AppConfig } from "../config/app-config";
import type { CsvFileKind } from "../import/csv-files";
import { parseFiles } from "../import/parse-files";
import { type FileCounts, planImport } from "../import/plan-import";
import type { ImportError } from "../import/read-csv";
import { importErrors, locatedRecords } from "../import/validate-import";
import type { SupervisionStore } from "../ports/supervision-store";

export type ImportResult =
  | { ok: true; counts: Record<string, FileCounts>; recordsWritten: number; staffWritten: number }
  | { ok: false; errors: ImportError[] };

export interface ImportDeps {
  store: SupervisionStore;
  config: AppConfig;
}

/**
 * Imports an HR export all-or-nothing: every row of every file is checked first and, when
 * anything is wrong, every error is returned and nothing is written. Writes are idempotent
 * puts of what changed, history first and status items last, so an interrupted import is
 * completed by running it again.
 */
export async function importFiles(
  contents: Partial<Record<CsvFileKind, Buffer>>,
  { store, config }: ImportDeps,
): Promise<ImportResult> {
  const parsed = parseFiles(contents);
  const existing = await store.listStaff();
  const existingStaff = new Map(existing.map((s) => [s.person.staffId, s]));
  const errors = importErrors(parsed, new Map(existing.map((s) => [s.person.staffId, s.person])));
  if (errors.length > 0) return { ok: false, errors };
  const existingRecords = await store.findRecords(
    locatedRecords(parsed.files).map((r) => r.record),
  );
  const plan = planImport({
    files: parsed.files,
    existingStaff,
    existingRecords,
    factsWindowDays: config.table.factsWindowDays,
  });
  await store.putRecords(plan.recordWrites);
  await store.putStaff(plan.staffWrites);
  return {
    ok: true,
    counts: plan.counts,
    recordsWritten: plan.recordWrites.length,
    staffWritten: plan.staffWrites.length,
  };
}
