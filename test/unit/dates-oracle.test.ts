import { LocalDate } from "@js-joda/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  daysBetween,
  fromDayNumber,
  isIsoDate,
  isoWeekday,
  lastDayOfMonth,
  toDayNumber,
} from "../../shared/domain/dates";

/*
 * The domain's date arithmetic is its own small code; js-joda, a well-kept date library, is
 * the oracle it must agree with everywhere, from year 0001 to 9999.
 */
const MIN_DAY = LocalDate.of(1, 1, 1).toEpochDay();
const MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
const anyDay = fc.integer({ min: MIN_DAY, max: MAX_DAY }).map((d) => LocalDate.ofEpochDay(d));
const runs = { numRuns: 2000 };

describe("date arithmetic agrees with js-joda", () => {
  it("converts to and from day numbers", () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        expect(toDayNumber(day.toString())).toBe(day.toEpochDay());
        expect(fromDayNumber(day.toEpochDay())).toBe(day.toString());
      }),
      runs,
    );
  });

  it("adds days and counts the days between", () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -3000, max: 3000 }), (day, n) => {
        const later = day.plusDays(n);
        fc.pre(later.year() >= 1 && later.year() <= 9999);
        expect(addDays(day.toString(), n)).toBe(later.toString());
        expect(daysBetween(day.toString(), later.toString())).toBe(n);
      }),
      runs,
    );
  });

  it("adds months, clamping to the month's end, and finds the month's last day", () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -240, max: 240 }), (day, n) => {
        const later = day.plusMonths(n);
        fc.pre(later.year() >= 1 && later.year() <= 9999);
        expect(addMonths(day.toString(), n)).toBe(later.toString());
        expect(lastDayOfMonth(day.toString().slice(0, 7))).toBe(
          day.withDayOfMonth(day.lengthOfMonth()).toString(),
        );
      }),
      runs,
    );
  });

  it("names the ISO weekday", () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        expect(isoWeekday(day.toString())).toBe(day.dayOfWeek().value());
      }),
      runs,
    );
  });

  it("accepts exactly the days that exist", () => {
    const text = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(
        ([y, m, d]) =>
          `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
      );
    fc.assert(
      fc.property(text, (candidate) => {
        let exists: boolean;
        try {
          exists = LocalDate.parse(candidate).toString() === candidate;
        } catch {
          exists = false;
        }
        expect(isIsoDate(candidate)).toBe(exists);
      }),
      runs,
    );
  });

  it("refuses to compute with text that is not a date", () => {
    for (const bad of ["2024-02-30", "2024-1-01", "20a4-01-01", " 024-01-01", ""]) {
      expect(() => toDayNumber(bad)).toThrow(RangeError);
      expect(() => addMonths(bad, 1)).toThrow(RangeError);
    }
  });
});
