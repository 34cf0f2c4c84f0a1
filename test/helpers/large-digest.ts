import { SERVICES } from "../../shared/demo/names";
import { addMonthsToMonth, type IsoMonth } from "../../shared/domain/dates";
import type { Digest, ExceptionReason } from "../../shared/domain/digest/digest-model";
import { CATEGORIES, type KpiCounts } from "../../shared/domain/monthly-kpi";
import { SeededRandom } from "../../shared/domain/seeded-random";

const REASONS: ExceptionReason[] = [
  "not_supervised",
  "past_two_month_limit",
  "under_minimum_sessions",
];
const PEOPLE_PER_TEAM = 33;

/**
 * A digest of a department of `staff` operational people, shaped as `buildDigest` makes one
 * (the demo department's team and service names, ids like `S049657`) but built directly, in
 * well under a second at 50,000 (building a real one from a generated department takes over a
 * minute there). Every person is an exception (a real month names about a quarter), half pass
 * six weeks next month, an eighth two months, a tenth are in the QA sample: at 50,000 about
 * 9 MB of JSON, twice the real 50,000-staff digest's 4.3 MB. Seeded: the same arguments give
 * the same digest, another seed a different one.
 */
export function largeDigest(options: { month: IsoMonth; staff: number; seed: number }): Digest {
  const { month, staff } = options;
  const rng = new SeededRandom(options.seed);
  const next = addMonthsToMonth(month, 1);
  const teamCount = Math.max(1, Math.ceil(staff / PEOPLE_PER_TEAM));
  const teams = Array.from({ length: teamCount }, (_, i) => {
    const service = SERVICES[i % SERVICES.length] as (typeof SERVICES)[number];
    const base = service.teams[Math.floor(i / SERVICES.length) % service.teams.length] as string;
    const round = Math.floor(i / (SERVICES.length * service.teams.length));
    return { name: round === 0 ? base : `${base} ${round + 1}`, service: service.name };
  });
  const people = Array.from({ length: staff }, (_, i) => ({
    staffId: `S${String(i + 1).padStart(6, "0")}`,
    team: teams[Math.floor(i / PEOPLE_PER_TEAM)] as (typeof teams)[number],
  }));
  const counts = (due: number): KpiCounts => {
    const supervised = Math.round(due * (0.7 + rng.next() * 0.25));
    return {
      due,
      supervised,
      compliance: due === 0 ? null : Math.round((supervised * 1000) / due) / 10,
    };
  };
  const byTeam = (value: () => number) =>
    Object.fromEntries(teams.map((t) => [t.name, value()])) as Record<string, number>;
  const dateIn = (m: IsoMonth) => `${m}-${String(rng.int(1, 28)).padStart(2, "0")}`;
  const overall = counts(staff);
  return {
    month,
    target: 90,
    overall,
    byCategory: Object.fromEntries(
      CATEGORIES.map((c) => [c, counts(Math.round(staff / CATEGORIES.length))]),
    ) as Digest["byCategory"],
    byTeam: Object.fromEntries(teams.map((t) => [t.name, counts(rng.int(25, PEOPLE_PER_TEAM))])),
    byService: Object.fromEntries(
      SERVICES.map((s) => [s.name, counts(Math.round(staff / SERVICES.length))]),
    ),
    previousCompliance: 81.4,
    change: overall.compliance === null ? null : Math.round((overall.compliance - 81.4) * 10) / 10,
    excludedForAbsence: {
      overall: Math.round(staff / 20),
      byCategory: Object.fromEntries(
        CATEGORIES.map((c) => [c, Math.round(staff / 20 / CATEGORIES.length)]),
      ) as Digest["excludedForAbsence"]["byCategory"],
      byService: Object.fromEntries(
        SERVICES.map((s) => [s.name, Math.round(staff / 20 / SERVICES.length)]),
      ),
      byTeam: byTeam(() => rng.int(0, 4)),
    },
    teamService: Object.fromEntries(teams.map((t) => [t.name, t.service])),
    trend: Array.from({ length: 12 }, (_, i) => ({
      month: addMonthsToMonth(month, i - 11),
      ...counts(staff - rng.int(0, 500)),
    })),
    exceptions: people.map((p) => ({
      staffId: p.staffId,
      team: p.team.name,
      service: p.team.service,
      reasons: REASONS.filter((_, i) => i === 0 || rng.chance(0.3)),
      formalSessionsLast12Months: rng.int(0, 12),
    })),
    coverage: {
      agreementCurrent: { count: Math.round(staff * 0.8), of: staff, percent: 80 },
      appraisalInDate: { count: Math.round(staff * 0.9), of: staff, percent: 90 },
      supervisorsTrained: { count: teamCount * 4, of: teamCount * 5, percent: 80 },
    },
    caseload: {
      byCategory: Object.fromEntries(
        CATEGORIES.map((c) => [c, { people: Math.round(staff / 4), average: 17.3 }]),
      ) as Digest["caseload"]["byCategory"],
      byTeam: Object.fromEntries(
        teams.map((t) => {
          const average = Math.round((12 + rng.next() * 12) * 10) / 10;
          const level = Math.round((16 + rng.next() * 6) * 10) / 10;
          return [t.name, { people: PEOPLE_PER_TEAM, average, level, overLevel: average > level }];
        }),
      ),
    },
    forecast: {
      month: next,
      supervisionsDueByTeam: byTeam(() => rng.int(20, 40)),
      passingSixWeeks: people
        .filter(() => rng.chance(0.5))
        .map((p) => ({ staffId: p.staffId, team: p.team.name, date: dateIn(next) })),
      passingTwoMonths: people
        .filter(() => rng.chance(0.125))
        .map((p) => ({ staffId: p.staffId, team: p.team.name, date: dateIn(next) })),
    },
    audit: {
      month: next,
      serviceManagers: SERVICES.map((s, i) => ({
        managerId: `M${String(i + 1).padStart(6, "0")}`,
        service: s.name,
        seed: rng.int(1, 2 ** 31 - 2),
        staffId: rng.pick(people).staffId,
      })),
      qualityAssurance: {
        seed: rng.int(1, 2 ** 31 - 2),
        percent: 10,
        staffIds: people.filter(() => rng.chance(0.1)).map((p) => p.staffId),
      },
    },
    audits: fileAudits(rng, month, staff, teams, overall),
  };
}

