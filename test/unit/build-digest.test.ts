import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import { buildDigest, type DigestInput } from "../../shared/domain/digest/build-digest";
import { seededSample } from "../../shared/domain/digest/seeded-sample";
import { computeMonthlyKpi, kpiPeople } from "../../shared/domain/monthly-kpi";
import { ragFor } from "../../shared/domain/rating";
import type { StaffMember, StaffStatus } from "../../shared/domain/records";
import { aPerson, factsWith } from "../helpers/people";

const config = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test");
const monthly = (from: string, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + i);
    return d.toISOString().slice(0, 10);
  });

function person(overrides: Partial<StaffMember>, sessions: string[] = []): StaffStatus {
  return {
    person: aPerson(overrides),
    facts: factsWith({
      formalSessions: sessions,
      agreementsSigned: ["2024-01-10"],
      appraisals: ["2023-12-01"],
    }),
  };
}

function digestFor(
  roster: StaffStatus[],
  month = "2024-03",
  seeds = { serviceManagers: { SM: 7 }, qualityAssurance: 99 },
) {
  const supervisions = roster.flatMap(({ person: p, facts }) =>
    facts.formalSessions.map((date) => ({ staffId: p.staffId, date, type: "formal" as const })),
  );
  const input = { month, roster: roster.map((r) => r.person), absences: [], supervisions };
  const kpi = computeMonthlyKpi(input, config.policy.kpi);
  const previous = computeMonthlyKpi({ ...input, month: "2024-02" }, config.policy.kpi);
  const digestInput: DigestInput = {
    month,
    kpi,
    people: kpiPeople(input, config.policy.kpi),
    trend: [previous, kpi],
    roster,
    seeds,
    policy: config.policy,
    digest: config.digest,
  };
  return buildDigest(digestInput);
}

describe("the monthly digest", () => {
  const regular = monthly("2023-04-05", 12); // one session a month, April 2023 to March 2024
  const roster = [
    person({
      staffId: "SM",
      role: "service_manager",
      operational: false,
      supervisorId: undefined,
      service: "Service X",
      team: "Management",
    }),
    person(
      {
        staffId: "TM",
        role: "team_manager",
        operational: false,
        supervisorId: "SM",
        caseload: undefined,
      },
      regular,
    ),
    person({ staffId: "OK", supervisorId: "TM", caseload: 18 }, regular),
    person({ staffId: "MISSED", supervisorId: "TM", caseload: 22 }, regular.slice(0, 11)),
    person(
      { staffId: "LONG", supervisorId: "TM", caseload: 25, team: "Team B" },
      regular.slice(0, 9),
    ),
    person(
      {
        staffId: "NEW",
        supervisorId: "TM",
        qualification: "nqsw",
        asyeStartDate: "2024-01-08",
        startDate: "2024-01-08",
        caseload: 8,
      },
      ["2024-03-12"],
    ),
  ];
  const d = digestFor(roster);

  it("carries the KPI exactly and the change from last month", () => {
    expect(d.overall).toEqual({ due: 4, supervised: 2, compliance: 50 });
    // February: OK and MISSED seen, LONG and NEW not: also 2 of 4.
    expect(d.previousCompliance).toBe(50);
    expect(d.change).toBe(0);
    expect(d.trend.map((t) => t.month)).toEqual(["2024-02", "2024-03"]);
  });

  it("counts who was not counted by category, service and team, and knows each team's service", () => {
    const starter = person({
      staffId: "LATE",
      supervisorId: "TM",
      employment: "agency",
      team: "Team B",
      startDate: "2024-03-20",
    });
    const withStarter = digestFor([...roster, starter]);
    expect(withStarter.excludedForAbsence).toEqual({
      overall: 1,
      byCategory: { qualified: 0, nqsw: 0, agency: 1, other: 0 },
      byService: { "Service X": 1 },
      byTeam: { "Team B": 1 },
    });
    expect(withStarter.teamService).toEqual({ "Team A": "Service X", "Team B": "Service X" });
  });

  it("names exceptions per reason: not supervised, past two months, under 10 a year", () => {
    expect(d.exceptions.map((e) => [e.team, e.staffId, e.reasons])).toEqual([
      ["Team A", "MISSED", ["not_supervised"]],
      ["Team B", "LONG", ["not_supervised", "past_two_month_limit", "under_minimum_sessions"]],
    ]);
    // NEW started this year: too new for the yearly minimum.
    expect(d.exceptions.some((e) => e.staffId === "NEW")).toBe(false);
  });

  it("flags teams whose average caseload is above their level, with NQSW levels lower", () => {
    // OK 18, MISSED 22, NEW 8 against 20, 20 and the NQSW level 12.
    expect(d.caseload.byTeam["Team A"]).toEqual({
      people: 3,
      average: 16,
      level: 17.3,
      overLevel: false,
    });
    expect(d.caseload.byTeam["Team B"]).toMatchObject({ average: 25, level: 20, overLevel: true });
  });

  it("forecasts next month's sessions and who will pass six weeks or two months unless seen", () => {
    expect(d.forecast.month).toBe("2024-04");
    expect(d.forecast.passingTwoMonths.map((p) => p.staffId)).not.toContain("OK");
    expect(
      Object.values(d.forecast.supervisionsDueByTeam).reduce((a, b) => a + b, 0),
    ).toBeGreaterThan(0);
  });

  it("draws each service manager's audit file reproducibly from the stored seed", () => {
    const again = digestFor(roster);
    expect(again.audit.serviceManagers).toEqual(d.audit.serviceManagers);
    expect(d.audit.serviceManagers).toEqual([
      { managerId: "SM", service: "Service X", seed: 7, staffId: expect.any(String) },
    ]);
    expect(["OK", "MISSED", "LONG", "NEW"]).toContain(d.audit.serviceManagers[0]?.staffId);
  });

  it("adds the quality-assurance sample only when a quarter begins", () => {
    expect(d.audit.month).toBe("2024-04");
    expect(d.audit.qualityAssurance).toMatchObject({
      seed: 99,
      percent: 10,
      staffIds: [expect.any(String)],
    });
    expect(digestFor(roster, "2024-04").audit.qualityAssurance).toBeNull();
  });
});

