import { addMonthsToMonth, firstDayOfMonth, type IsoDate, type IsoMonth, monthOf } from "../dates";
import type { WorkingCalendar } from "../settings/calendar";
import { nthWorkingDayFrom } from "../working-days";

/**
 * The digest for a month runs on the next month's first working day; by its 3rd working day
 * it must be recorded, leaving two working days for a failed run to be retried or rerun.
 */
export const DIGEST_DUE_BY_WORKING_DAY = 3;

/** Which month's digest should be recorded by `date`, and whether that day has come. */
export function digestExpectedOn(
  date: IsoDate,
  calendar: WorkingCalendar,
): { month: IsoMonth; dueBy: IsoDate; due: boolean } {
  const dueBy = nthWorkingDayFrom(
    firstDayOfMonth(monthOf(date)),
    DIGEST_DUE_BY_WORKING_DAY,
    calendar,
  );
  return { month: addMonthsToMonth(monthOf(date), -1), dueBy, due: date >= dueBy };
}
