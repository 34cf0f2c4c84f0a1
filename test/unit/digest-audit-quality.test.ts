import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import { addMonthsToMonth } from "../../shared/domain/dates";
import {
  type AuditQualityInput,
  auditQuality,
  qaSampleDigestMonth,
  quarterStartOf,
} from "../../shared/domain/digest/audit-quality";
import type { Digest } from "../../shared/domain/digest/digest-model";
import type { AuditFact, StaffMember, StaffStatus } from "../../shared/domain/records";
import { departmentDigest } from "../../shared/email/compose-digest";
import { compileMonthlyDigest } from "../../shared/use-cases/run-monthly-digest";
import { InMemoryDeliveryLedger } from "../fakes/in-memory-delivery-ledger";
import { InMemoryDigestStore } from "../fakes/in-memory-digest-store";
import { InMemorySupervisionStore } from "../fakes/in-memory-supervision-store";
import { aPerson, factsWith } from "../helpers/people";

const configWith = (monthlyFrom?: string) =>
  parseAppConfig(
    {
      stage: "test",
      region: "eu-west-2",
      policy: { audits: monthlyFrom === undefined ? {} : { monthlyFrom } },
    },
    "test",
  );
const RECORDED = configWith("2024-01");

const audit = (
  date: string,
  grade: AuditFact["grade"] = "good",
  over: Partial<AuditFact> = {},
): AuditFact => ({ date, auditorId: "SM1", kind: "monthly", grade, ...over });

function status(overrides: Partial<StaffMember>, audits?: AuditFact[]): StaffStatus {
  return {
    person: aPerson(overrides),
    facts: factsWith(audits === undefined ? {} : { audits }),
  };
}

const manager = (staffId: string, over: Partial<StaffMember> = {}) =>
  status({
    staffId,
    role: "service_manager",
    operational: false,
    team: "Leadership",
    service: "Service X",
    ...over,
  });

const quality = (
  everyone: StaffStatus[],
  over: Partial<AuditQualityInput> = {},
  config = RECORDED,
) =>
  auditQuality({
    month: "2024-03",
    everyone,
    qaSample: [],
    trendMonths: ["2024-02", "2024-03"],
    policy: config.policy,
    ...over,
  });

