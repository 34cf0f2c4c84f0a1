import { describe, expect, it } from "vitest";
import { loadStageConfig } from "../../shared/config/load-stage-config";
import { digestExpectedOn } from "../../shared/domain/digest/digest-deadline";
import { bankHolidaysRunningOut } from "../../shared/domain/settings/calendar";
import { isWorkingDay, nthWorkingDayFrom } from "../../shared/domain/working-days";
import { defaultCalendar } from "../helpers/calendar";

// Every date here is fixed: nothing in this file changes its answer as the calendar advances.
describe("the bank holiday list running out", () => {
  const lastListed = [...defaultCalendar.bankHolidays].sort().at(-1) as string;

  it("warns once the list ends within 12 months, and not before", () => {
    expect(lastListed).toBe("2028-12-26");
    expect(bankHolidaysRunningOut(defaultCalendar, "2027-12-26")).toBeUndefined();
    expect(bankHolidaysRunningOut(defaultCalendar, "2027-12-27")).toContain(
      "ends 2028-12-26, within 12 months of 2027-12-27",
    );
    expect(bankHolidaysRunningOut({ bankHolidays: [] }, "2024-01-01")).toContain("ends empty");
  });
  // That it makes synth warn, not fail: test/infra/bank-holiday-warning.test.ts.
});

describe("closure days admins add in config", () => {
  it("are days off like bank holidays: no reminders, and the digest defers past them", () => {
    const { calendar } = loadStageConfig("prod");
    expect(calendar.closureDays).toContain("2026-12-29");
    expect(isWorkingDay("2026-12-29", calendar)).toBe(false); // a Tuesday
    expect(isWorkingDay("2026-12-29", defaultCalendar)).toBe(true);
  });
});

describe("when last month's digest must be recorded", () => {
  it("is the 3rd working day of the month, skipping weekends, bank holidays and closures", () => {
    // April 2024: Monday 1st was Easter Monday; the 2nd, 3rd and 4th are working days.
    expect(digestExpectedOn("2024-04-03", defaultCalendar)).toEqual({
      month: "2024-03",
      dueBy: "2024-04-04",
      due: false,
    });
    expect(digestExpectedOn("2024-04-04", defaultCalendar).due).toBe(true);
    const closed = { ...defaultCalendar, closureDays: ["2024-04-03"] };
    expect(digestExpectedOn("2024-04-04", closed)).toMatchObject({
      dueBy: "2024-04-05",
      due: false,
    });
    expect(nthWorkingDayFrom("2024-06-01", 1, defaultCalendar)).toBe("2024-06-03");
  });
});
