import { stringify } from "csv-stringify/sync";
import type { ImportError } from "../import/read-csv";

/** SES takes 10 MB a message; attachments are base64 (4/3 larger): half of it for the list. */
export const ERRORS_ATTACHMENT_MAX_BYTES = 5_000_000;

/**
 * Every error as CSV for Excel (UTF-8 with a BOM, CRLF), cut to fit an email: how many rows
 * made it is returned with it.
 */
export function importErrorsCsv(
  errors: readonly ImportError[],
  maxBytes = ERRORS_ATTACHMENT_MAX_BYTES,
): { csv: string; rows: number } {
  const header = stringify([], {
    header: true,
    columns: ["file", "line", "column", "rule", "message"],
    bom: true,
    record_delimiter: "windows",
  });
  const parts = [header];
  let bytes = Buffer.byteLength(header);
  let rows = 0;
  for (const e of errors) {
    const row = stringify([[e.file, e.line, e.column, e.rule, e.message]], {
      record_delimiter: "windows",
    });
    bytes += Buffer.byteLength(row);
    if (bytes > maxBytes) break;
    parts.push(row);
    rows++;
  }
  return { csv: parts.join(""), rows };
}