describe("the month's audits and their grades", () => {
  it("counts an audit dated on the month's last day, and not one dated the 1st of the next", () => {
    const q = quality([
      status({ staffId: "W1" }, [audit("2024-02-29", "inadequate"), audit("2024-03-31")]),
      status({ staffId: "W2" }, [
        audit("2024-03-01", "outstanding"),
        audit("2024-04-01", "inadequate"),
      ]),
    ]);
    expect(q.grades).toEqual({ outstanding: 1, good: 1, requires_improvement: 0, inadequate: 0 });
    expect(q.goodOrBetter).toBe(100);
  });

  it("counts both kinds, and gives % Good or better to one decimal, rated against its target", () => {
    const kinds = (grade: AuditFact["grade"], kind: AuditFact["kind"]) =>
      audit("2024-03-10", grade, { kind, auditorId: "QA1" });
    const q = quality([
      status({ staffId: "W1" }, [kinds("good", "monthly"), kinds("good", "quarterly")]),
      status({ staffId: "W2" }, [kinds("outstanding", "quarterly"), kinds("good", "monthly")]),
      status({ staffId: "W3" }, [
        kinds("good", "monthly"),
        kinds("requires_improvement", "monthly"),
      ]),
    ]);
    // 5 of 6 Good or better: 83.3%, on the default 80% target.
    expect(q).toMatchObject({ goodOrBetter: 83.3, target: 80, rag: "green" });
    expect(q.grades).toEqual({ outstanding: 1, good: 4, requires_improvement: 1, inadequate: 0 });
    // 3 of 4 is 75.0%: within the 5 points of the target; 2 of 3, 66.7%, below it.
    const threeOfFour = quality([
      status({ staffId: "W1" }, [audit("2024-03-01"), audit("2024-03-02"), audit("2024-03-03")]),
      status({ staffId: "W2" }, [audit("2024-03-04", "inadequate")]),
    ]);
    expect([threeOfFour.goodOrBetter, threeOfFour.rag]).toEqual([75, "amber"]);
    const twoOfThree = quality([
      status({ staffId: "W1" }, [audit("2024-03-01"), audit("2024-03-02")]),
      status({ staffId: "W2" }, [audit("2024-03-04", "inadequate")]),
    ]);
    expect([twoOfThree.goodOrBetter, twoOfThree.rag]).toEqual([66.7, "red"]);
  });

  it("has no % Good or better, rated n/a, when no file was audited; old status items have no audits", () => {
    const old = status({ staffId: "W1" });
    delete old.facts.audits;
    const q = quality([old, status({ staffId: "W2" }, [audit("2024-04-01")])]);
    expect(q).toMatchObject({ goodOrBetter: null, rag: "n/a", openActions: 0 });
    expect(Object.values(q.grades)).toEqual([0, 0, 0, 0]);
  });

  it("rates against policy.audits.goodOrBetterTargetPercent", () => {
    const strict = parseAppConfig(
      { stage: "test", region: "eu-west-2", policy: { audits: { goodOrBetterTargetPercent: 90 } } },
      "test",
    );
    const q = quality(
      [status({ staffId: "W1" }, [audit("2024-03-01"), audit("2024-03-02", "inadequate")])],
      {},
      strict,
    );
    expect(q).toMatchObject({ goodOrBetter: 50, target: 90, rag: "red" });
  });

  it("gives each trend month's % Good or better and how many files, a leaver's audits included", () => {
    const q = quality(
      [
        status({ staffId: "L1", endDate: "2024-01-31" }, [
          audit("2024-01-31", "inadequate"),
          audit("2024-01-15"),
        ]),
        status({ staffId: "W1" }, [audit("2024-03-05")]),
      ],
      { trendMonths: ["2023-12", "2024-01", "2024-02", "2024-03"] },
    );
    expect(q.trend).toEqual([
      { month: "2023-12", audits: 0, goodOrBetter: null },
      { month: "2024-01", audits: 2, goodOrBetter: 50 },
      { month: "2024-02", audits: 0, goodOrBetter: null },
      { month: "2024-03", audits: 1, goodOrBetter: 100 },
    ]);
  });

  it("counts the month's audits by the audited person's team", () => {
    const q = quality([
      status({ staffId: "W1", team: "Team A" }, [
        audit("2024-03-05"),
        audit("2024-03-06", "inadequate"),
      ]),
      status({ staffId: "W2", team: "Team B" }, [audit("2024-02-05")]),
    ]);
    expect(q.byTeam).toEqual({
      "Team A": { audits: 2, goodOrBetter: 50, openActions: 0, overdueActions: 0 },
    });
  });
});

describe("many teams", () => {
  // How long it takes is measured by the benchmark (npm run bench), never here.
  it("counts each team's audits, the grades and the trend: 3,000 files in 3,000 teams", () => {
    const everyone = Array.from({ length: 3_000 }, (_, i) => ({
      person: aPerson({ staffId: `W${i}`, team: `Team ${i}` }),
      facts: factsWith({ audits: [audit("2024-03-10", i % 4 === 0 ? "inadequate" : "good")] }),
    }));
    const trendMonths = Array.from({ length: 12 }, (_, i) => addMonthsToMonth("2024-03", i - 11));
    const q = quality(everyone, { trendMonths });
    expect(q.grades).toEqual({
      outstanding: 0,
      good: 2_250,
      requires_improvement: 0,
      inadequate: 750,
    });
    expect(Object.keys(q.byTeam)).toHaveLength(3_000);
    expect(q.byTeam["Team 4"]).toEqual({
      audits: 1,
      goodOrBetter: 0,
      openActions: 0,
      overdueActions: 0,
    });
    expect(q.trend.at(-1)).toEqual({ month: "2024-03", audits: 3_000, goodOrBetter: 75 });
  });
});

