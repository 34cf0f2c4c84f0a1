import { addMonthsToMonth, type IsoMonth, lastDayOfMonth } from "../domain/dates";
import type { AuditQuality } from "../domain/digest/digest-model";
import { RATING_WORDS, type Rag, ragFor } from "../domain/rating";
import { AUDIT_GRADES } from "../domain/records";
import { type DetailSection, dayLabel, monthLabel, pct } from "./digest-words";
import { AUDIT_GRADE_LABEL, plural } from "./labels";

export const QUALITY_TITLE = "Quality of supervision (file audits)";

/** The quality section's summary: the month's % Good or better, rated, and its figures in sentences. */
export interface QualitySummary {
  title: string;
  percent: string;
  rag: Rag;
  /** In words, never colour alone. */
  rating: string;
  target: number;
  /** Where near target begins ("75.0%"); none when there is no amber band. */
  nearFrom: string | null;
  /** The department's other figures in sentences, short enough for the printed summary. */
  facts: string[];
}

/** "target 80%; near target from 75.0%". */
export const targetWords = (q: QualitySummary) =>
  `target ${q.target}%${q.nearFrom === null ? "" : `; near target from ${q.nearFrom}`}`;

export interface QualityView {
  summary: QualitySummary;
  /** Each trend month's % Good or better, in the trend's order. */
  trend: { percent: string; audits: number }[];
  /** After the summary: monthly audits by service, actions by team. */
  detail: DetailSection;
}

/** "Oct to Dec 2025" (a calendar quarter never spans two years). */
const quarterLabel = (from: IsoMonth) =>
  `${monthLabel(from).slice(0, 3)} to ${monthLabel(addMonthsToMonth(from, 2))}`;

/**
 * What the digest says of the quality of supervision. In the summary, the department's
 * figures: % Good or better rated against its target, the month's grades, the service
 * managers' monthly audits, the quarter's QA sample, the audit actions open at the month's
 * end. After it: the rating's bands, the monthly audits by service and the open actions by
 * team (a scoped copy lists its own teams, every team's being in the by-team CSV). Beside the
 * KPI's trend, each month's % Good or better.
 */
export function qualityView(
  a: AuditQuality,
  options: {
    month: IsoMonth;
    nearTargetPoints: number;
    /** The scope's name when the copy lists only its own teams ("North Service"). */
    scopeName?: string | undefined;
    teamsInScope?: ReadonlySet<string> | undefined;
  },
): QualityView {
  const month = monthLabel(options.month);
  const monthEnd = dayLabel(lastDayOfMonth(options.month));
  const rag = ragFor(a.goodOrBetter, a.target, options.nearTargetPoints);
  const audited = AUDIT_GRADES.reduce((n, g) => n + a.grades[g], 0);
  const summary: QualitySummary = {
    title: QUALITY_TITLE,
    percent: pct(a.goodOrBetter),
    rag,
    rating: rag === "n/a" ? "No files audited" : RATING_WORDS[rag],
    target: a.target,
    // As `ratingBands` draws the amber band: none with no margin or no target.
    nearFrom:
      options.nearTargetPoints > 0 && a.target > 0
        ? `${Math.max(0, a.target - options.nearTargetPoints).toFixed(1)}%`
        : null,
    facts: [
      audited === 0
        ? `No supervision files were audited in ${month}.`
        : `Grades of the ${plural(audited, "file")} audited in ${month}: ${AUDIT_GRADES.map((g) => `${AUDIT_GRADE_LABEL[g]} ${a.grades[g]}`).join(", ")}.`,
      `Audits done: monthly ${monthlyValue(a, options.month)}; quarterly sample (${quarterLabel(a.quarterFrom)}) ${a.quarterly.drawn === 0 ? "none on record" : `${a.quarterly.done} of ${a.quarterly.drawn} drawn`}.`,
      a.openActions === 0
        ? `No audit actions open on ${monthEnd}.`
        : `Audit actions open on ${monthEnd}: ${a.openActions}, ${a.overdueActions} overdue.`,
    ],
  };
  return {
    summary,
    trend: a.trend.map((t) => ({ percent: pct(t.goodOrBetter), audits: t.audits })),
    detail: detail(a, monthEnd, options),
  };
}

function monthlyValue(a: AuditQuality, month: IsoMonth): string {
  if (a.monthlyFrom === null) return "not recorded here";
  if (month < a.monthlyFrom) return `recorded from ${monthLabel(a.monthlyFrom)}`;
  if (a.monthly.due === 0) return "none due";
  return `${a.monthly.done} of ${a.monthly.due} due`;
}

/**
 * How many teams' open actions the page names at most, most overdue first (the rest are
 * counted, and every team's are in the by-team CSV), so that the digest still prints on two
 * pages when every team has some.
 */
export const ACTION_TEAMS_IN_BODY_AT_MOST = 6;

function detail(
  a: AuditQuality,
  monthEnd: string,
  options: {
    month: IsoMonth;
    scopeName?: string | undefined;
    teamsInScope?: ReadonlySet<string> | undefined;
  },
): DetailSection {
  const { teamsInScope, scopeName } = options;
  const scoped = teamsInScope !== undefined && scopeName !== undefined;
  const services = Object.entries(a.byService)
    .filter(([, s]) => s.due > 0)
    .map(([service, s]) => `${service} ${s.done} of ${s.due}`);
  const teams = Object.entries(a.byTeam)
    .filter(([team, t]) => t.openActions > 0 && (!scoped || teamsInScope.has(team)))
    .sort(
      ([x, s], [y, t]) =>
        t.overdueActions - s.overdueActions || t.openActions - s.openActions || x.localeCompare(y),
    );
  const shown = teams.slice(0, ACTION_TEAMS_IN_BODY_AT_MOST);
  const whose = scoped ? ` in ${scopeName}` : "";
  const inCsv =
    shown.length < teams.length
      ? `, the ${shown.length} with most overdue of ${teams.length} (all in the by-team CSV)`
      : scoped
        ? ", every team's in the by-team CSV"
        : "";
  const actions =
    teams.length === 0
      ? `No audit actions open on ${monthEnd}${whose}.`
      : `Audit actions open on ${monthEnd}${whose} by team${inCsv}:`;
  return {
    title: "Quality of supervision by service and team",
    lines: [
      ...(services.length > 0
        ? [`Monthly audits (policy 9.3) done of due: ${services.join("; ")}.`]
        : []),
      actions,
    ],
    groups: shown.map(([team, t]) => ({
      team,
      count: t.openActions,
      names: [],
      figure: `${t.openActions} open${t.overdueActions > 0 ? `, ${t.overdueActions} overdue` : ""}`,
    })),
  };
}
