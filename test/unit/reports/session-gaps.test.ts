import { describe, expect, it } from "vitest";
import type { SupervisionRecord } from "../../../shared/domain/records";
import { defaultPolicy } from "../../../shared/domain/settings/policy";
import { sessionEntries, twelveMonthCount } from "../../../shared/reports/session-gaps";
import { aPerson } from "../../helpers/people";

const session = (date: string, type: SupervisionRecord["type"] = "formal"): SupervisionRecord => ({
  staffId: "W1",
  date,
  type,
  supervisorId: "M1",
});

const policy = defaultPolicy.supervision;

describe("sessions on the record", () => {
  const sessions = [
    session("2023-12-13"),
    session("2024-01-10"),
    session("2024-01-20", "group"),
    session("2024-03-20"),
    session("2024-05-01"),
  ];
  const absences = [{ startDate: "2024-01-22", endDate: "2024-01-26" }];

  it("measures each formal session's gap from the previous one, even before the record starts", () => {
    const entries = sessionEntries(
      aPerson(),
      sessions,
      absences,
      {
        from: "2024-01-01",
        to: "2024-04-01",
      },
      policy,
    );
    expect(entries.map((e) => e.date)).toEqual(["2024-01-10", "2024-01-20", "2024-03-20"]);
    expect(entries[0]?.gap).toEqual({
      days: 28,
      since: "2023-12-13",
      sinceStart: false,
      intervalDays: 28,
      absentDays: 0,
      dueDate: "2024-01-10",
      longerThanInterval: false,
    });
    expect(entries[1]).toEqual({
      date: "2024-01-20",
      type: "group",
      formal: false,
      supervisorId: "M1",
    });
    // Due 10 Jan + 28 + 5 absent days = 12 Feb; held 20 March: flagged.
    expect(entries[2]?.gap).toEqual({
      days: 70,
      since: "2024-01-10",
      sinceStart: false,
      intervalDays: 28,
      absentDays: 5,
      dueDate: "2024-02-12",
      longerThanInterval: true,
    });
  });

  it("counts a first session from the start date, at the ASYE's weekly interval", () => {
    const nqsw = aPerson({
      startDate: "2024-01-01",
      qualification: "nqsw",
      asyeStartDate: "2024-01-01",
    });
    const [first, second] = sessionEntries(
      nqsw,
      [session("2024-01-09"), session("2024-01-09")],
      [],
      { from: "2024-01-01", to: "2024-02-01" },
      policy,
    );
    expect(first?.gap).toMatchObject({
      days: 8,
      since: "2024-01-01",
      sinceStart: true,
      intervalDays: 7,
      dueDate: "2024-01-08",
      longerThanInterval: true,
    });
    // A second formal session the same day is the same date to the engine: no gap of its own.
    expect(second?.gap).toBeUndefined();
  });
});

describe("the 12-month count against the minimum", () => {
  const monthly = [
    "2023-04-20",
    "2023-05-20",
    "2023-06-20",
    "2023-07-20",
    "2023-08-20",
    "2023-09-20",
    "2023-11-20",
    "2024-01-20",
    "2024-03-20",
  ];

  it("holds an operational person employed all year to policy.supervision.minimumSessionsPerYear", () => {
    const count = twelveMonthCount(aPerson(), ["2023-03-01", ...monthly], "2024-04-01", policy);
    expect(count).toMatchObject({
      after: "2023-04-01",
      to: "2024-04-01",
      formalSessions: 9,
      minimum: 10,
      belowMinimum: true,
    });
    expect(count.basis).toContain("policy.supervision.minimumSessionsPerYear = 10");
    expect(count.basis).toContain("Their interval now is 28 days");
  });

  it("applies no minimum to someone not operational or not employed all 12 months", () => {
    const notOperational = twelveMonthCount(
      aPerson({ operational: false }),
      monthly,
      "2024-04-01",
      policy,
    );
    expect(notOperational).toMatchObject({ minimum: null, belowMinimum: false, formalSessions: 9 });
    expect(notOperational.basis).toMatch(/^Not applied: not operational/);
    const starter = twelveMonthCount(
      aPerson({ startDate: "2023-04-03" }),
      monthly,
      "2024-04-01",
      policy,
    );
    expect(starter.minimum).toBeNull();
    expect(starter.basis).toMatch(/^Not applied: not employed for the whole 12 months/);
    const fullYear = twelveMonthCount(
      aPerson({ startDate: "2023-04-02" }),
      monthly,
      "2024-04-01",
      policy,
    );
    expect(fullYear.minimum).toBe(10);
  });

  it("says where a shorter interval comes from", () => {
    const agreed = twelveMonthCount(
      aPerson({ supervisionIntervalDays: 14 }),
      monthly,
      "2024-04-01",
      policy,
    );
    expect(agreed.basis).toContain(
      "14 days (agreed in their staff record), about 26 sessions a year",
    );
  });
});