describe("monthly audits done of due (policy 9.3)", () => {
  const auditedBy = (auditorId: string, date: string, kind: AuditFact["kind"] = "monthly") =>
    status({ staffId: `F-${auditorId}-${date}` }, [audit(date, "good", { auditorId, kind })]);

  it("holds a service manager employed on the month's last day to it from their first full month", () => {
    const q = quality([
      manager("SM1", { startDate: "2024-03-01" }),
      manager("SM2", { startDate: "2024-03-02" }),
      manager("SM3", { endDate: "2024-03-30" }),
      manager("SM4", { endDate: "2024-03-31" }),
      status({ staffId: "TM1", role: "team_manager", operational: false }),
    ]);
    // SM1 started on the 1st: March is their first full month. SM2 started on the 2nd: April
    // is. SM3 left the day before the month's end; SM4 left on it.
    expect(q.monthly).toEqual({ due: 2, done: 0 });
  });

  it("is done by a monthly audit of their own dated in the month, to the day", () => {
    const q = quality([
      manager("SM1"),
      manager("SM2"),
      manager("SM3"),
      manager("SM4"),
      auditedBy("SM1", "2024-03-31"),
      auditedBy("SM2", "2024-04-01"),
      auditedBy("SM2", "2024-02-29"),
      auditedBy("SM3", "2024-03-15", "quarterly"),
      auditedBy("QA1", "2024-03-15"),
      auditedBy("SM4", "2024-03-01"),
    ]);
    expect(q.monthly).toEqual({ due: 4, done: 2 });
  });

  it("is due from policy.audits.monthlyFrom, and never when it is unset", () => {
    const everyone = [manager("SM1"), auditedBy("SM1", "2024-03-10")];
    expect(quality(everyone, {}, configWith("2024-03")).monthly).toEqual({ due: 1, done: 1 });
    expect(quality(everyone, {}, configWith("2024-04")).monthly).toEqual({ due: 0, done: 0 });
    const unset = quality(everyone, {}, configWith(undefined));
    expect(unset.monthly).toEqual({ due: 0, done: 0 });
    expect(unset.monthlyFrom).toBeNull();
  });

  it("by the service managers' service", () => {
    const q = quality([
      manager("SM1", { service: "North" }),
      manager("SM2", { service: "North" }),
      manager("SM3", { service: "South" }),
      manager("SM4", { service: "East", startDate: "2024-03-20" }),
      auditedBy("SM1", "2024-03-10"),
      auditedBy("SM3", "2024-03-10"),
    ]);
    expect(q.byService).toEqual({
      East: { due: 0, done: 0 },
      North: { due: 2, done: 1 },
      South: { due: 1, done: 1 },
    });
  });
});

describe("monthly audits and absence (as the KPI counts it)", () => {
  const away = (staffId: string, startDate: string, endDate: string, over = {}) => ({
    ...manager(staffId, over),
    facts: factsWith({ absences: [{ startDate, endDate }] }),
  });
  const auditedBy = (auditorId: string, date: string) =>
    status({ staffId: `F-${auditorId}` }, [audit(date, "good", { auditorId })]);

  it("leaves out a manager unavailable 14 days or more of the month, and their audit from done", () => {
    const q = quality([
      // 14 days of March away: not due, though they audited a file.
      away("SM1", "2024-03-01", "2024-03-14", { service: "North" }),
      auditedBy("SM1", "2024-03-20"),
      // 13 days: due, and done.
      away("SM2", "2024-03-19", "2024-03-31", { service: "North" }),
      auditedBy("SM2", "2024-03-10"),
      // Away across the month's start: 10 days of February's absence fall in March, and
      // 4 more of another: 14 in all.
      {
        ...manager("SM3", { service: "South" }),
        facts: factsWith({
          absences: [
            { startDate: "2024-02-20", endDate: "2024-03-10" },
            { startDate: "2024-03-25", endDate: "2024-03-28" },
          ],
        }),
      },
    ]);
    expect(q.monthly).toEqual({ due: 1, done: 1 });
    expect(q.byService).toEqual({ North: { due: 1, done: 1 }, South: { due: 0, done: 0 } });
  });

  it("counts the days before a start on the 1st's month as the KPI does: a first full month is owed", () => {
    // Started on the 1st: March is their first full month, nothing unavailable.
    const q = quality([manager("SM1", { startDate: "2024-03-01" })]);
    expect(q.monthly).toEqual({ due: 1, done: 0 });
  });
});

