import type { z } from "zod";
import { CSV_FILES, type CsvFileKind, type CsvFileSpec } from "./csv-files";
import { type ImportError, readCsv } from "./read-csv";

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
  return { files, errors, staffIdLines };
}

function parseOne<T>(spec: CsvFileSpec<T>, content: Buffer) {
  const errors: ImportError[] = [];
  const records: Located<T>[] = [];
  const ids: { staffId: string; line: number }[] = [];
  const csv = readCsv(spec.file, content, spec.requiredColumns);
  if (!csv.ok) return { errors: csv.errors, records, ids };
  for (const row of csv.rows) {
    if (row.values.staff_id) ids.push({ staffId: row.values.staff_id, line: row.line });
    const parsed = spec.row.safeParse(row.values);
    if (parsed.success) records.push({ file: spec.file, line: row.line, record: parsed.data });
    else errors.push(...issuesToErrors(spec.file, row.line, parsed.error));
  }
  return { errors, records, ids };
}

function issuesToErrors(file: string, line: number, error: z.ZodError): ImportError[] {
  return error.issues.map((issue) => ({
    file,
    line,
    column: String(issue.path[0] ?? "(row)"),
    message: issue.message,
  }));
}
