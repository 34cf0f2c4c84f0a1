import { escapeHtml } from "./labels";

/**
 * The frame every email shares: a single 600px table with inline styles, which Outlook
 * (Word rendering) and phone mail apps both lay out the same way.
 */
export function emailLayout(options: {
  title: string;
  preheader: string;
  body: string;
  footer: string;
}): string {
  const font = "font-family:Arial,Helvetica,sans-serif;";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${escapeHtml(options.title)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(options.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #d1d5db;">
<tr><td style="padding:20px 20px 8px 20px;${font}font-size:20px;line-height:26px;font-weight:bold;color:#111827;">${escapeHtml(options.title)}</td></tr>
${options.body}
<tr><td style="padding:16px 20px 20px 20px;${font}font-size:13px;line-height:19px;color:#4b5563;border-top:1px solid #e5e7eb;">${options.footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

export const FONT = "font-family:Arial,Helvetica,sans-serif;";
