import { formatImportError } from "../import/read-csv";
import type { ImportResult } from "../use-cases/import-files";
import { escapeHtml } from "./labels";
import { emailLayout, FONT } from "./layout";
import type { RenderedEmail } from "./render-reminder";

/** The admin's answer to an import: what changed, or every error and that nothing changed. */
export function renderImportResult(
  folder: string,
  result: ImportResult | { ok: false; missing: true },
): RenderedEmail {
  if ("missing" in result) {
    const subject = `Import ${folder}: no import files found`;
    const text = `No staff.csv, supervisions.csv, absences.csv, agreements.csv, appraisals.csv or training.csv was found in ${folder}. Nothing was changed.`;
    return {
      subject,
      text,
      html: emailLayout({ title: subject, preheader: text, body: paragraph(text), footer: "" }),
    };
  }
  if (result.ok) {
    const lines = Object.entries(result.counts).map(
      ([file, c]) => `${file}: ${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged`,
    );
    const subject = `Import ${folder}: done`;
    const text = [`The import from ${folder} was applied.`, "", ...lines].join("\n");
    return {
      subject,
      text,
      html: emailLayout({
        title: subject,
        preheader: lines[0] ?? subject,
        body: paragraph(text),
        footer: "The files are kept in the bucket.",
      }),
    };
  }
  const lines = result.errors.map(formatImportError);
  const subject = `Import ${folder}: rejected, ${result.errors.length} error(s), nothing changed`;
  const text = [
    `Nothing was imported from ${folder}: every row is checked first and these must be fixed.`,
    "",
    ...lines,
  ].join("\n");
  return {
    subject,
    text,
    html: emailLayout({
      title: subject,
      preheader: subject,
      body: paragraph(text),
      footer: "Fix the files and upload them again with a new READY file.",
    }),
  };
}

function paragraph(text: string): string {
  return `<tr><td style="padding:8px 20px;${FONT}font-size:14px;line-height:20px;color:#111827;white-space:pre-wrap;">${escapeHtml(text)}</td></tr>`;
}
