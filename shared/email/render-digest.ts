import type { Digest } from "../domain/digest/digest-model";
import type { DigestScope } from "../domain/digest/digest-scope";
import type { Rag } from "../domain/rating";
import { type QualitySummary, targetWords } from "./digest-quality-view";
import { digestText } from "./digest-text";
import { type DetailSection, digestPage, type RatedRow } from "./digest-view";
import { breakable, escapeHtml } from "./labels";
import { dataTable, emailLayout, FONT } from "./layout";
import type { RenderedEmail } from "./render-reminder";

export interface DigestEmailView {
  digest: Digest;
  recipientName: string;
  /** Names for the ids in the digest (already cut to the recipient's scope). */
  nameOf: (staffId: string) => string;
  /** The rating's amber band (`policy.kpi.nearTargetPoints`). */
  nearTargetPoints: number;
  senderName: string;
  /** Whose names this copy carries (the department when not given); `digest` is already cut to it (`scopedDigest`). */
  scope?: DigestScope | undefined;
  /** The teams of the recipient's scope, listed in the body's team table (all when not given). */
  teamsInScope?: ReadonlySet<string> | undefined;
  /** A service manager's file to audit this month. */
  auditFile?: { staffId: string; team: string } | undefined;
  /** For quality-assurance recipients in a quarter's first month. */
  qaSample?: { staffId: string; team: string }[] | undefined;
}

/**
 * Each rating's colours: dark text on a pale ground, every pair at least 4.5:1 (tested), and
 * the rating always in words too. The bar colours are not text.
 */
export const RATING_COLOURS: Record<Rag, { background: string; text: string; bar: string }> = {
  green: { background: "#e6f4ea", text: "#14532d", bar: "#2f7d4a" },
  amber: { background: "#fff4d6", text: "#6b4500", bar: "#c98a12" },
  red: { background: "#fde8e8", text: "#8a1c1c", bar: "#b42323" },
  "n/a": { background: "#eeeeee", text: "#333333", bar: "#9ca3af" },
};
export const TEXT = "#111827";
export const MUTED = "#4b5563";
export const TARGET_MARK = "#111827";

/**
 * How the page prints (A4; the summary on the first page, the named detail from the second)
 * and keeps to a phone's width. Inline styles are what email clients read; these rules
 * only override them for print, so they need `!important`.
 */
const DIGEST_CSS = `<style>
@page { size: A4; margin: 10mm 11mm; }
@media print {
  body, .dg-outer { background: #ffffff !important; }
  .dg-outer > tbody > tr > td { padding: 0 !important; }
  .dg-frame { border: 0 !important; max-width: none !important; }
  .dg-frame > tbody > tr > td { padding-left: 0 !important; padding-right: 0 !important; }
  .dg-frame > tbody > tr:first-child > td { padding-top: 0 !important; font-size: 15pt !important; line-height: 19pt !important; }
  .dg th, .dg td, .dg caption { font-size: 8pt !important; line-height: 10pt !important; padding-top: 1px !important; padding-bottom: 1px !important; }
  .dg p, .dg li { font-size: 8.5pt !important; line-height: 11pt !important; margin: 0 0 3px 0 !important; }
  .dg h2 { font-size: 10pt !important; line-height: 12pt !important; margin: 5px 0 1px 0 !important; }
  .dg-frame > tbody > tr:last-child > td { padding: 4px 0 0 0 !important; font-size: 8pt !important; line-height: 10pt !important; }
  .dg .dg-big { font-size: 20pt !important; line-height: 22pt !important; }
  .dg-gap { margin-bottom: 4px !important; }
  .dg-pair > div { display: inline-block !important; width: 48.5% !important; vertical-align: top; }
  .dg-pair > div + div { margin-left: 2.5% !important; }
  .dg-facts > div { display: inline-block !important; width: 48.5% !important; vertical-align: top; }
  .dg-facts > div:nth-child(even) { margin-left: 2.5% !important; }
  .dg-keep, .dg tr { page-break-inside: avoid; break-inside: avoid; }
  .dg-detail { page-break-before: always; break-before: page; }
  .dg-bar td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .dg-badge { white-space: nowrap; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>`;

/** A name or team with no spaces (`=HYPERLINK("http://…")`) may break anywhere rather than widen the page. */
const BREAK = "overflow-wrap:anywhere;word-break:break-word;";

