/** A calendar date `YYYY-MM-DD` in the Europe/London calendar; no time, no zone. */
export type IsoDate = string;
/** A calendar month `YYYY-MM`. */
export type IsoMonth = string;

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_SHAPE = /^\d{4}-(0[1-9]|1[0-2])$/;

/*
 * Plain proleptic-Gregorian arithmetic on day numbers (Hinnant's civil-days algorithm): the
 * domain needs days, months and weekdays, not a date library; the tests hold these functions
 * equal to js-joda over the whole range.
 */

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Year, month (1-12) and day of a `YYYY-MM-DD`; anything else is a bug in the caller. */
function partsOf(date: IsoDate): [number, number, number] {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (
    !DATE_SHAPE.test(date) ||
    !(month >= 1 && month <= 12) ||
    !(day >= 1 && day <= daysInMonth(year, month))
  ) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return [year, month, day];
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** True when `text` is `YYYY-MM-DD` and names a day that exists (2024-02-30 does not). */
export function isIsoDate(text: string): boolean {
  if (!DATE_SHAPE.test(text)) return false;
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(text.slice(0, 4)), month)
  );
}

export function isIsoMonth(text: string): boolean {
  return MONTH_SHAPE.test(text);
}

/**
 * Days since 1970-01-01. Day numbers make interval arithmetic over absences cheap.
 * @example toDayNumber("1970-01-02") === 1
 */
export function toDayNumber(date: IsoDate): number {
  return dayNumberOf(...partsOf(date));
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const shifted = dayNumber + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return format(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar months; the day is clamped to the month's end (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = partsOf(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  return format(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  // Day 0, 1970-01-01, was a Thursday (4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function firstDayOfMonth(month: IsoMonth): IsoDate {
  return `${month}-01`;
}

export function lastDayOfMonth(month: IsoMonth): IsoDate {
  const [year, monthNumber] = partsOf(firstDayOfMonth(month));
  return format(year, monthNumber, daysInMonth(year, monthNumber));
}

export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7);
}

export function addMonthsToMonth(month: IsoMonth, months: number): IsoMonth {
  return monthOf(addMonths(firstDayOfMonth(month), months));
}

/** Every month from the one holding `from` to the one holding `to`, inclusive. */
export function monthsSpanned(from: IsoDate, to: IsoDate): IsoMonth[] {
  const months: IsoMonth[] = [];
  for (let month = monthOf(from); month <= monthOf(to); month = addMonthsToMonth(month, 1)) {
    months.push(month);
  }
  return months;
}

/** The calendar date in Europe/London at an instant: 23:30Z on 31 March is 1 April there. */
export function londonDateOf(instant: Date): IsoDate {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * The instant at which London's clocks show `time` (HH:MM) on `date`, across GMT and BST.
 * @example londonTimeToUtc("2024-07-01", "10:00").toISOString() === "2024-07-01T09:00:00.000Z"
 */
export function londonTimeToUtc(date: IsoDate, time: string): Date {
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const asIfUtc = Date.UTC(y, m - 1, d, hours, minutes);
  const shown = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(asIfUtc));
  const [shownHours, shownMinutes] = shown.split(":").map(Number) as [number, number];
  const offsetMinutes = (shownHours - hours) * 60 + (shownMinutes - minutes);
  return new Date(asIfUtc - offsetMinutes * 60_000);
}
