import { DateTimeFormatter, LocalDate, ResolverStyle } from "@js-joda/core";

/** A calendar date `YYYY-MM-DD` in the Europe/London calendar; no time, no zone. */
export type IsoDate = string;
/** A calendar month `YYYY-MM`. */
export type IsoMonth = string;

const STRICT_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(
  ResolverStyle.STRICT,
);
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_SHAPE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** True when `text` is `YYYY-MM-DD` and names a day that exists (2024-02-30 does not). */
export function isIsoDate(text: string): boolean {
  if (!DATE_SHAPE.test(text)) return false;
  try {
    LocalDate.parse(text, STRICT_DATE);
    return true;
  } catch {
    return false;
  }
}

export function isIsoMonth(text: string): boolean {
  return MONTH_SHAPE.test(text);
}

/**
 * Days since 1970-01-01. Day numbers make interval arithmetic over absences cheap.
 * @example toDayNumber("1970-01-02") === 1
 */
export function toDayNumber(date: IsoDate): number {
  return LocalDate.parse(date).toEpochDay();
}

export function fromDayNumber(day: number): IsoDate {
  return LocalDate.ofEpochDay(day).toString();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return LocalDate.parse(date).plusDays(days).toString();
}

/** Calendar months; the day is clamped to the month's end (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return LocalDate.parse(date).plusMonths(months).toString();
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
  const first = LocalDate.parse(firstDayOfMonth(month));
  return first.plusMonths(1).minusDays(1).toString();
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
