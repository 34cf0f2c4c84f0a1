import { openAuditAction } from "../audit-action-obligation";
import {
  addMonthsToMonth,
  firstDayOfMonth,
  type IsoMonth,
  lastDayOfMonth,
  monthOf,
} from "../dates";
import { firstFullMonth, monthlyAuditsByAuditor } from "../file-audit-obligation";
import { isEmployedOn } from "../person-on-date";
import { ragFor } from "../rating";
import {
  AUDIT_GRADES,
  type AuditFact,
  type AuditGrade,
  isGoodOrBetter,
  type PersonFacts,
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

/** Status items written before audits were recorded have none. */
const auditsOf = (facts: PersonFacts | undefined): readonly AuditFact[] =>
  Array.isArray(facts?.audits) ? facts.audits : [];

/** Count of `of` as a percentage to one decimal, as the KPI rounds; null of none. */
const percent = (count: number, of: number): number | null =>
  of === 0 ? null : Math.round((count * 1000) / of) / 10;

const inMonth = (date: string, month: IsoMonth) => monthOf(date) === month;

/**
 * The digest's quality section (issue #17): how many monthly audits were done of those due,
 * how much of the quarter's QA sample is audited, how the month's audited files were graded
 * against `policy.audits.goodOrBetterTargetPercent`, the audit actions open and overdue on the
 * month's last day, and the share Good or better over the trend's months. Pure.
 */
export function auditQuality(input: AuditQualityInput): AuditQuality {
  const { month, everyone, policy } = input;
  const monthEnd = lastDayOfMonth(month);
  const audited = everyone.flatMap((s) =>
    auditsOf(s.facts).map((audit) => ({ audit, team: s.person.team })),
  );
  const thisMonth = audited.filter(({ audit }) => inMonth(audit.date, month));
  const grades = Object.fromEntries(AUDIT_GRADES.map((g) => [g, 0])) as Record<AuditGrade, number>;
  for (const { audit } of thisMonth) grades[audit.grade]++;
  const goodOrBetter = percent(
    thisMonth.filter(({ audit }) => isGoodOrBetter(audit.grade)).length,
    thisMonth.length,
  );
  const atEnd = everyone.filter(({ person }) => isEmployedOn(person, monthEnd));
  const monthly = monthlyAudits(input, atEnd);
  const byTeam: Record<string, TeamAuditQuality> = {};
  const teamOf = (team: string) => {
    byTeam[team] ??= { audits: 0, goodOrBetter: null, openActions: 0, overdueActions: 0 };
    return byTeam[team] as TeamAuditQuality;
  };
  for (const team of new Set(thisMonth.map((a) => a.team))) {
    const mine = thisMonth.filter((a) => a.team === team);
    const good = mine.filter(({ audit }) => isGoodOrBetter(audit.grade)).length;
    Object.assign(teamOf(team), { audits: mine.length, goodOrBetter: percent(good, mine.length) });
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
      const list = audited.filter(({ audit }) => inMonth(audit.date, m));
      const good = list.filter(({ audit }) => isGoodOrBetter(audit.grade)).length;
      return { month: m, audits: list.length, goodOrBetter: percent(good, list.length) };
    }),
  };
}

/**
 * Policy 9.3: a service manager employed on the month's last day owes its audit once monthly
 * audits are recorded (`monthlyFrom`) and from their first full month; done with a monthly
 * audit of their own dated in the month.
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
    .map(({ person }) => person)
    .filter((p) => p.role === "service_manager")
    .sort((a, b) => a.service.localeCompare(b.service));
  for (const manager of managers) {
    byService[manager.service] ??= { due: 0, done: 0 };
    const service = byService[manager.service] as { due: number; done: number };
    const owes =
      monthlyFrom !== undefined &&
      month >= monthlyFrom &&
      month >= firstFullMonth(manager.startDate);
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
