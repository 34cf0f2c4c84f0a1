import { describe, expect, it } from "vitest";
import {
  absentDaysWithin,
  addAvailableDays,
  isAbsentOn,
  mergeSpans,
} from "../../shared/domain/absence-days";

const span = (startDate: string, endDate: string) => ({ startDate, endDate });

describe("absence days", () => {
  it("counts overlapping and touching absences once", () => {
    const merged = mergeSpans([
      span("2024-03-10", "2024-03-20"),
      span("2024-03-15", "2024-03-25"),
      span("2024-03-26", "2024-03-27"),
    ]);
    expect(merged).toHaveLength(1);
    expect(absentDaysWithin(merged, "2024-03-01", "2024-03-31")).toBe(18);
  });

  it("moves a date later by the absent days on the way", () => {
    const merged = mergeSpans([span("2024-01-10", "2024-01-16")]);
    expect(addAvailableDays("2024-01-01", 28, merged)).toBe("2024-02-05");
    expect(addAvailableDays("2024-01-01", 28, [])).toBe("2024-01-29");
  });

  it("keeps moving when the moved date lands in a later absence", () => {
    const merged = mergeSpans([span("2024-01-10", "2024-01-16"), span("2024-01-30", "2024-02-03")]);
    // 28 days + 7 absent = 5 Feb, which passes the 5-day absence too: 10 Feb.
    expect(addAvailableDays("2024-01-01", 28, merged)).toBe("2024-02-10");
  });

  it("ignores absence on or before the starting day and after the target", () => {
    const merged = mergeSpans([span("2023-12-20", "2024-01-01"), span("2024-03-01", "2024-03-10")]);
    expect(addAvailableDays("2024-01-01", 28, merged)).toBe("2024-01-29");
  });

  it("knows who is absent on a day", () => {
    const merged = mergeSpans([span("2024-03-10", "2024-03-12")]);
    expect(isAbsentOn(merged, "2024-03-09")).toBe(false);
    expect(isAbsentOn(merged, "2024-03-10")).toBe(true);
    expect(isAbsentOn(merged, "2024-03-12")).toBe(true);
    expect(isAbsentOn(merged, "2024-03-13")).toBe(false);
  });
});
