import { CsvError, parse } from "csv-parse/sync";

/** A problem with an input file, located as an editor shows it (header = line 1). */
export interface ImportError {
  file: string;
  /** 0 when no line is meant: a whole workbook, a file missing, a key of the import profile. */
  line: number;
  /** The column, or for the import profile the key's JSON path. */
  column: string;
  message: string;
  /** A short name for the check that failed, to count errors by kind when there are many. */
  rule: string;
}

export function formatImportError(e: ImportError): string {
  return `${e.file}${e.line > 0 ? `:${e.line}` : ""}: ${e.column}: ${e.message}`;
}

/** A file csv-parse cannot read (an unclosed quote, say): one error for the whole file. */
export function csvSyntaxError(file: string, error: CsvError): ImportError {
  return {
    file,
    line: (error as CsvError & { lines?: number }).lines ?? 1,
    column: "(file)",
    message: `not valid CSV: ${error.message}`,
    rule: "not valid CSV",
  };
}

export interface CsvRow {
  /** Line on which the record starts (a quoted field may span lines). */
  line: number;
  values: Record<string, string>;
  /**
   * With `only`: the columns (1-based) holding a value outside the named ones: under an empty
   * header cell, or past the header's last column.
   */
  outside?: number[];
}

/** A file that may hold its own columns only, and why (see `CsvFileSpec.onlyItsColumns`). */
export interface OnlyColumns {
  columns: readonly string[];
  reason: string;
  /** The contract file it stands for, when the file read has a name of its own. */
  file?: string;
}

export type CsvReadResult =
  | { ok: true; header: string[]; rows: CsvRow[] }
  | { ok: false; errors: ImportError[] };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Parses RFC 4180 CSV (BOM and CRLF tolerated, blank lines skipped) into rows keyed by the
 * header's column names, each with the line it starts on. With `only`, a header column not in
 * it is an error, and a value outside the named columns is noted on its row.
 */
export function readCsv(
  file: string,
  content: Buffer,
  requiredColumns: readonly string[],
  only?: OnlyColumns,
): CsvReadResult {
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    records = parse(content, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, errors: [csvSyntaxError(file, error)] };
    throw error;
  }
  const [headerRecord, ...body] = records;
  if (!headerRecord) {
    return {
      ok: false,
      errors: [
        {
          file,
          line: 1,
          column: "(file)",
          message: "is empty: a header row is required",
          rule: "empty file",
        },
      ],
    };
  }
  const header = headerRecord.record.map((name) => name.trim());
  const headerErrors: ImportError[] = [
    ...requiredColumns
      .filter((c) => !header.includes(c))
      .map((column) => ({
        file,
        line: 1,
        column,
        message: "required column is missing from the header",
        rule: "missing column",
      })),
    ...[...new Set(header.filter((name, i) => name !== "" && header.indexOf(name) !== i))].map(
      (column) => ({
        file,
        line: 1,
        column,
        message: "column appears more than once in the header: which one holds the data?",
        rule: "repeated column",
      }),
    ),
    ...(only ? notItsColumns(file, header, only) : []),
  ];
  if (headerErrors.length > 0) return { ok: false, errors: headerErrors };
  const lineAt = lineCounter(content);
  const rows: CsvRow[] = [];
  let previousEnd = headerRecord.info.bytes;
  for (const { record, info } of body) {
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      values[name] = (record[i] ?? "").trim();
    });
    const line = lineAt(firstContentByte(content, previousEnd));
    const outside = only ? valuesOutside(header, record) : [];
    rows.push(outside.length > 0 ? { line, values, outside } : { line, values });
    previousEnd = info.bytes;
  }
  return { ok: true, header, rows };
}

/** Header columns a file that takes its own columns only must not have: each named once. */
export function notItsColumns(
  file: string,
  header: readonly string[],
  only: OnlyColumns,
  line = 1,
): ImportError[] {
  return [...new Set(header.filter((name) => name !== "" && !only.columns.includes(name)))].map(
    (column) => ({
      file,
      line,
      column,
      message: `is not a column of ${only.file ?? file}, which takes its own columns only (${only.columns.join(", ")}): ${only.reason}; remove the column from the export`,
      rule: "column not allowed",
    }),
  );
}

/** The columns (1-based) of a record holding a value under no column name. */
export function valuesOutside(
  header: readonly string[],
  cells: readonly (string | undefined)[],
): number[] {
  const outside: number[] = [];
  cells.forEach((cell, i) => {
    if ((header[i] ?? "") === "" && (cell ?? "").trim() !== "") outside.push(i + 1);
  });
  return outside;
}

/** A value under no column name in a file that takes its own columns only. */
export function valueOutsideError(
  file: string,
  line: number,
  position: number,
  only: OnlyColumns,
): ImportError {
  return {
    file,
    line,
    column: `column ${position}`,
    message: `holds a value under no column name: ${only.file ?? file} takes its own columns only (${only.columns.join(", ")}): ${only.reason}; remove it from the export`,
    rule: "value outside the columns",
  };
}

function firstContentByte(content: Buffer, from: number): number {
  let i = from;
  while (i < content.length && (content[i] === NEWLINE || content[i] === CARRIAGE_RETURN)) i++;
  return i;
}

/** Line number of a byte offset; offsets only grow, so one forward pass serves every row. */
function lineCounter(content: Buffer): (offset: number) => number {
  let scanned = 0;
  let line = 1;
  return (offset) => {
    for (; scanned < offset; scanned++) if (content[scanned] === NEWLINE) line++;
    return line;
  };
}
