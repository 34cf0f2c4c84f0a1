import { describe, expect, it } from "vitest";
import { minimumSessionsApply, supervisionHistory } from "../../shared/domain/supervision-history";
import { aPerson } from "../helpers/people";

describe("supervision history", () => {
  it("counts formal sessions in the 12 months to the date and the longest gap", () => {
    const sessions = ["2023-02-01", "2023-03-20", "2023-05-01", "2023-09-15", "2024-01-10"];
    const h = supervisionHistory(aPerson(), sessions, "2024-02-01");
    // Window (2023-02-01, 2024-02-01]: the session on 2023-02-01 falls just outside.
    expect(h.formalSessionsLast12Months).toBe(4);
    expect(h.longestGapDays).toBe(137); // 2023-05-01 → 2023-09-15
  });

  it("counts the open gap up to the date, and from the start for a new starter", () => {
    const regular = [
      "2023-02-10",
      "2023-03-20",
      "2023-05-01",
      "2023-06-10",
      "2023-07-20",
      "2023-09-01",
      "2023-10-10",
      "2023-12-01",
    ];
    expect(supervisionHistory(aPerson(), regular, "2024-02-15").longestGapDays).toBe(76);
    // Nothing recorded before the window: the gap runs from the window's start.
    expect(supervisionHistory(aPerson(), ["2023-12-01"], "2024-02-15").longestGapDays).toBe(289);
    const starter = aPerson({ startDate: "2024-01-01" });
    expect(supervisionHistory(starter, [], "2024-01-31")).toEqual({
      formalSessionsLast12Months: 0,
      longestGapDays: 30,
    });
  });
});

describe("whether the yearly minimum applies", () => {
  it("to someone employed the whole 12 months the count covers, to the day", () => {
    // On 1 April 2024 the count covers 2 April 2023 to 1 April 2024.
    expect(minimumSessionsApply({ startDate: "2023-04-02" }, "2024-04-01")).toBe(true);
    expect(minimumSessionsApply({ startDate: "2023-04-03" }, "2024-04-01")).toBe(false);
    expect(minimumSessionsApply({ startDate: "2015-09-01" }, "2024-04-01")).toBe(true);
  });
});
