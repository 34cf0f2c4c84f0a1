import { type Options, stringify } from "csv-stringify/sync";

/** A cell of a spreadsheet the system writes: text, a number, or empty (`null`/`undefined`). */
export type CsvCell = string | number | null | undefined;

/**
 * How every CSV for people to open is written (the digest's, the backlog's, the import
 * errors'; not the import contract the demo writes): UTF-8 with a BOM so Excel reads names
 * right, CRLF line ends, any cell holding a line break of any kind quoted (a lone LF or CR
 * would otherwise split the row), and formula injection neutralised: a text cell starting
 * with `=`, `+`, `-`, `@`, a tab or a CR (or their full-width forms, which Numbers folds) is
 * prefixed with `'`, as OWASP advises, so a spreadsheet shows it as text instead of running
 * `=HYPERLINK(…)` or `+cmd|…` from a name in the HR export. Numbers are written as numbers:
 * -3 stays -3 (csv-stringify's `escape_formulas` looks at the cell's type, not its text).
 */
const SPREADSHEET: Options = {
  record_delimiter: "windows",
  quote_record_delimiter: true,
  escape_formulas: true,
};

const cells = (rows: readonly (readonly CsvCell[])[]) =>
  rows.map((r) => r.map((v) => (v === null || v === undefined ? "" : v)));

/** A whole spreadsheet: BOM, header row, rows. */
export function excelCsv(
  columns: readonly string[],
  rows: readonly (readonly CsvCell[])[],
): string {
  return stringify(cells(rows), { ...SPREADSHEET, header: true, columns: [...columns], bom: true });
}

/** The BOM and header row alone, for a spreadsheet written a row at a time. */
export function excelCsvHeader(columns: readonly string[]): string {
  return excelCsv(columns, []);
}

/** Rows to follow `excelCsvHeader`, written the same way. */
export function excelCsvRows(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(cells(rows), SPREADSHEET);
}
