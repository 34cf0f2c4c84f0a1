import { openAuditAction } from "../audit-action-obligation";
import {
  addMonthsToMonth,
  firstDayOfMonth,
  type IsoMonth,
  lastDayOfMonth,
  monthOf,
} from "../dates";
import { firstFullMonth, monthlyAuditsByAuditor } from "../file-audit-obligation";
import { unavailableDaysInMonth } from "../monthly-kpi";
import { isEmployedOn } from "../person-on-date";
import { ragFor } from "../rating";
import {
  AUDIT_GRADES,
  type AuditFact,
  type AuditGrade,
  auditsOf,
  isGoodOrBetter,
  type StaffStatus,
} from "../records";
import type { Policy } from "../settings/policy";
import type { AuditQuality, TeamAuditQuality } from "./digest-model";

export interface AuditQualityInput {
  month: IsoMonth;
  /** Everyone the digest reads (employed at some time since the trend's first month). */
  everyone: readonly StaffStatus[];
  /** The quarter's QA sample as drawn (`qaSampleDigestMonth`); empty when none is on record. */
  qaSample: readonly string[];
  /** The months of the KPI's trend, oldest first. */
  trendMonths: readonly IsoMonth[];
  policy: Pick<Policy, "audits" | "kpi">;
}

/** The first month of the quarter (Jan, Apr, Jul, Oct) holding `month`. */
export function quarterStartOf(month: IsoMonth): IsoMonth {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, "0")}`;
}

/**
 * The month whose digest drew the QA sample of `month`'s quarter: the month before the
 * quarter's first, whose digest draws for the month after it (policy 9.2).
 */
export function qaSampleDigestMonth(month: IsoMonth): IsoMonth {
  return addMonthsToMonth(quarterStartOf(month), -1);
}

/** Count of `of` as a percentage to one decimal, as the KPI rounds; null of none. */
const percent = (count: number, of: number): number | null =>
  of === 0 ? null : Math.round((count * 1000) / of) / 10;

const inMonth = (date: string, month: IsoMonth) => monthOf(date) === month;

/** A count of audits and how many were graded Good or better. */
interface Tally {
  audits: number;
  good: number;
}

/**
 * The digest's quality section, or none for a deployment that has not turned audits on: with
 * `policy.audits.monthlyFrom` unset, no audit dated in the trend's months (the month's
 * included) and no audit action open at the month's end, a section would only say that QA
 * audits were not done. The digest then leaves `audits` out, as one stored before audits did.
 */
export function auditSection(input: AuditQualityInput): AuditQuality | undefined {
  const quality = auditQuality(input);
  const anyAudit =
    quality.trend.some((t) => t.audits > 0) ||
    Object.values(quality.grades).some((n) => n > 0) ||
    quality.openActions > 0;
  return input.policy.audits.monthlyFrom === undefined && !anyAudit ? undefined : quality;
}

/**
 * The digest's quality section (issue #17): how many monthly audits were done of those due,
 * how much of the quarter's QA sample is audited, how the month's audited files were graded
 * against `policy.audits.goodOrBetterTargetPercent`, the audit actions open and overdue on the
 * month's last day, and the share Good or better over the trend's months. Pure; one pass over
 * everyone's audits, whatever the number of teams or months.
 */
export function auditQuality(input: AuditQualityInput): AuditQuality {
  const { month, everyone, policy } = input;
  const monthEnd = lastDayOfMonth(month);
  const grades = Object.fromEntries(AUDIT_GRADES.map((g) => [g, 0])) as Record<AuditGrade, number>;
  const byMonth = new Map<IsoMonth, Tally>(
    input.trendMonths.map((m) => [m, { audits: 0, good: 0 }]),
  );
  const teamTally = new Map<string, Tally>();
  const thisMonth: Tally = { audits: 0, good: 0 };
  const count = (tally: Tally, audit: AuditFact) => {
    tally.audits++;
    if (isGoodOrBetter(audit.grade)) tally.good++;
  };
  for (const { person, facts } of everyone) {
    for (const audit of auditsOf(facts)) {
      const m = monthOf(audit.date);
      const trendMonth = byMonth.get(m);
      if (trendMonth) count(trendMonth, audit);
      if (m !== month) continue;
      grades[audit.grade]++;
      count(thisMonth, audit);
      let team = teamTally.get(person.team);
      if (!team) {
        team = { audits: 0, good: 0 };
        teamTally.set(person.team, team);
      }
      count(team, audit);
    }
  }
  const goodOrBetter = percent(thisMonth.good, thisMonth.audits);
  const atEnd = everyone.filter(({ person }) => isEmployedOn(person, monthEnd));
  const monthly = monthlyAudits(input, atEnd);
  const byTeam: Record<string, TeamAuditQuality> = {};
  const teamOf = (team: string) => {
    byTeam[team] ??= { audits: 0, goodOrBetter: null, openActions: 0, overdueActions: 0 };
    return byTeam[team] as TeamAuditQuality;
  };
  for (const [team, { audits, good }] of teamTally) {
    Object.assign(teamOf(team), { audits, goodOrBetter: percent(good, audits) });
  }
  let openActions = 0;
  let overdueActions = 0;
  for (const { person, facts } of atEnd) {
    const open = openAuditAction(auditsOf(facts), monthEnd);
    if (!open) continue;
    const overdue = monthEnd > open.actionsDueDate;
    openActions++;
    teamOf(person.team).openActions++;
    if (overdue) {
      overdueActions++;
      teamOf(person.team).overdueActions++;
    }
  }
  const target = policy.audits.goodOrBetterTargetPercent;
  return {
    monthly: monthly.department,
    quarterly: quarterly(input),
    grades,
    goodOrBetter,
    openActions,
    overdueActions,
    target,
    rag: ragFor(goodOrBetter, target, policy.kpi.nearTargetPoints),
    monthlyFrom: policy.audits.monthlyFrom ?? null,
    quarterFrom: quarterStartOf(month),
    byService: monthly.byService,
    byTeam: Object.fromEntries(Object.entries(byTeam).sort(([a], [b]) => a.localeCompare(b))),
    trend: input.trendMonths.map((m) => {
      const { audits, good } = byMonth.get(m) ?? { audits: 0, good: 0 };
      return { month: m, audits, goodOrBetter: percent(good, audits) };
    }),
  };
}

/**
 * Policy 9.3: a service manager employed on the month's last day owes its audit once monthly
 * audits are recorded (`monthlyFrom`) and from their first full month, unless they were
 * unavailable for `policy.kpi.excludeWhenUnavailableDays` (14) days or more of it, as the KPI
 * counts it (policy 7a, as the `file_audit` obligation does); done with a monthly audit of
 * their own dated in the month, counted only when due.
 */
function monthlyAudits(
  { month, everyone, policy }: AuditQualityInput,
  atEnd: readonly StaffStatus[],
): { department: AuditQuality["monthly"]; byService: AuditQuality["byService"] } {
  const { monthlyFrom } = policy.audits;
  const byAuditor = monthlyAuditsByAuditor(everyone);
  const department = { due: 0, done: 0 };
  const byService: AuditQuality["byService"] = {};
  const managers = atEnd
    .filter(({ person }) => person.role === "service_manager")
    .sort((a, b) => a.person.service.localeCompare(b.person.service));
  for (const { person: manager, facts } of managers) {
    byService[manager.service] ??= { due: 0, done: 0 };
    const service = byService[manager.service] as { due: number; done: number };
    const owes =
      monthlyFrom !== undefined &&
      month >= monthlyFrom &&
      month >= firstFullMonth(manager.startDate) &&
      unavailableDaysInMonth(manager, facts.absences ?? [], month) <
        policy.kpi.excludeWhenUnavailableDays;
    if (!owes) continue;
    const done = (byAuditor.get(manager.staffId) ?? []).some((d) => inMonth(d, month));
    service.due++;
    department.due++;
    if (done) {
      service.done++;
      department.done++;
    }
  }
  return { department, byService };
}

/** Policy 9.2: of the quarter's QA sample, the files with a quarterly audit since it began. */
function quarterly({ month, everyone, qaSample }: AuditQualityInput): AuditQuality["quarterly"] {
  const from = firstDayOfMonth(quarterStartOf(month));
  const to = lastDayOfMonth(month);
  const drawn = new Set(qaSample);
  const done = everyone.filter(
    ({ person, facts }) =>
      drawn.has(person.staffId) &&
      auditsOf(facts).some((a) => a.kind === "quarterly" && a.date >= from && a.date <= to),
  ).length;
  return { drawn: drawn.size, done };
}