describe("a deployment that has not turned audits on", () => {
  const below = (date: string, actionsDueDate: string) =>
    audit(date, "requires_improvement", { actionsDueDate });
  const compile = (people: StaffStatus[], config = configWith(undefined)) =>
    compileMonthlyDigest("2024-05", {
      store: InMemorySupervisionStore.with(people),
      digests: new InMemoryDigestStore(),
      deliveries: new InMemoryDeliveryLedger(),
      config,
      nowMs: () => Date.parse("2024-06-03T06:00:00Z"),
      drawSeed: () => 5,
    });
  const roster = [
    manager("SM1"),
    status({ staffId: "W1", supervisorId: "SM1" }),
    status({ staffId: "W2", supervisorId: "SM1" }),
  ];
  const withAudits = (audits: AuditFact[]) => [
    ...roster,
    status({ staffId: "W3", supervisorId: "SM1" }, audits),
  ];

  it("has no quality section with monthlyFrom unset, no audit in the trend's months and none open", async () => {
    const compiled = await compile(roster);
    expect("audits" in compiled.digest).toBe(false);
    expect(JSON.parse(JSON.stringify(compiled.digest))).not.toHaveProperty("audits");
    // An audit before the trend's 12 months, its actions closed, changes nothing.
    const old = await compile(withAudits([below("2023-01-10", "2023-02-10"), audit("2023-03-01")]));
    expect("audits" in old.digest).toBe(false);
  });

  it("renders it as a digest stored before audits: no section, empty audit cells in the by-team CSV", async () => {
    const compiled = await compile(roster);
    const email = departmentDigest(compiled, configWith(undefined));
    expect(email.html).not.toMatch(/Quality of supervision|Good or better|quarterly sample/);
    expect(email.text).not.toMatch(/QUALITY OF SUPERVISION|Good or better|not recorded here/);
    const csv = email.attachments?.[0]?.content ?? "";
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect([
        r.files_audited,
        r.files_good_or_better_percent,
        r.audit_actions_open,
        r.audit_actions_overdue,
        r.service_monthly_audits_due,
        r.service_monthly_audits_done,
      ]).toEqual(["", "", "", "", "", ""]);
  });

  it("has it when monthlyFrom is set, an audit is dated in the trend's months, or an action is open", async () => {
    expect((await compile(roster, configWith("2024-01"))).digest.audits).toMatchObject({
      monthly: { due: 1, done: 0 },
    });
    // June 2023 is the trend's first month; May 2023 is not in it.
    const trendStart = await compile(withAudits([audit("2023-06-01")]));
    expect(trendStart.digest.audits?.trend[0]).toEqual({
      month: "2023-06",
      audits: 1,
      goodOrBetter: 100,
    });
    expect("audits" in (await compile(withAudits([audit("2023-05-31")]))).digest).toBe(false);
    const open = await compile(withAudits([below("2023-01-10", "2024-09-30")]));
    expect(open.digest.audits).toMatchObject({ openActions: 1, overdueActions: 0 });
  });
});

describe("the quarter's QA sample (policy 9.2)", () => {
  const quarterly = (date: string) => audit(date, "good", { kind: "quarterly", auditorId: "QA1" });

  it("counts the drawn files with a quarterly audit from the quarter's first day to the month's last", () => {
    const q = quality(
      [
        status({ staffId: "D1" }, [quarterly("2024-01-01")]),
        status({ staffId: "D2" }, [quarterly("2024-03-31")]),
        status({ staffId: "D3" }, [quarterly("2023-12-31"), quarterly("2024-04-01")]),
        status({ staffId: "D4" }, [audit("2024-02-10")]),
        status({ staffId: "D5" }),
        status({ staffId: "NOT-DRAWN" }, [quarterly("2024-02-10")]),
      ],
      { qaSample: ["D1", "D2", "D3", "D4", "D5"] },
    );
    expect(q.quarterly).toEqual({ drawn: 5, done: 2 });
    expect(q.quarterFrom).toBe("2024-01");
  });

  it("finds its quarter and the digest that drew the sample", () => {
    expect(["2024-01", "2024-02", "2024-03", "2024-04", "2024-12"].map(quarterStartOf)).toEqual([
      "2024-01",
      "2024-01",
      "2024-01",
      "2024-04",
      "2024-10",
    ]);
    expect(qaSampleDigestMonth("2024-02")).toBe("2023-12");
    expect(qaSampleDigestMonth("2024-04")).toBe("2024-03");
    expect(qaSampleDigestMonth("2024-09")).toBe("2024-06");
  });
});

