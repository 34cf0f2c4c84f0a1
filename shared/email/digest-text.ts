import { type QualitySummary, targetWords } from "./digest-quality-view";
import type { DetailSection, DigestPage, RatedRow } from "./digest-view";

/** A 20-character bar for 0–100%, `|` at the target: "=================|  ". */
export function textBar(compliance: number | null, target: number): string {
  const width = 20;
  const filled = compliance === null ? 0 : Math.round((compliance / 100) * width);
  const mark = Math.round((target / 100) * width);
  let bar = "";
  for (let i = 0; i <= width; i++) {
    if (i === mark) bar += "|";
    if (i < width) bar += i < filled ? "=" : " ";
  }
  return bar.trimEnd();
}

function table(title: string, first: string, rows: readonly RatedRow[]): string[] {
  const width = Math.max(first.length, ...rows.map((r) => r.label.length));
  const counts = Math.max(10, ...rows.map((r) => r.counts.length));
  return [
    title.toUpperCase(),
    `${first.padEnd(width)}  ${"supervised".padStart(counts)}  ${"%".padStart(6)}  ${"rating".padEnd(12)}  not counted`,
    ...rows.map(
      (r) =>
        `${r.label.padEnd(width)}  ${r.counts.padStart(counts)}  ${r.percent.padStart(6)}  ${r.rating.padEnd(12)}  ${r.notCounted}`,
    ),
  ];
}

function section(s: DetailSection): string[] {
  return [
    s.title.toUpperCase(),
    ...s.lines,
    ...s.groups.map(
      (g) => `- ${g.team}: ${g.names.length > 0 ? g.names.join(", ") : (g.figure ?? g.count)}`,
    ),
  ];
}

function quality(q: QualitySummary): string[] {
  return [
    q.title.toUpperCase(),
    `Files Good or better: ${q.percent}: ${q.rating.toUpperCase()} (${targetWords(q)})`,
    ...q.facts,
  ];
}

/**
 * The digest as plain text, from the same page as the HTML: headline, the trend with the
 * target marked and each month's rating in words, the category, service and team tables, the
 * named detail, coverage and caseloads.
 */
export function digestText(page: DigestPage): string {
  return [
    page.subject,
    "",
    page.greeting,
    page.scopeNote,
    "",
    `${page.headline.percent}: ${page.headline.rating.toUpperCase()} (target ${page.target}%)`,
    ...page.headline.lines,
    ...page.personal.flatMap((p) => ["", p]),
    "",
    `12-MONTH TREND (| marks the ${page.target}% target)`,
    ...page.trend.map(
      (t) =>
        `${t.month}  ${t.percent.padStart(6)}  ${t.rating.padEnd(12)}  ${t.goodOrBetter ? `${textBar(t.compliance, page.target).padEnd(21)}  files Good or better ${t.goodOrBetter.percent} of ${t.goodOrBetter.audits}` : textBar(t.compliance, page.target)}`,
    ),
    `Rating: ${page.ratingKey}`,
    "",
    ...table("By category", "category", page.categories),
    "",
    ...table("By service", "service", page.services),
    ...(page.quality ? ["", ...quality(page.quality)] : []),
    "",
    ...table(page.teamsTitle, "team", page.teams),
    page.teamsNote,
    ...[...page.detail, ...page.context].flatMap((s) => ["", ...section(s)]),
    "",
    page.footer,
  ].join("\n");
}
