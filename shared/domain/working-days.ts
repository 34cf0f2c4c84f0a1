import { addDays, type IsoDate, isoWeekday } from "./dates";
import type { WorkingCalendar } from "./settings/calendar";

/** Monday to Friday, not a bank holiday, not a closure day. */
export function isWorkingDay(date: IsoDate, calendar: WorkingCalendar): boolean {
  const weekday = isoWeekday(date);
  return (
    weekday <= 5 && !calendar.bankHolidays.includes(date) && !calendar.closureDays.includes(date)
  );
}

/** The first working day on or after `date`. */
export function workingDayOnOrAfter(date: IsoDate, calendar: WorkingCalendar): IsoDate {
  let day = date;
  while (!isWorkingDay(day, calendar)) day = addDays(day, 1);
  return day;
}

/** The `n`-th working day (1 = the first) on or after `date`. */
export function nthWorkingDayFrom(date: IsoDate, n: number, calendar: WorkingCalendar): IsoDate {
  let day = workingDayOnOrAfter(date, calendar);
  for (let i = 1; i < n; i++) day = workingDayOnOrAfter(addDays(day, 1), calendar);
  return day;
}
