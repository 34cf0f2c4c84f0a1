import { CSV_FILE_NAMES } from "../import/csv-files";
import { ERRORS_SHOWN, errorSummary } from "../import/error-summary";
import type { FolderRefusal, ImportResult } from "../import/import-outcome";
import type { EmailAttachment } from "../ports/email-sender";
import { importErrorsCsv } from "./import-errors-csv";
import { escapeHtml, listOr } from "./labels";
import { emailLayout, FONT } from "./layout";
import type { RenderedEmail } from "./render-reminder";

/** The admin's answer to an import: what changed, or the errors and that nothing changed. */
export function renderImportResult(
  folder: string,
  result: ImportResult | FolderRefusal,
): RenderedEmail & { attachments: EmailAttachment[] } {
  if ("missing" in result) {
    return plain(
      `Import ${folder}: no import files found`,
      `No import file (${listOr(Object.values(CSV_FILE_NAMES))}, or a workbook of the same name, .xlsx) was found in ${folder}. Nothing was changed.`,
      "",
    );
  }
  if ("lockedBy" in result) {
    return plain(
      `Import ${folder}: waiting, another import is running`,
      [
        `Nothing was imported from ${folder} yet: another import (from ${result.lockedBy}) was still running.`,
        "",
        "This import is retried automatically in a few minutes; you will get another email with its result.",
      ].join("\n"),
      "If no result follows, upload the READY file again.",
    );
  }
  if ("tooLarge" in result) {
    const limit = Math.round(result.maxBytes / 1e6);
    const files = result.tooLarge.map((f) => `${f.file} (${(f.bytes / 1e6).toFixed(1)} MB)`);
    return plain(
      `Import ${folder}: refused, file over ${limit} MB, nothing changed`,
      [
        `Nothing was imported from ${folder}: these files are over the ${limit} MB limit (operations.importMaxFileMegabytes):`,
        "",
        ...files,
        "",
        "Check the export (a whole history where one month was meant?), or raise the limit in the stage's configuration.",
      ].join("\n"),
      "Upload the corrected files again with a new READY file.",
    );
  }
  if (result.ok) {
    const lines = Object.entries(result.counts).map(
      ([file, c]) => `${file}: ${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged`,
    );
    const recovered =
      result.recovered > 0
        ? [
            "",
            `${result.recovered} person(s) left half-written by an interrupted import were rebuilt.`,
          ]
        : [];
    return plain(
      `Import ${folder}: done`,
      [`The import from ${folder} was applied.`, "", ...lines, ...recovered].join("\n"),
      "The files are kept in the bucket until they expire.",
    );
  }
  const { errors } = result;
  const subject = `Import ${folder}: rejected, ${errors.length} error(s), nothing changed`;
  const { csv, rows } = importErrorsCsv(errors);
  const attached =
    errors.length <= ERRORS_SHOWN
      ? []
      : [
          "",
          rows === errors.length
            ? "Every error is in the attached import-errors.csv."
            : `The attached import-errors.csv holds the first ${rows} (an email can carry no more).`,
        ];
  const email = plain(
    subject,
    [
      `Nothing was imported from ${folder}: every row is checked first and these must be fixed.`,
      "",
      ...errorSummary(errors),
      ...attached,
    ].join("\n"),
    "Fix the files and upload them again with a new READY file.",
  );
  return {
    ...email,
    attachments:
      errors.length > ERRORS_SHOWN
        ? [{ filename: "import-errors.csv", contentType: "text/csv; charset=utf-8", content: csv }]
        : [],
  };
}

function plain(subject: string, text: string, footer: string) {
  return {
    subject,
    text,
    html: emailLayout({
      title: subject,
      preheader: text.split("\n")[0] ?? subject,
      body: `<tr><td style="padding:8px 20px;${FONT}font-size:14px;line-height:20px;color:#111827;white-space:pre-wrap;">${escapeHtml(text)}</td></tr>`,
      footer,
    }),
    attachments: [] as EmailAttachment[],
  };
}
