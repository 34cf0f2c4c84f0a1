import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  categoryOf,
  compliancePercent,
  computeMonthlyKpi,
  unavailableDaysInMonth,
} from "../../shared/domain/monthly-kpi";
import type { SupervisionRecord } from "../../shared/domain/records";
import { defaultPolicy } from "../../shared/domain/settings/policy";
import { aPerson } from "../helpers/people";

const kpiPolicy = defaultPolicy.kpi;
const formal = (staffId: string, date: string): SupervisionRecord => ({
  staffId,
  date,
  type: "formal",
});

describe("unavailable days", () => {
  it("counts days before starting, after leaving and absent, each once", () => {
    const person = aPerson({ startDate: "2024-03-05", endDate: "2024-03-28" });
    // 4 days before start, 3 after leaving, absence 3–10 overlaps the pre-start days by 2.
    const days = unavailableDaysInMonth(
      person,
      [{ startDate: "2024-03-03", endDate: "2024-03-10" }],
      "2024-03",
    );
    expect(days).toBe(4 + 3 + 6);
  });

  it("clips absences that run over the month's ends", () => {
    const days = unavailableDaysInMonth(
      aPerson(),
      [{ startDate: "2024-01-20", endDate: "2024-02-03" }],
      "2024-02",
    );
    expect(days).toBe(3);
  });
});

describe("monthly KPI", () => {
  it("leaves out people unavailable for 14 days or more, keeps 13", () => {
    const roster = [aPerson({ staffId: "A" }), aPerson({ staffId: "B" })];
    const absences = [
      { staffId: "A", startDate: "2024-03-01", endDate: "2024-03-14" },
      { staffId: "B", startDate: "2024-03-01", endDate: "2024-03-13" },
    ];
    const kpi = computeMonthlyKpi(
      { month: "2024-03", roster, absences, supervisions: [] },
      kpiPolicy,
    );
    expect(kpi.overall).toEqual({ due: 1, supervised: 0, compliance: 0 });
  });

  it("counts only formal sessions dated inside the month", () => {
    const roster = ["A", "B", "C", "D"].map((staffId) => aPerson({ staffId }));
    const supervisions: SupervisionRecord[] = [
      formal("A", "2024-03-01"),
      formal("B", "2024-03-31"),
      { staffId: "C", date: "2024-03-15", type: "group" },
      formal("D", "2024-04-01"),
      formal("D", "2024-02-29"),
    ];
    const kpi = computeMonthlyKpi(
      { month: "2024-03", roster, absences: [], supervisions },
      kpiPolicy,
    );
    expect(kpi.overall).toEqual({ due: 4, supervised: 2, compliance: 50 });
  });

  it("says n/a (null) when nobody is due, never 0", () => {
    const kpi = computeMonthlyKpi(
      {
        month: "2024-03",
        roster: [aPerson({ operational: false })],
        absences: [],
        supervisions: [],
      },
      kpiPolicy,
    );
    expect(kpi.overall).toEqual({ due: 0, supervised: 0, compliance: null });
    expect(kpi.byCategory.agency.compliance).toBeNull();
  });

  it("breaks down by category, team and service, per person", () => {
    const roster = [
      aPerson({ staffId: "Q", team: "T1", service: "S1" }),
      aPerson({ staffId: "N", qualification: "nqsw", team: "T1", service: "S1" }),
      aPerson({
        staffId: "AG",
        employment: "agency",
        qualification: "nqsw",
        team: "T2",
        service: "S1",
      }),
      aPerson({ staffId: "O", qualification: "unqualified", team: "T3", service: "S2" }),
    ];
    const supervisions = [
      formal("Q", "2024-03-02"),
      formal("AG", "2024-03-09"),
      formal("AG", "2024-03-23"),
    ];
    const kpi = computeMonthlyKpi(
      { month: "2024-03", roster, absences: [], supervisions },
      kpiPolicy,
    );
    expect(kpi.byCategory).toEqual({
      qualified: { due: 1, supervised: 1, compliance: 100 },
      nqsw: { due: 1, supervised: 0, compliance: 0 },
      agency: { due: 1, supervised: 1, compliance: 100 },
      other: { due: 1, supervised: 0, compliance: 0 },
    });
    expect(kpi.byTeam).toEqual({
      T1: { due: 2, supervised: 1, compliance: 50 },
      T2: { due: 1, supervised: 1, compliance: 100 },
      T3: { due: 1, supervised: 0, compliance: 0 },
    });
    expect(kpi.byService.S1).toEqual({ due: 3, supervised: 2, compliance: 66.7 });
    expect(kpi.target).toBe(90);
  });

  it("puts agency before newly qualified before qualified", () => {
    expect(categoryOf(aPerson({ employment: "agency", qualification: "nqsw" }))).toBe("agency");
    expect(categoryOf(aPerson({ qualification: "nqsw" }))).toBe("nqsw");
    expect(categoryOf(aPerson({ qualification: "unqualified" }))).toBe("other");
  });

  it("rounds to one decimal, half up, without float drift", () => {
    expect(compliancePercent(5, 6)).toBe(83.3);
    expect(compliancePercent(2, 3)).toBe(66.7);
    expect(compliancePercent(1, 8)).toBe(12.5);
    expect(compliancePercent(1, 16)).toBe(6.3);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        (due, s) => {
          const supervised = Math.min(s, due);
          const pct = compliancePercent(supervised, due) as number;
          expect(Math.abs(pct - (supervised / due) * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
          expect(Number.isInteger(Math.round(pct * 10))).toBe(true);
        },
      ),
    );
  });

  it("adds up: the parts of every breakdown sum to the whole", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            team: fc.constantFrom("T1", "T2", "T3"),
            agency: fc.boolean(),
            seen: fc.boolean(),
            away: fc.integer({ min: 0, max: 31 }),
          }),
          { maxLength: 40 },
        ),
        (people) => {
          const roster = people.map((p, i) =>
            aPerson({
              staffId: `P${i}`,
              team: p.team,
              employment: p.agency ? "agency" : "permanent",
            }),
          );
          const absences = people.flatMap((p, i) =>
            p.away > 0
              ? [
                  {
                    staffId: `P${i}`,
                    startDate: "2024-03-01",
                    endDate: `2024-03-${String(p.away).padStart(2, "0")}`,
                  },
                ]
              : [],
          );
          const supervisions = people.flatMap((p, i) =>
            p.seen ? [formal(`P${i}`, "2024-03-28")] : [],
          );
          const kpi = computeMonthlyKpi(
            { month: "2024-03", roster, absences, supervisions },
            kpiPolicy,
          );
          const sum = (o: Record<string, { due: number; supervised: number }>) =>
            Object.values(o).reduce(
              (total, c) => ({
                due: total.due + c.due,
                supervised: total.supervised + c.supervised,
              }),
              { due: 0, supervised: 0 },
            );
          const whole = { due: kpi.overall.due, supervised: kpi.overall.supervised };
          expect(sum(kpi.byTeam)).toEqual(whole);
          expect(sum(kpi.byCategory)).toEqual(whole);
          expect(kpi.overall.due).toBe(people.filter((p) => p.away < 14).length);
        },
      ),
    );
  });
});