describe("status items whose audits a hand edit broke", () => {
  it("skips that person's broken audits and compiles the rest", () => {
    const manager = person({
      staffId: "SM",
      role: "service_manager",
      operational: false,
      supervisorId: undefined,
      team: "Management",
    });
    const broken = (staffId: string, audits: unknown): StaffStatus => {
      const p = person({ staffId, supervisorId: "SM" });
      return { ...p, facts: { ...p.facts, audits } as StaffStatus["facts"] };
    };
    const fine = { date: "2024-03-05", auditorId: "SM", kind: "monthly", grade: "good" };
    const d = digestFor([
      manager,
      broken("NULL", [null]),
      broken("NO-DATE", [{ ...fine, date: null }, fine]),
      broken("NOT-A-LIST", {}),
      broken("FINE", [{ ...fine, grade: "inadequate", actionsDueDate: "2024-03-20" }]),
    ]);
    // NO-DATE's well-formed audit and FINE's count; the broken entries are skipped.
    expect(d.audits).toMatchObject({
      grades: { outstanding: 0, good: 1, requires_improvement: 0, inadequate: 1 },
      goodOrBetter: 50,
      openActions: 1,
      overdueActions: 1,
    });
    expect(d.audits?.trend.at(-1)).toEqual({ month: "2024-03", audits: 2, goodOrBetter: 50 });
  });
});

describe("red, amber, green", () => {
  it("is green at target, amber within the margin, red beyond, n/a with nobody due", () => {
    expect(ragFor(90, 90, 10)).toBe("green");
    expect(ragFor(80, 90, 10)).toBe("amber");
    expect(ragFor(79.9, 90, 10)).toBe("red");
    expect(ragFor(null, 90, 10)).toBe("n/a");
  });
});

describe("seeded sample", () => {
  it("gives the same draw for the same seed, and different ones across seeds", () => {
    const pool = Array.from({ length: 50 }, (_, i) => `P${i}`);
    expect(seededSample(pool, 5, 42)).toEqual(seededSample(pool, 5, 42));
    const draws = new Set(
      Array.from({ length: 20 }, (_, s) => seededSample(pool, 5, s + 1).join()),
    );
    expect(draws.size).toBeGreaterThan(15);
    expect(new Set(seededSample(pool, 50, 3)).size).toBe(50);
  });
});