describe("audit actions open and overdue on the month's last day", () => {
  const below = (date: string, actionsDueDate: string) =>
    audit(date, "requires_improvement", { actionsDueDate });

  it("is open but not overdue when due on the month's last day; overdue when due the day before", () => {
    const q = quality([
      status({ staffId: "W1", team: "Team A" }, [below("2024-03-01", "2024-03-31")]),
      status({ staffId: "W2", team: "Team A" }, [below("2024-03-01", "2024-03-30")]),
      status({ staffId: "W3", team: "Team B" }, [below("2024-02-01", "2024-04-15")]),
    ]);
    expect([q.openActions, q.overdueActions]).toEqual([3, 1]);
    expect(q.byTeam["Team A"]).toMatchObject({ openActions: 2, overdueActions: 1 });
    expect(q.byTeam["Team B"]).toEqual({
      audits: 0,
      goodOrBetter: null,
      openActions: 1,
      overdueActions: 0,
    });
  });

  it("leaves out an action closed by a later Good audit, one set after the month, and a leaver's", () => {
    const q = quality([
      status({ staffId: "W1" }, [below("2024-01-10", "2024-02-10"), audit("2024-03-31")]),
      status({ staffId: "W2" }, [below("2024-04-01", "2024-04-20")]),
      status({ staffId: "W3", endDate: "2024-03-30" }, [below("2024-01-10", "2024-02-10")]),
      // A Good audit after the month's end has not yet closed it.
      status({ staffId: "W4" }, [below("2024-01-10", "2024-02-10"), audit("2024-04-01")]),
    ]);
    expect([q.openActions, q.overdueActions]).toEqual([1, 1]);
  });
});

describe("compiling the digest: the quality section", () => {
  const people: StaffStatus[] = [
    manager("SM1", { service: "Service X" }),
    status({ staffId: "W1", supervisorId: "SM1" }, [
      audit("2024-05-10", "good", { kind: "quarterly", auditorId: "QA1" }),
    ]),
    status({ staffId: "W2", supervisorId: "SM1" }, [audit("2024-05-31", "inadequate")]),
    status({ staffId: "W3", supervisorId: "SM1" }),
  ];
  const compile = (digests: InMemoryDigestStore) =>
    compileMonthlyDigest("2024-05", {
      store: InMemorySupervisionStore.with(people),
      digests,
      deliveries: new InMemoryDeliveryLedger(),
      config: RECORDED,
      nowMs: () => Date.parse("2024-06-03T06:00:00Z"),
      drawSeed: () => 5,
    });

  it("counts the quarter's sample drawn by the digest before the quarter, none when it is not stored", async () => {
    const digests = new InMemoryDigestStore();
    expect((await compile(digests)).digest.audits?.quarterly).toEqual({ drawn: 0, done: 0 });
    const march = (await compile(new InMemoryDigestStore())).digest;
    const drew: Digest = {
      ...march,
      month: "2024-03",
      audit: {
        month: "2024-04",
        serviceManagers: [],
        qualityAssurance: { seed: 1, percent: 10, staffIds: ["W1", "W2"] },
      },
    };
    await digests.save(drew, "2024-04-01T06:00:00Z");
    const may = (await compile(digests)).digest;
    expect(may.audits).toMatchObject({
      monthly: { due: 1, done: 1 },
      quarterly: { drawn: 2, done: 1 },
      grades: { outstanding: 0, good: 1, requires_improvement: 0, inadequate: 1 },
      goodOrBetter: 50,
      quarterFrom: "2024-04",
    });
    expect(may.audits?.trend.map((t) => t.month)).toEqual(may.trend.map((t) => t.month));
  });
});
