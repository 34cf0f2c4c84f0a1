import type { ImportError } from "../import/read-csv";
import { excelCsvHeader, excelCsvRows } from "./excel-csv";

/** SES takes 10 MB a message; attachments are base64 (4/3 larger): half of it for the list. */
export const ERRORS_ATTACHMENT_MAX_BYTES = 5_000_000;

/**
 * Every error as CSV for Excel (UTF-8 with a BOM, CRLF, formula cells neutralised: a message
 * quotes the file's own cells), cut to fit an email: how many rows made it is returned with it.
 */
export function importErrorsCsv(
  errors: readonly ImportError[],
  maxBytes = ERRORS_ATTACHMENT_MAX_BYTES,
): { csv: string; rows: number } {
  const header = excelCsvHeader(["file", "line", "column", "rule", "message"]);
  const parts = [header];
  let bytes = Buffer.byteLength(header);
  let rows = 0;
  for (const e of errors) {
    const row = excelCsvRows([[e.file, e.line, e.column, e.rule, e.message]]);
    bytes += Buffer.byteLength(row);
    if (bytes > maxBytes) break;
    parts.push(row);
    rows++;
  }
  return { csv: parts.join(""), rows };
}
