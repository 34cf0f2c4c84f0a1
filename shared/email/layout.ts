import { breakable, escapeHtml } from "./labels";

export const FONT = "font-family:Arial,Helvetica,sans-serif;";

/** The content column's width: Outlook desktop gets exactly this, narrower screens the whole width. */
export const CONTENT_WIDTH = 600;

/**
 * The frame every email shares. Layout tables are `role="presentation"` (screen readers skip
 * their structure); the data inside uses real header cells (`dataTable`).
 *
 * - The content is one table 100% wide up to 600px (`max-width`), which phone and web mail
 *   honour. Outlook desktop (Word's engine) ignores `max-width`, so for it alone a conditional
 *   (`<!--[if mso]>`) 600px table wraps the content: fixed width there, fluid everywhere else.
 * - The preheader (the line inboxes show after the subject) is hidden everywhere: `display:none`
 *   and zero size for most clients, `mso-hide:all` for Outlook desktop, which ignores the rest.
 * - `lang="en-GB"`: screen readers speak it with British pronunciation and dates.
 */
export function emailLayout(options: {
  title: string;
  preheader: string;
  body: string;
  footer: string;
}): string {
  return `<!DOCTYPE html>
<html lang="en-GB" xml:lang="en-GB" xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no">
<title>${escapeHtml(options.title)}</title>
<!--[if mso]><noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript><![endif]-->
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all;">${escapeHtml(options.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:16px 8px;">
<!--[if mso]><table role="presentation" align="center" width="${CONTENT_WIDTH}" cellpadding="0" cellspacing="0" border="0"><tr><td width="${CONTENT_WIDTH}"><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:${CONTENT_WIDTH}px;background:#ffffff;border:1px solid #d1d5db;">
<tr><td style="padding:20px 20px 8px 20px;${FONT}font-size:20px;line-height:26px;font-weight:bold;color:#111827;">${escapeHtml(options.title)}</td></tr>
${options.body}
<tr><td style="padding:16px 20px 20px 20px;${FONT}font-size:13px;line-height:19px;color:#4b5563;border-top:1px solid #e5e7eb;">${options.footer}</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`;
}

/** One column of a data table: its header (plain text) and how its cells align. */
export interface DataColumn {
  header: string;
  align?: "left" | "right";
  /** Cell style added to the defaults (e.g. `white-space:nowrap;`). */
  style?: string;
}

/**
 * A table of data a screen reader can read as one: a `<caption>` naming it (hidden from view
 * when `hideCaption`, since a heading above usually says the same), `<th scope="col">` for each
 * column header, and the first cell of each row a `<th scope="row">` (it names the row). Never
 * `role="presentation"`. Cells are HTML: escape text before passing it.
 */
export function dataTable(options: {
  caption: string;
  hideCaption?: boolean;
  columns: readonly DataColumn[];
  rows: readonly (readonly string[])[];
  fontSize?: number;
}): string {
  const size = options.fontSize ?? 15;
  const cell = (px: number, colour: string) =>
    `padding:6px 8px 6px 0;${FONT}font-size:${px}px;line-height:${px + 6}px;color:${colour};vertical-align:top;border-bottom:1px solid #e5e7eb;`;
  const base = cell(size, "#111827");
  const align = (c: DataColumn | undefined) => `text-align:${c?.align ?? "left"};`;
  const captionStyle = options.hideCaption
    ? "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;"
    : `caption-side:top;text-align:left;padding:0 0 4px 0;${FONT}font-size:${size}px;font-weight:bold;color:#111827;`;
  const head = options.columns
    .map(
      (c) =>
        `<th scope="col" style="${cell(size - 2, "#4b5563")}${align(c)}font-weight:normal;">${escapeHtml(c.header)}</th>`,
    )
    .join("");
  const body = options.rows
    .map((row) => {
      const cells = row.map((html, i) => {
        const column = options.columns[i];
        const style = `${base}${align(column)}${column?.style ?? ""}`;
        return i === 0
          ? `<th scope="row" style="${style}font-weight:bold;">${html}</th>`
          : `<td style="${style}">${html}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<table width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:collapse;">
<caption style="${captionStyle}">${breakable(options.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}