const p = (html: string, extra = "") =>
  `<p style="margin:0 0 8px 0;${BREAK}${FONT}font-size:14px;line-height:20px;color:${TEXT};${extra}">${html}</p>`;
const h2 = (text: string) =>
  `<h2 style="margin:18px 0 6px 0;${FONT}font-size:17px;line-height:22px;font-weight:bold;color:${TEXT};">${escapeHtml(text)}</h2>`;

function badge(rag: Rag, words: string): string {
  const c = RATING_COLOURS[rag];
  return `<span class="dg-badge" style="background:${c.background};color:${c.text};border:1px solid ${c.text};padding:0 4px;display:inline-block;">${escapeHtml(words)}</span>`;
}

/**
 * A bar for 0–100% with the target marked by a dark 2px line; cells of set widths, which
 * Outlook draws where it ignores CSS. Hidden from screen readers: the row says the figure.
 */
function bar(compliance: number | null, target: number, rag: Rag): string {
  const value = Math.max(0, Math.min(100, Math.round(compliance ?? 0)));
  const goal = Math.max(0, Math.min(100, Math.round(target)));
  const colour = RATING_COLOURS[rag].bar;
  // Cells from 0 to 100; the one starting at the target carries the mark on its left edge
  // (at 100% the last one carries it on its right).
  const edges = [...new Set([0, value, goal, 100])].sort((a, b) => a - b);
  const cells = edges.slice(0, -1).map((from, i) => {
    const to = edges[i + 1] as number;
    const fill = to <= value ? colour : "#e5e7eb";
    const mark =
      from === goal
        ? `border-left:2px solid ${TARGET_MARK};`
        : goal === 100 && to === 100
          ? `border-right:2px solid ${TARGET_MARK};`
          : "";
    return `<td width="${to - from}%" height="10" bgcolor="${fill}" style="width:${to - from}%;height:10px;background:${fill};${mark}font-size:0;line-height:0;">&nbsp;</td>`;
  });
  return `<table class="dg-bar" role="presentation" aria-hidden="true" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;min-width:60px;border-collapse:collapse;"><tr>${cells.join("")}</tr></table>`;
}

function ratedTable(caption: string, first: string, rows: readonly RatedRow[]): string {
  return gap(
    dataTable({
      caption,
      fontSize: 13,
      columns: [
        { header: first },
        { header: "Supervised", align: "right", style: "white-space:nowrap;" },
        { header: "%", align: "right", style: "white-space:nowrap;" },
        { header: "Rating" },
        { header: "Not counted", align: "right" },
      ],
      rows: rows.map((r) => [
        breakable(r.label),
        escapeHtml(r.counts),
        escapeHtml(r.percent),
        badge(r.rag, r.rating),
        String(r.notCounted),
      ]),
    }),
  );
}

/** A table with room below it before the next. */
const gap = (html: string) => `<div class="dg-gap" style="margin:0 0 14px 0;">${html}</div>`;

/**
 * The team table; past 12 teams in two halves, side by side on paper (worst first down the
 * left, then the right) and one after the other on a screen.
 */
function teamTables(title: string, teams: readonly RatedRow[]): string {
  if (teams.length <= 12) return ratedTable(title, "Team", teams);
  const half = Math.ceil(teams.length / 2);
  return `<div class="dg-pair"><div>${ratedTable(`${title} (1 to ${half})`, "Team", teams.slice(0, half))}</div><div>${ratedTable(`${title} (${half + 1} to ${teams.length})`, "Team", teams.slice(half))}</div></div>`;
}

/** A part of the detail: its sentences, then its teams in one flowing paragraph. */
function detailSection(s: DetailSection): string {
  const groups = s.groups
    .map(
      (g) =>
        `<strong>${escapeHtml(g.team)}</strong>${g.names.length > 0 ? `: ${escapeHtml(g.names.join(", "))}` : g.figure ? `: ${escapeHtml(g.figure)}` : ` ${g.count}`}`,
    )
    .join("; ");
  return `<div class="dg-keep">${h2(s.title)}${s.lines.map((l) => p(escapeHtml(l))).join("")}${groups ? p(groups) : ""}</div>`;
}

/**
 * The quality section's summary across the page: % Good or better, its rating in words and the
 * target, then its figures; two to a row on paper, one after the other on a phone.
 */
