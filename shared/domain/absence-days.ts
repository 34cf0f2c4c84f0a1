import { fromDayNumber, type IsoDate, toDayNumber } from "./dates";
import type { DateSpan } from "./records";

/** Inclusive span in day numbers. */
export type DaySpan = readonly [start: number, end: number];

/** Sorts spans and joins those that overlap or touch, so each absent day is counted once. */
export function mergeSpans(spans: readonly DateSpan[]): DaySpan[] {
  const days = spans
    .map((s): DaySpan => [toDayNumber(s.startDate), toDayNumber(s.endDate)])
    .filter(([start, end]) => end >= start)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of days) {
    const last = merged.at(-1);
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export function isAbsentOn(merged: readonly DaySpan[], date: IsoDate): boolean {
  const day = toDayNumber(date);
  return merged.some(([start, end]) => start <= day && day <= end);
}

/**
 * The date `offsetDays` available days after `from`: every absent day after `from` on the
 * way is skipped, so the date moves later by the days absent since `from`.
 * @example addAvailableDays("2024-01-01", 28, mergeSpans([{ startDate: "2024-01-10", endDate: "2024-01-16" }])) === "2024-02-05"
 */
export function addAvailableDays(
  from: IsoDate,
  offsetDays: number,
  merged: readonly DaySpan[],
): IsoDate {
  const fromDay = toDayNumber(from);
  let target = fromDay + offsetDays;
  for (const [start, end] of merged) {
    const firstAbsent = Math.max(start, fromDay + 1);
    if (end < firstAbsent) continue;
    if (firstAbsent > target) break;
    target += end - firstAbsent + 1;
  }
  return fromDayNumber(target);
}

/** How many days of [first, last] fall inside the merged spans. */
export function absentDaysWithin(
  merged: readonly DaySpan[],
  first: IsoDate,
  last: IsoDate,
): number {
  const lo = toDayNumber(first);
  const hi = toDayNumber(last);
  let total = 0;
  for (const [start, end] of merged) {
    const from = Math.max(start, lo);
    const to = Math.min(end, hi);
    if (to >= from) total += to - from + 1;
  }
  return total;
}
