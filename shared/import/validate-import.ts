import type { StaffMember } from "../domain/records";
import { recordKey, type StoredRecord } from "../domain/stored-record";
import type { Located, ParsedFiles, ParseOutcome } from "./parse-files";
import type { ImportError } from "./read-csv";

/** The rows of an import as stored records, each with where it came from. */
export function locatedRecords(files: ParsedFiles): Located<StoredRecord>[] {
  const tag = <K extends StoredRecord["kind"]>(
    kind: K,
    rows: Located<Extract<StoredRecord, { kind: K }>["record"]>[] | undefined,
  ) => (rows ?? []).map((r) => ({ ...r, record: { kind, record: r.record } as StoredRecord }));
  return [
    ...tag("supervision", files.supervisions),
    ...tag("absence", files.absences),
    ...tag("agreement", files.agreements),
    ...tag("appraisal", files.appraisals),
    ...tag("training", files.training),
  ];
}

/**
 * Checks that need more than one row: duplicates, date order, and references to people,
 * which may be in this import's staff.csv or already in the store.
 */
export function validateImport(
  files: ParsedFiles,
  existingStaff: ReadonlyMap<string, StaffMember>,
  staffIdLines: readonly { staffId: string; line: number }[] = [],
): ImportError[] {
  const errors: ImportError[] = [];
  const err = (at: { file: string; line: number }, column: string, message: string) =>
    errors.push({ file: at.file, line: at.line, column, message });

  const firstLine = new Map<string, number>();
  for (const { staffId, line } of staffIdLines) {
    const earlier = firstLine.get(staffId);
    if (earlier === undefined) firstLine.set(staffId, line);
    else
      err(
        { file: "staff.csv", line },
        "staff_id",
        `duplicate staff_id '${staffId}' (first on line ${earlier})`,
      );
  }
  for (const row of files.staff ?? []) {
    const { staffId, startDate, endDate, supervisorId } = row.record;
    if (endDate !== undefined && endDate < startDate) {
      err(row, "end_date", `${endDate} is before start_date ${startDate}`);
    }
    if (supervisorId === staffId) err(row, "supervisor_id", "a person cannot supervise themselves");
  }

  const inRoster = (id: string) => firstLine.has(id) || existingStaff.has(id);
  for (const row of files.staff ?? []) {
    const { supervisorId } = row.record;
    if (
      supervisorId !== undefined &&
      supervisorId !== row.record.staffId &&
      !inRoster(supervisorId)
    ) {
      err(row, "supervisor_id", `supervisor '${supervisorId}' is not in the roster`);
    }
  }

  const seen = new Map<string, Located<StoredRecord>>();
  for (const row of locatedRecords(files)) {
    const stored = row.record;
    const { staffId } = stored.record;
    if (!inRoster(staffId))
      err(row, "staff_id", `unknown staff_id '${staffId}' (not in staff.csv or the store)`);
    if (stored.kind === "absence" && stored.record.endDate < stored.record.startDate) {
      err(
        row,
        "end_date",
        `${stored.record.endDate} is before start_date ${stored.record.startDate}`,
      );
    }
    if (
      (stored.kind === "supervision" || stored.kind === "agreement") &&
      stored.record.supervisorId !== undefined &&
      !inRoster(stored.record.supervisorId)
    ) {
      err(row, "supervisor_id", `supervisor '${stored.record.supervisorId}' is not in the roster`);
    }
    const key = recordKey(stored);
    const previous = seen.get(key);
    if (previous === undefined) seen.set(key, row);
    else if (JSON.stringify(previous.record) !== JSON.stringify(stored)) {
      err(
        row,
        "staff_id",
        `conflicts with line ${previous.line}: same record with different details`,
      );
    }
  }
  return errors;
}

/** Every problem with an import, parse errors and cross-file ones, in file and line order. */
export function importErrors(
  parsed: ParseOutcome,
  existingStaff: ReadonlyMap<string, StaffMember>,
): ImportError[] {
  const all = [
    ...parsed.errors,
    ...validateImport(parsed.files, existingStaff, parsed.staffIdLines),
  ];
  return all.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