function qualitySummary(q: QualitySummary): string {
  const facts = [
    `<strong>Files Good or better: ${escapeHtml(q.percent)}</strong> ${badge(q.rag, q.rating)} (${escapeHtml(targetWords(q))})`,
    ...q.facts.map(escapeHtml),
  ];
  return gap(
    `<div class="dg-keep">${h2(q.title)}<div class="dg-facts">${facts.map((f) => `<div>${p(f)}</div>`).join("")}</div></div>`,
  );
}

/** The monthly digest: pure, view model in, subject/text/html out. */
export function renderDigestEmail(view: DigestEmailView): RenderedEmail {
  const page = digestPage(view);
  const head = RATING_COLOURS[page.headline.rag];
  // Beside each month's KPI, the share of files audited Good or better: the two trends read
  // together, row by row.
  const files = page.quality !== undefined;
  const trend = dataTable({
    caption: `12-month trend (the dark line marks the ${page.target}% target)`,
    fontSize: 13,
    columns: [
      { header: "Month", style: "white-space:nowrap;" },
      { header: "%", align: "right", style: "white-space:nowrap;" },
      { header: "Rating", style: "white-space:nowrap;" },
      { header: "Against the target" },
      ...(files
        ? [
            {
              header: "Files Good or better",
              align: "right" as const,
              style: "white-space:nowrap;",
            },
          ]
        : []),
    ],
    rows: page.trend.map((t) => [
      escapeHtml(t.month),
      escapeHtml(t.percent),
      badge(t.rag, t.rating),
      bar(t.compliance, page.target, t.rag),
      ...(files ? [escapeHtml(t.goodOrBetter?.percent ?? "n/a")] : []),
    ]),
  });

  const summary = [
    p(escapeHtml(page.greeting)),
    p(escapeHtml(page.scopeNote), `color:${MUTED};`),
    `<div class="dg-keep" style="background:${head.background};border:1px solid ${head.text};padding:10px 12px;margin:0 0 8px 0;">
<p style="margin:0;${FONT}color:${head.text};"><span class="dg-big" style="font-size:32px;line-height:38px;font-weight:bold;">${escapeHtml(page.headline.percent)}</span> <span style="font-size:17px;font-weight:bold;">${escapeHtml(page.headline.rating)}</span> <span style="font-size:15px;">(target ${page.target}%)</span></p>
${page.headline.lines.map((l) => p(escapeHtml(l), `margin:4px 0 0 0;color:${head.text};`)).join("")}
</div>`,
    ...page.personal.map((line) => p(`<strong>${escapeHtml(line)}</strong>`)),
    `<div class="dg-pair"><div>${gap(trend)}${p(escapeHtml(`Rating: ${page.ratingKey}`), `font-size:12px;line-height:16px;color:${MUTED};`)}</div><div>${ratedTable("By category", "Category", page.categories)}${ratedTable("By service", "Service", page.services)}</div></div>`,
    ...(page.quality ? [qualitySummary(page.quality)] : []),
    teamTables(page.teamsTitle, page.teams),
    p(escapeHtml(page.teamsNote), `font-size:12px;line-height:16px;color:${MUTED};`),
  ].join("\n");
  const detail = `<div class="dg-detail">${page.detail.map(detailSection).join("\n")}
<div class="dg-pair">${[0, 1]
    .map(
      (side) =>
        `<div>${page.context
          .filter((_, i) => i % 2 === side)
          .map(detailSection)
          .join("")}</div>`,
    )
    .join("")}</div></div>`;
  // The marker lets the print check measure the summary alone: it must fit the first page.
  const body = `<tr><td class="dg" style="padding:0 12px 8px 12px;${FONT}font-size:14px;line-height:20px;color:${TEXT};">
${summary}
<!-- summary-end -->
${detail}
</td></tr>`;
  const html = emailLayout({
    title: page.subject,
    preheader: `${page.headline.percent} ${page.headline.rating.toLowerCase()}. ${page.headline.lines[0]}`,
    body,
    footer: escapeHtml(page.footer),
  })
    .replace("</head>", `${DIGEST_CSS}\n</head>`)
    // The frame's outer and content tables, so that the print rules can reach them.
    .replace(
      '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">',
      '<table class="dg-outer" role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">',
    )
    .replace(
      '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:',
      '<table class="dg-frame" role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:',
    );
  return { subject: page.subject, text: digestText(page), html };
}
