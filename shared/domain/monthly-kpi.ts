import { absentDaysWithin, mergeSpans } from "./absence-days";
import {
  addDays,
  daysBetween,
  firstDayOfMonth,
  type IsoDate,
  type IsoMonth,
  lastDayOfMonth,
} from "./dates";
import { newestFact } from "./person-facts";
import type { Absence, DateSpan, StaffMember, StaffStatus, SupervisionRecord } from "./records";
import type { Policy } from "./settings/policy";

export const CATEGORIES = ["qualified", "nqsw", "agency", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

export interface KpiCounts {
  due: number;
  supervised: number;
  /** supervised ÷ due × 100 to one decimal place; null when nobody is due. */
  compliance: number | null;
}

export interface MonthlyKpi {
  month: IsoMonth;
  target: number;
  overall: KpiCounts;
  byCategory: Record<Category, KpiCounts>;
  byTeam: Record<string, KpiCounts>;
  byService: Record<string, KpiCounts>;
}

/** How one operational person counted in the month; the digest builds its exceptions on this. */
export interface KpiPersonRow {
  staffId: string;
  team: string;
  service: string;
  category: Category;
  unavailableDays: number;
  due: boolean;
  supervised: boolean;
}

export interface MonthlyKpiInput {
  month: IsoMonth;
  /** Everyone who may have been employed in the month; others are ignored. */
  roster: readonly StaffMember[];
  absences: readonly Absence[];
  supervisions: readonly SupervisionRecord[];
}

/** KPI category (README, the KPI): agency first, then newly qualified, then qualified. */
export function categoryOf(person: StaffMember): Category {
  if (person.employment === "agency") return "agency";
  if (person.qualification === "nqsw") return "nqsw";
  if (person.qualification === "qualified") return "qualified";
  return "other";
}

/** Rounds half up to one decimal without floating-point drift (5/6 → 83.3, 1/8 → 12.5). */
export function compliancePercent(supervised: number, due: number): number | null {
  if (due === 0) return null;
  return Math.round((supervised * 1000) / due) / 10;
}

/**
 * Days of the month a person could not be supervised: before starting, after leaving, or
 * absent, each day counted once however many of these cover it (KPI step 1).
 */
export function unavailableDaysInMonth(
  person: StaffMember,
  absences: readonly DateSpan[],
  month: IsoMonth,
): number {
  const first = firstDayOfMonth(month);
  const last = lastDayOfMonth(month);
  const spans: DateSpan[] = [...absences];
  if (person.startDate > first)
    spans.push({ startDate: first, endDate: addDays(person.startDate, -1) });
  if (person.endDate !== undefined && person.endDate < last) {
    spans.push({ startDate: addDays(person.endDate, 1), endDate: last });
  }
  return Math.min(absentDaysWithin(mergeSpans(spans), first, last), daysBetween(first, last) + 1);
}

function employedDuring(person: StaffMember, first: IsoDate, last: IsoDate): boolean {
  return person.startDate <= last && (person.endDate === undefined || person.endDate >= first);
}

/** The people counted in a month's KPI, one row each (operational staff employed in the month). */
export function kpiPeople(input: MonthlyKpiInput, policy: Policy["kpi"]): KpiPersonRow[] {
  const first = firstDayOfMonth(input.month);
  const last = lastDayOfMonth(input.month);
  const absencesOf = groupBy(input.absences, (a) => a.staffId);
  const supervisedIds = new Set(
    input.supervisions
      .filter((s) => s.type === "formal" && s.date >= first && s.date <= last)
      .map((s) => s.staffId),
  );
  return input.roster
    .filter((p) => p.operational && employedDuring(p, first, last))
    .map((person) =>
      kpiRow(
        person,
        absencesOf.get(person.staffId) ?? [],
        supervisedIds.has(person.staffId),
        input.month,
        policy,
      ),
    );
}

/**
 * The same rows from the people's status items alone: their facts hold every formal session
 * and absence of the month when `factsCoverMonth` says so (the caller checks it first).
 */
export function kpiPeopleFromFacts(
  month: IsoMonth,
  roster: readonly StaffStatus[],
  policy: Policy["kpi"],
): KpiPersonRow[] {
  const first = firstDayOfMonth(month);
  const last = lastDayOfMonth(month);
  return roster
    .filter(({ person }) => person.operational && employedDuring(person, first, last))
    .map(({ person, facts }) =>
      kpiRow(
        person,
        facts.absences.filter((a) => a.startDate <= last && a.endDate >= first),
        facts.formalSessions.some((d) => d >= first && d <= last),
        month,
        policy,
      ),
    );
}

/**
 * True when every operational person's facts are complete for the month: facts keep whatever
 * is dated within the window before a person's newest fact, so a month that starts on or after
 * that cutoff lost nothing. Otherwise (an older month, or a malformed item) read its records.
 */
export function factsCoverMonth(
  month: IsoMonth,
  roster: readonly StaffStatus[],
  windowDays: number,
): boolean {
  const first = firstDayOfMonth(month);
  const last = lastDayOfMonth(month);
  return roster.every(({ person, facts }) => {
    if (!person.operational || !employedDuring(person, first, last)) return true;
    if (!wellFormedFacts(facts)) return false;
    const newest = newestFact(facts);
    return newest === undefined || first >= addDays(newest, -windowDays);
  });
}

function wellFormedFacts(facts: StaffStatus["facts"] | undefined): boolean {
  return (
    facts !== undefined &&
    [
      facts.formalSessions,
      facts.absences,
      facts.agreementsSigned,
      facts.appraisals,
      facts.training,
    ].every(Array.isArray)
  );
}

function kpiRow(
  person: StaffMember,
  absences: readonly DateSpan[],
  hadFormalSession: boolean,
  month: IsoMonth,
  policy: Policy["kpi"],
): KpiPersonRow {
  const unavailableDays = unavailableDaysInMonth(person, absences, month);
  const due = unavailableDays < policy.excludeWhenUnavailableDays;
  return {
    staffId: person.staffId,
    team: person.team,
    service: person.service,
    category: categoryOf(person),
    unavailableDays,
    due,
    supervised: due && hadFormalSession,
  };
}

/** The monthly KPI exactly as the README defines it, overall and by category, team and service. */
export function computeMonthlyKpi(input: MonthlyKpiInput, policy: Policy["kpi"]): MonthlyKpi {
  return summariseKpi(input.month, kpiPeople(input, policy), policy.targetPercent);
}

export function summariseKpi(
  month: IsoMonth,
  rows: readonly KpiPersonRow[],
  target: number,
): MonthlyKpi {
  const byCategory = Object.fromEntries(
    CATEGORIES.map((c) => [c, countRows(rows.filter((r) => r.category === c))]),
  ) as Record<Category, KpiCounts>;
  return {
    month,
    target,
    overall: countRows(rows),
    byCategory,
    byTeam: countBy(rows, (r) => r.team),
    byService: countBy(rows, (r) => r.service),
  };
}

function countRows(rows: readonly KpiPersonRow[]): KpiCounts {
  const due = rows.filter((r) => r.due).length;
  const supervised = rows.filter((r) => r.supervised).length;
  return { due, supervised, compliance: compliancePercent(supervised, due) };
}

function countBy(rows: readonly KpiPersonRow[], key: (r: KpiPersonRow) => string) {
  const groups = groupBy(rows, key);
  return Object.fromEntries(
    [...groups.keys()].sort().map((k) => [k, countRows(groups.get(k) ?? [])]),
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
