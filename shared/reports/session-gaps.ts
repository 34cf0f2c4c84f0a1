import {
  absentDaysWithin,
  addAvailableDays,
  type DaySpan,
  mergeSpans,
} from "../domain/absence-days";
import { addDays, addMonths, daysBetween, type IsoDate, maxDate } from "../domain/dates";
import { isEmployedOn } from "../domain/person-on-date";
import type { DateSpan, StaffMember, SupervisionRecord } from "../domain/records";
import type { Policy } from "../domain/settings/policy";
import { minimumSessionsApply, supervisionHistory } from "../domain/supervision-history";
import { supervisionIntervalDays } from "../domain/supervision-obligation";

/** One session on the record; only formal ones count and carry a gap. */
export interface SessionEntry {
  date: IsoDate;
  type: SupervisionRecord["type"];
  formal: boolean;
  supervisorId?: string;
  durationMinutes?: number;
  /** Formal only: since the previous formal session, or since starting when there was none. */
  gap?: SessionGap;
}

export interface SessionGap {
  days: number;
  since: IsoDate;
  sinceStart: boolean;
  /** The interval the policy set after `since` (agreed, ASYE phase or standard). */
  intervalDays: number;
  /** Absent days between the two, which move the due date later (policy section 4). */
  absentDays: number;
  /** When the session was due: `since` + interval + absent days. */
  dueDate: IsoDate;
  /** Held after its due date: longer than the interval, absences allowed for. */
  longerThanInterval: boolean;
}

/** Formal sessions in the 12 months up to the record's day, against the policy minimum. */
export interface TwelveMonthCount {
  /** The window: after `after`, up to and including `to`. */
  after: IsoDate;
  to: IsoDate;
  formalSessions: number;
  longestGapDays: number;
  /** The minimum that applies to this person, or null when it does not apply (see `basis`). */
  minimum: number | null;
  belowMinimum: boolean;
  /** How the minimum was derived, in words, naming the configuration keys. */
  basis: string;
}

/**
 * Every supervision of the person dated from `from` to `to`, oldest first; each formal one with
 * its gap from the previous formal one (even one before `from`) and whether it came later than
 * the interval allowed.
 */
export function sessionEntries(
  person: StaffMember,
  sessions: readonly SupervisionRecord[],
  absences: readonly DateSpan[],
  range: { from: IsoDate; to: IsoDate },
  policy: Policy["supervision"],
): SessionEntry[] {
  const merged = mergeSpans(absences);
  const sorted = [...sessions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let previousFormal: IsoDate | undefined;
  const entries: SessionEntry[] = [];
  for (const s of sorted) {
    if (s.date > range.to) break;
    const formal = s.type === "formal";
    const before = previousFormal;
    if (formal) previousFormal = s.date;
    if (s.date < range.from) continue;
    const entry: SessionEntry = {
      date: s.date,
      type: s.type,
      formal,
      ...(s.supervisorId === undefined ? {} : { supervisorId: s.supervisorId }),
      ...(s.durationMinutes === undefined ? {} : { durationMinutes: s.durationMinutes }),
    };
    // The engine's reference: the last formal session, never before the start date.
    const since = before === undefined ? person.startDate : maxDate(before, person.startDate);
    // A second formal session on one day is the same date to the engine: no gap of its own.
    if (formal && before !== s.date && s.date >= since) {
      entry.gap = gapTo(s.date, since, before === undefined, person, merged, policy);
    }
    entries.push(entry);
  }
  return entries;
}

function gapTo(
  date: IsoDate,
  since: IsoDate,
  sinceStart: boolean,
  person: StaffMember,
  merged: readonly DaySpan[],
  policy: Policy["supervision"],
): SessionGap {
  const intervalDays = supervisionIntervalDays(person, since, policy);
  const dueDate = addAvailableDays(since, intervalDays, merged);
  const between = daysBetween(since, date) > 1;
  return {
    days: daysBetween(since, date),
    since,
    sinceStart,
    intervalDays,
    absentDays: between ? absentDaysWithin(merged, addDays(since, 1), addDays(date, -1)) : 0,
    dueDate,
    longerThanInterval: date > dueDate,
  };
}

/**
 * The 12-month count and the minimum (docs/policy.md section 3):
 * `policy.supervision.minimumSessionsPerYear` for an operational person employed for the whole
 * 12 months, as the monthly digest applies it; nobody else has one.
 */
export function twelveMonthCount(
  person: StaffMember,
  formalSessions: readonly IsoDate[],
  today: IsoDate,
  policy: Policy["supervision"],
): TwelveMonthCount {
  const after = addMonths(today, -12);
  const history = supervisionHistory(person, formalSessions, today);
  const required = policy.minimumSessionsPerYear;
  const rule = `policy.supervision.minimumSessionsPerYear = ${required} formal sessions in any 12 months (policy 4.1; docs/policy.md section 3), for operational staff employed for the whole 12 months`;
  const reference = formalSessions.filter((d) => d <= today).at(-1) ?? person.startDate;
  const interval = supervisionIntervalDays(person, reference, policy);
  const rhythm = `Their interval now is ${interval} days (${intervalReason(person, interval, policy)}), about ${Math.floor(365 / interval)} sessions a year; reminders follow the interval, the minimum is the floor.`;
  const notApplied = (why: string) => ({
    after,
    to: today,
    formalSessions: history.formalSessionsLast12Months,
    longestGapDays: history.longestGapDays,
    minimum: null,
    belowMinimum: false,
    basis: `Not applied: ${why}. The minimum is ${rule}. ${rhythm}`,
  });
  if (!person.operational) return notApplied("not operational");
  if (!(minimumSessionsApply(person, today) && isEmployedOn(person, today)))
    return notApplied("not employed for the whole 12 months");
  return {
    after,
    to: today,
    formalSessions: history.formalSessionsLast12Months,
    longestGapDays: history.longestGapDays,
    minimum: required,
    belowMinimum: history.formalSessionsLast12Months < required,
    basis: `The minimum is ${rule}. ${rhythm}`,
  };
}

function intervalReason(person: StaffMember, interval: number, policy: Policy["supervision"]) {
  if (person.supervisionIntervalDays !== undefined) return "agreed in their staff record";
  const inAsye = person.qualification === "nqsw" && person.asyeStartDate !== undefined;
  if (inAsye && interval === policy.asye.weeklyIntervalDays) return "ASYE weekly phase";
  if (inAsye && interval === policy.asye.fortnightlyIntervalDays) return "ASYE fortnightly phase";
  return "the standard interval, policy.supervision.intervalDays";
}