/**
 * The quality section of a department auditing as policy 9.2 and 9.3 ask: each service
 * manager a file a month, a tenth of staff a quarter, a fifth of files below Good, and a team
 * in three with actions open (some overdue).
 */
function fileAudits(
  rng: SeededRandom,
  month: IsoMonth,
  staff: number,
  teams: readonly { name: string; service: string }[],
  overall: KpiCounts,
): Digest["audits"] {
  const percent = (n: number, of: number) => (of === 0 ? null : Math.round((n * 1000) / of) / 10);
  const byService = Object.fromEntries(
    SERVICES.map((s) => [s.name, { due: 1, done: rng.chance(0.8) ? 1 : 0 }]),
  );
  const monthlyDone = Object.values(byService).reduce((n, s) => n + s.done, 0);
  const audited = monthlyDone + Math.ceil(staff / 30);
  const inadequate = Math.floor(audited / 12);
  const requiresImprovement = Math.floor(audited / 8);
  const outstanding = Math.floor(audited / 6);
  const good = audited - inadequate - requiresImprovement - outstanding;
  const goodOrBetter = percent(good + outstanding, audited);
  const byTeam = Object.fromEntries(
    teams
      .filter(() => rng.chance(1 / 3))
      .map((t) => {
        const openActions = rng.int(1, 3);
        return [
          t.name,
          {
            audits: rng.int(0, 3),
            goodOrBetter: 75,
            openActions,
            overdueActions: rng.int(0, openActions),
          },
        ];
      }),
  );
  const sum = (key: "openActions" | "overdueActions") =>
    Object.values(byTeam).reduce((n, t) => n + t[key], 0);
  const drawn = Math.ceil(overall.due / 10);
  return {
    monthly: { due: SERVICES.length, done: monthlyDone },
    quarterly: { drawn, done: Math.floor(drawn / 2) },
    grades: { outstanding, good, requires_improvement: requiresImprovement, inadequate },
    goodOrBetter,
    openActions: sum("openActions"),
    overdueActions: sum("overdueActions"),
    target: 80,
    rag:
      goodOrBetter === null
        ? "n/a"
        : goodOrBetter >= 80
          ? "green"
          : goodOrBetter >= 75
            ? "amber"
            : "red",
    monthlyFrom: addMonthsToMonth(month, -12),
    quarterFrom: addMonthsToMonth(month, -((Number(month.slice(5, 7)) - 1) % 3)),
    byService,
    byTeam,
    trend: Array.from({ length: 12 }, (_, i) => {
      const audits = rng.int(10, 20);
      return {
        month: addMonthsToMonth(month, i - 11),
        audits,
        goodOrBetter: percent(audits - rng.int(0, 6), audits),
      };
    }),
  };
}
