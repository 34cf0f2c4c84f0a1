import { describe, expect, it } from "vitest";
import {
  addMonths,
  daysBetween,
  isIsoDate,
  lastDayOfMonth,
  londonDateOf,
  monthsSpanned,
} from "../../shared/domain/dates";

describe("plain dates", () => {
  it("accepts only days that exist", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(isIsoDate("2024-02-30")).toBe(false);
    expect(isIsoDate("2024-13-01")).toBe(false);
    expect(isIsoDate("2024-1-01")).toBe(false);
    expect(isIsoDate("01/02/2024")).toBe(false);
  });

  it("clamps month arithmetic to the month's end", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2023-01-31", 1)).toBe("2023-02-28");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2024-12-31", 2)).toBe("2025-02-28");
  });

  it("counts days across a leap day", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2023-02-28", "2023-03-01")).toBe(1);
    expect(lastDayOfMonth("2024-02")).toBe("2024-02-29");
  });

  it("lists the months a span touches", () => {
    expect(monthsSpanned("2024-11-20", "2025-02-01")).toEqual([
      "2024-11",
      "2024-12",
      "2025-01",
      "2025-02",
    ]);
  });

  it("takes the business date from Europe/London, not UTC", () => {
    expect(londonDateOf(new Date("2024-03-31T23:30:00Z"))).toBe("2024-04-01");
    expect(londonDateOf(new Date("2024-01-31T23:30:00Z"))).toBe("2024-01-31");
    expect(londonDateOf(new Date("2024-10-26T23:30:00Z"))).toBe("2024-10-27");
  });
});
