import {
  addDays,
  addMonthsToMonth,
  type IsoDate,
  type IsoMonth,
  lastDayOfMonth,
  monthOf,
} from "./dates";
import type { KindMilestones } from "./kind-milestones";
import { unavailableDaysInMonth } from "./monthly-kpi";
import { auditsOf, type DateSpan, type StaffMember } from "./records";
import type { WorkingCalendar } from "./settings/calendar";
import { isWorkingDay } from "./working-days";

/** The last working day of a month: when its monthly file audit is due. */
export function lastWorkingDayOf(month: IsoMonth, calendar: WorkingCalendar): IsoDate {
  let day = lastDayOfMonth(month);
  while (!isWorkingDay(day, calendar)) day = addDays(day, -1);
  return day;
}

/** The first calendar month a person works in full: the month they start on its 1st, else the next. */
export function firstFullMonth(startDate: IsoDate): IsoMonth {
  return startDate.endsWith("-01") ? monthOf(startDate) : addMonthsToMonth(monthOf(startDate), 1);
}

/**
 * The month a service manager owes a monthly file audit for on `asOf` (policy 9.3): the month
 * after the one of their latest monthly audit, or, with none yet, their first full month (not
 * before `monthlyFrom`, the first month audits are recorded).
 */
export function owedAuditMonth(
  person: Pick<StaffMember, "startDate">,
  monthlyAuditDates: readonly IsoDate[],
  asOf: IsoDate,
  monthlyFrom: IsoMonth,
): IsoMonth {
  const first = [firstFullMonth(person.startDate), monthlyFrom].sort().at(-1) as IsoMonth;
  const latest = monthlyAuditDates
    .filter((d) => d <= asOf)
    .sort()
    .at(-1);
  if (latest === undefined) return first;
  const next = addMonthsToMonth(monthOf(latest), 1);
  return next > first ? next : first;
}

/** What decides which months a service manager owes an audit for. */
export interface FileAuditContext {
  monthlyAuditDates: readonly IsoDate[];
  monthlyFrom: IsoMonth;
  calendar: WorkingCalendar;
  /** Their absences: a month they were away for `awayDays` days or more is not owed. */
  absences: readonly DateSpan[];
  /** `policy.kpi.excludeWhenUnavailableDays`: away as the KPI counts it. */
  awayDays: number;
}

/** Absences are at most a year or so: past this, a month is owed whatever is recorded. */
const AWAY_MONTHS_AT_MOST = 36;

/**
 * P8 (policy 9.3): each service manager audits one supervision file a month. The month owed is
 * due on its last working day and escalated once the next owed month's last working day passes
 * too: two months without an audit. An audit in a later month settles every month before it
 * (the months missed stay missed in the digest's counts). A month they were away for most of
 * (unavailable as the KPI counts it: 14 days or more by default) is not owed, so a manager back
 * from leave owes the month they return in, not the months they were away.
 */
export function fileAuditMilestones(
  person: StaffMember,
  asOf: IsoDate,
  context: FileAuditContext,
): KindMilestones {
  const { calendar } = context;
  const from = owedAuditMonth(person, context.monthlyAuditDates, asOf, context.monthlyFrom);
  const owed = owedMonthFrom(person, from, context);
  const next = owedMonthFrom(person, addMonthsToMonth(owed, 1), context);
  const dueDate = lastWorkingDayOf(owed, calendar);
  return {
    kind: "file_audit",
    dueDate,
    overdueFrom: addDays(dueDate, 1),
    escalatedFrom: addDays(lastWorkingDayOf(next, calendar), 1),
  };
}

/** The first month from `month` on that the manager was not away for. */
function owedMonthFrom(person: StaffMember, month: IsoMonth, context: FileAuditContext): IsoMonth {
  let candidate = month;
  for (let i = 0; i < AWAY_MONTHS_AT_MOST; i++) {
    if (unavailableDaysInMonth(person, context.absences, candidate) < context.awayDays) break;
    candidate = addMonthsToMonth(candidate, 1);
  }
  return candidate;
}

/** The dates of each auditor's monthly audits, from the audits on everyone's files. */
export function monthlyAuditsByAuditor(
  roster: readonly { facts: { audits?: unknown } | undefined }[],
): Map<string, IsoDate[]> {
  const byAuditor = new Map<string, IsoDate[]>();
  for (const { facts } of roster) {
    for (const audit of auditsOf(facts)) {
      if (audit.kind !== "monthly") continue;
      const dates = byAuditor.get(audit.auditorId);
      if (dates) dates.push(audit.date);
      else byAuditor.set(audit.auditorId, [audit.date]);
    }
  }
  return byAuditor;
}

/**
 * The month whose drawn file a service manager is asked to audit on `date`: the month owed, or,
 * when they are behind, the current month, since one audit now settles every month before it
 * (and the digest they have just had names this month's file).
 */
export function fileToAuditMonth(dueDate: IsoDate, date: IsoDate): IsoMonth {
  return monthOf(dueDate) > monthOf(date) ? monthOf(dueDate) : monthOf(date);
}

/**
 * The months whose audit a service manager has missed by `date`: from the month owed (the one
 * their file audit is due in) to the last one whose last working day has passed.
 */
export function monthsMissed(
  dueDate: IsoDate,
  date: IsoDate,
  calendar: WorkingCalendar,
): IsoMonth[] {
  const months: IsoMonth[] = [];
  for (
    let month = monthOf(dueDate);
    lastWorkingDayOf(month, calendar) < date;
    month = addMonthsToMonth(month, 1)
  )
    months.push(month);
  return months;
}
