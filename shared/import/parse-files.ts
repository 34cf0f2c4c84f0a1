import type * as z from "zod/mini";
import type { SupervisionRecord } from "../domain/records";
import { shown, WITHHELD_VALUE } from "./cells";
import { CSV_FILES, type CsvFileKind, type CsvFileSpec } from "./csv-files";
import { CONTROL_CHARACTERS, REPLACEMENT_CHARACTER } from "./import-limits";
import {
  type CsvRow,
  type ImportError,
  type OnlyColumns,
  readCsv,
  valueOutsideError,
} from "./read-csv";

/** A record with the place it came from, so later checks can point at it. */
export interface Located<T> {
  file: string;
  line: number;
  record: T;
}

type RecordOf<K extends CsvFileKind> =
  (typeof CSV_FILES)[K] extends CsvFileSpec<infer T> ? T : never;

export type ParsedFiles = { [K in CsvFileKind]?: Located<RecordOf<K>>[] };

export interface ParseOutcome {
  files: ParsedFiles;
  errors: ImportError[];
  /** Every staff_id written in staff.csv with its line, valid row or not: duplicates are found
   * even when a row is otherwise wrong, and one bad row does not make every reference to that
   * person an error too. */
  staffIdLines: { staffId: string; line: number }[];
}

/** Reads and checks every row of the files given (kind → content); one pass lists every error. */
export function parseFiles(contents: Partial<Record<CsvFileKind, Buffer>>): ParseOutcome {
  const files: ParsedFiles = {};
  const errors: ImportError[] = [];
  const staffIdLines: { staffId: string; line: number }[] = [];
  for (const kind of Object.keys(CSV_FILES) as CsvFileKind[]) {
    const content = contents[kind];
    if (content === undefined) continue;
    const result = parseOne(CSV_FILES[kind] as CsvFileSpec<unknown>, content);
    errors.push(...result.errors);
    (files as Record<string, unknown>)[kind] = result.records;
    if (kind === "staff") staffIdLines.push(...result.ids);
  }
  if (files.supervisions) numberSameDaySessions(files.supervisions);
  return { files, errors, staffIdLines };
}

function parseOne<T>(spec: CsvFileSpec<T>, content: Buffer) {
  const errors: ImportError[] = [];
  const records: Located<T>[] = [];
  const ids: { staffId: string; line: number }[] = [];
  const only = onlyColumnsOf(spec);
  const csv = readCsv(spec.file, content, spec.requiredColumns, only);
  if (!csv.ok) return { errors: csv.errors, records, ids };
  for (const row of csv.rows) {
    if (row.values.staff_id) ids.push({ staffId: row.values.staff_id, line: row.line });
    const unclean = [
      ...textHygieneErrors(spec, row),
      ...(only
        ? (row.outside ?? []).map((n) => valueOutsideError(spec.file, row.line, n, only))
        : []),
    ];
    const parsed = spec.row.safeParse(row.values);
    if (parsed.success && unclean.length === 0) {
      records.push({ file: spec.file, line: row.line, record: parsed.data });
      continue;
    }
    errors.push(...unclean);
    const reported = new Set(unclean.map((e) => e.column));
    if (!parsed.success) {
      errors.push(
        ...issuesToErrors(spec.file, row.line, parsed.error)
          .filter((e) => !reported.has(e.column))
          .map((e) => (only ? withheld(e, row.values[e.column]) : e)),
      );
    }
  }
  return { errors, records, ids };
}

/** The columns a file that takes its own columns only may have (see `CsvFileSpec`). */
export function onlyColumnsOf(spec: CsvFileSpec<unknown>): OnlyColumns | undefined {
  return spec.onlyItsColumns && { columns: spec.columns, reason: spec.onlyItsColumns.reason };
}

/**
 * Bytes that were not UTF-8 (decoded as U+FFFD) anywhere in a row mean the file was saved in
 * another encoding; control characters in a column the contract reads would split emails and
 * lines. Both are rejected rather than stored.
 */
function textHygieneErrors(spec: CsvFileSpec<unknown>, row: CsvRow): ImportError[] {
  const errors: ImportError[] = [];
  for (const [column, value] of Object.entries(row.values)) {
    const at = { file: spec.file, line: row.line, column };
    if (value.includes(REPLACEMENT_CHARACTER)) {
      errors.push({
        ...at,
        message: "holds bytes that are not UTF-8: save the file as UTF-8 (CSV UTF-8 in Excel)",
        rule: "not UTF-8",
      });
    } else if (spec.columns.includes(column) && CONTROL_CHARACTERS.test(value)) {
      errors.push({
        ...at,
        message: "holds a control character (a line break, tab or similar): remove it",
        rule: "control character",
      });
    }
  }
  return errors;
}

/**
 * Two formal sessions on one day (90 and 30 minutes) are two records: without a session id,
 * each row after the first with the same person, date, type and supervisor gets its place.
 */
function numberSameDaySessions(rows: Located<SupervisionRecord>[]): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const r = row.record;
    if (r.sessionId !== undefined) continue;
    const key = `${r.staffId}|${r.date}|${r.type}|${r.supervisorId ?? ""}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) row.record = { ...r, sameDayIndex: n };
  }
}

/**
 * A file that takes its own columns only (audits.csv) holds nothing but codes, dates and ids,
 * yet a wrong export could put an auditor's note in a grade cell: its errors never quote a
 * cell, so nothing a note says reaches the output, the result email or the log.
 */
function withheld(error: ImportError, value: string | undefined): ImportError {
  if (value === undefined || value === "") return error;
  return { ...error, message: error.message.replace(shown(value), WITHHELD_VALUE) };
}

function issuesToErrors(file: string, line: number, error: z.core.$ZodError): ImportError[] {
  return error.issues.map((issue) => {
    const column = String(issue.path[0] ?? "(row)");
    return { file, line, column, message: issue.message, rule: `invalid ${column}` };
  });
}
