import { addDays, type IsoDate, isoWeekday } from "./dates";
import type { WorkingCalendar } from "./settings/calendar";
import { workingDayOnOrAfter } from "./working-days";

export const SUMMARY_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"] as const;
export type SummaryWeekday = (typeof SUMMARY_WEEKDAYS)[number];

/**
 * How often a supervisor hears: `weekly` (the default) a summary of everything open on the
 * summary day and, between summaries, only what newly goes overdue or past the limit; `daily`
 * an email whenever anything is new for them.
 */
export const REMINDER_FREQUENCIES = ["weekly", "daily"] as const;
export type ReminderFrequency = (typeof REMINDER_FREQUENCIES)[number];

/** The reminder week a day falls in: from the configured weekday to the day before the next. */
export interface ReminderWeek {
  /** The configured weekday that begins it (possibly a bank holiday). */
  start: IsoDate;
  /** The week's summary day: its first working day (the weekday itself, unless a holiday). */
  summaryDay: IsoDate;
  /** The next week's summary day: what falls due before it rides on this week's emails. */
  nextSummaryDay: IsoDate;
}

/**
 * The reminder week of `asOf`. Weeks begin on `weekday`; a week whose weekday is a bank
 * holiday has its summary on the next working day. A day before its week's summary (only a
 * closed day can be) still belongs to the week before, so every working day is in a week whose
 * summary is on or before it.
 */
export function reminderWeek(
  asOf: IsoDate,
  weekday: SummaryWeekday,
  calendar: WorkingCalendar,
): ReminderWeek {
  const target = SUMMARY_WEEKDAYS.indexOf(weekday) + 1;
  let start = addDays(asOf, -((isoWeekday(asOf) - target + 7) % 7));
  let summaryDay = workingDayOnOrAfter(start, calendar);
  // A long closure can push a summary past the next week's start; 60 weeks back is plenty.
  for (let i = 0; summaryDay > asOf && i < 60; i++) {
    start = addDays(start, -7);
    summaryDay = workingDayOnOrAfter(start, calendar);
  }
  return { start, summaryDay, nextSummaryDay: workingDayOnOrAfter(addDays(start, 7), calendar) };
}

/** The ledger period of everything told in one reminder week: `wk` and the week's start. */
export function weekPeriod(week: Pick<ReminderWeek, "start">): string {
  return `wk${week.start}`;
}
