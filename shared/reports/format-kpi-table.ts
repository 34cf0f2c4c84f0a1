import type { KpiCounts, MonthlyKpi } from "../domain/monthly-kpi";
import { RATING_WORDS, ragFor, ratingBands } from "../domain/rating";

/**
 * The KPI as a plain-text table for a terminal: overall, by category, service and team, each
 * rated as the digest rates it (`nearTargetPoints`: `policy.kpi.nearTargetPoints`).
 */
export function formatKpiTable(kpi: MonthlyKpi, nearTargetPoints: number): string {
  const rows: [string, KpiCounts][] = [
    ["All operational staff", kpi.overall],
    ...Object.entries(kpi.byCategory).map(([k, v]): [string, KpiCounts] => [
      `  ${categoryLabel(k)}`,
      v,
    ]),
    ...section("Service", kpi.byService),
    ...section("Team", kpi.byTeam),
  ];
  const width = Math.max(...rows.map(([label]) => label.length), 24);
  const header = `${"".padEnd(width)}  ${"due".padStart(5)}  ${"supervised".padStart(10)}  ${"compliance".padStart(10)}  rating`;
  const lines = rows.map(([label, c]) => {
    if (label.endsWith(":")) return label;
    const pct = c.compliance === null ? "n/a" : `${c.compliance.toFixed(1)}%`;
    const verdict =
      c.compliance === null ? "" : RATING_WORDS[ragFor(c.compliance, kpi.target, nearTargetPoints)];
    return `${label.padEnd(width)}  ${String(c.due).padStart(5)}  ${String(c.supervised).padStart(10)}  ${pct.padStart(10)}  ${verdict}`;
  });
  return [
    `Supervision compliance ${kpi.month} (target ${kpi.target}%): operational staff with a formal supervision in the month`,
    header,
    ...lines,
    `Rating: ${ratingBands(kpi.target, nearTargetPoints)
      .map((b) => `${b.words.toLowerCase()} ${b.range}`)
      .join("; ")}.`,
  ].join("\n");
}

function section(title: string, counts: Record<string, KpiCounts>): [string, KpiCounts][] {
  const empty: KpiCounts = { due: 0, supervised: 0, compliance: null };
  return [
    [`${title}:`, empty],
    ...Object.entries(counts).map(([k, v]): [string, KpiCounts] => [`  ${k}`, v]),
  ];
}

function categoryLabel(category: string): string {
  return (
    { qualified: "Qualified", nqsw: "Newly qualified (NQSW)", agency: "Agency", other: "Other" }[
      category
    ] ?? category
  );
}
