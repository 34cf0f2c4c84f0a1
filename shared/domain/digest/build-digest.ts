import { addMonthsToMonth, firstDayOfMonth, type IsoMonth, lastDayOfMonth } from "../dates";
import {
  CATEGORIES,
  type Category,
  categoryOf,
  type KpiPersonRow,
  type MonthlyKpi,
} from "../monthly-kpi";
import { evaluateObligations, type Obligation } from "../obligations";
import { isEmployedOn } from "../person-on-date";
import type { StaffStatus } from "../records";
import type { DigestConfig } from "../settings/digest";
import type { Policy } from "../settings/policy";
import { minimumSessionsApply, supervisionHistory } from "../supervision-history";
import { auditSection } from "./audit-quality";
import type { AuditDraw, Digest, DigestException, ExceptionReason, Share } from "./digest-model";
import { seededSample } from "./seeded-sample";

export interface DigestInput {
  month: IsoMonth;
  kpi: MonthlyKpi;
  people: readonly KpiPersonRow[];
  /** The KPI for the 12 months ending with `month`, oldest first. */
  trend: readonly MonthlyKpi[];
  /** Everyone employed at some time since the month began, with their facts. */
  roster: readonly StaffStatus[];
  /**
   * Everyone employed at some time since the trend's first month: whose audited files the
   * quality section and its trend count. `roster` when left out.
   */
  everyone?: readonly StaffStatus[];
  /** The quarter's QA sample as drawn (staff ids); none when left out. */
  qaSample?: readonly string[];
  /** Seeds for the audit draws: by service manager, and for the QA sample. */
  seeds: { serviceManagers: Record<string, number>; qualityAssurance: number };
  policy: Policy;
  digest: DigestConfig;
}

const QUARTER_STARTS = new Set(["01", "04", "07", "10"]);
const round1 = (n: number) => Math.round(n * 10) / 10;
const share = (count: number, of: number): Share => ({
  count,
  of,
  percent: of === 0 ? null : Math.round((count * 1000) / of) / 10,
});

/**
 * The month's compliance digest for senior managers, from the KPI (computed exactly as
 * `report` does) and the people's facts as they stood at the month's end. Pure.
 */
export function buildDigest(input: DigestInput): Digest {
  const monthEnd = lastDayOfMonth(input.month);
  const next = addMonthsToMonth(input.month, 1);
  const atEnd = input.roster.filter(({ person }) => isEmployedOn(person, monthEnd));
  const supervisors = new Set(atEnd.map(({ person }) => person.supervisorId).filter(Boolean));
  const obligationsAt = (p: StaffStatus, asOf: string): Obligation[] =>
    evaluateObligations(
      {
        person: p.person,
        facts: p.facts,
        asOf,
        supervisesOthers: supervisors.has(p.person.staffId),
      },
      input.policy,
    );
  const operational = atEnd.filter(({ person }) => person.operational);
  const previous = input.trend.at(-2)?.overall.compliance ?? null;
  const current = input.kpi.overall.compliance;
  // None for a deployment that has not turned audits on: no `audits` key, as before audits.
  const audits = auditSection({
    month: input.month,
    everyone: input.everyone ?? input.roster,
    qaSample: input.qaSample ?? [],
    trendMonths: input.trend.map((k) => k.month),
    policy: input.policy,
  });

  return {
    ...input.kpi,
    previousCompliance: previous,
    change: previous === null || current === null ? null : round1(current - previous),
    excludedForAbsence: excluded(input.people),
    teamService: Object.fromEntries(input.people.map((r) => [r.team, r.service])),
    trend: input.trend.map((k) => ({ month: k.month, ...k.overall })),
    exceptions: exceptions(input, operational, obligationsAt, monthEnd),
    coverage: coverage(atEnd, supervisors, obligationsAt, monthEnd, input.policy.training.course),
    caseload: caseload(operational, input.digest),
    forecast: forecast(input, obligationsAt, next),
    audit: audit(operational, atEnd, input, next),
    ...(audits && { audits }),
  };
}

function excluded(people: readonly KpiPersonRow[]): Digest["excludedForAbsence"] {
  const out = people.filter((r) => !r.due);
  const count = (key: (r: KpiPersonRow) => string) => {
    const by: Record<string, number> = {};
    for (const r of out) by[key(r)] = (by[key(r)] ?? 0) + 1;
    return by;
  };
  const byCategory = count((r) => r.category);
  return {
    overall: out.length,
    byCategory: Object.fromEntries(CATEGORIES.map((c) => [c, byCategory[c] ?? 0])) as Record<
      Category,
      number
    >,
    byService: count((r) => r.service),
    byTeam: count((r) => r.team),
  };
}

function exceptions(
  input: DigestInput,
  operational: readonly StaffStatus[],
  obligationsAt: (p: StaffStatus, asOf: string) => Obligation[],
  monthEnd: string,
): DigestException[] {
  const { minimumSessionsPerYear } = input.policy.supervision;
  const notSupervised = new Set(
    input.people.filter((r) => r.due && !r.supervised).map((r) => r.staffId),
  );
  const found: DigestException[] = [];
  for (const p of operational) {
    const reasons: ExceptionReason[] = [];
    if (notSupervised.has(p.person.staffId)) reasons.push("not_supervised");
    const supervision = obligationsAt(p, monthEnd).find((o) => o.kind === "supervision");
    if (supervision && monthEnd >= supervision.escalatedFrom) reasons.push("past_two_month_limit");
    const history = supervisionHistory(p.person, p.facts.formalSessions, monthEnd);
    if (
      minimumSessionsApply(p.person, monthEnd) &&
      history.formalSessionsLast12Months < minimumSessionsPerYear
    ) {
      reasons.push("under_minimum_sessions");
    }
    if (reasons.length > 0) {
      found.push({
        staffId: p.person.staffId,
        team: p.person.team,
        service: p.person.service,
        reasons,
        formalSessionsLast12Months: history.formalSessionsLast12Months,
      });
    }
  }
  return found.sort((a, b) => a.team.localeCompare(b.team) || a.staffId.localeCompare(b.staffId));
}

function coverage(
  atEnd: readonly StaffStatus[],
  supervisors: ReadonlySet<string | undefined>,
  obligationsAt: (p: StaffStatus, asOf: string) => Obligation[],
  monthEnd: string,
  course: string,
) {
  const supervised = atEnd.filter(({ person }) => person.supervisorId !== undefined);
  const inDate = (p: StaffStatus, kind: Obligation["kind"]) =>
    obligationsAt(p, monthEnd).some((o) => o.kind === kind && monthEnd < o.overdueFrom);
  const managers = atEnd.filter(({ person }) => supervisors.has(person.staffId));
  const trained = managers.filter(({ facts }) =>
    facts.training.some(
      (t) => t.date <= monthEnd && t.course.toLowerCase() === course.toLowerCase(),
    ),
  );
  return {
    agreementCurrent: share(
      supervised.filter((p) => inDate(p, "agreement_review")).length,
      supervised.length,
    ),
    appraisalInDate: share(
      supervised.filter((p) => inDate(p, "appraisal")).length,
      supervised.length,
    ),
    supervisorsTrained: share(trained.length, managers.length),
  };
}

function caseload(operational: readonly StaffStatus[], config: DigestConfig) {
  const withCases = operational.filter(({ person }) => person.caseload !== undefined);
  const average = (list: readonly StaffStatus[]) =>
    list.length === 0
      ? null
      : round1(list.reduce((n, { person }) => n + (person.caseload ?? 0), 0) / list.length);
  const byCategory = Object.fromEntries(
    CATEGORIES.map((c) => {
      const list = withCases.filter(({ person }) => categoryOf(person) === c);
      return [c, { people: list.length, average: average(list) }];
    }),
  ) as Record<Category, { people: number; average: number | null }>;
  const byTeam: Digest["caseload"]["byTeam"] = {};
  for (const team of [...new Set(withCases.map(({ person }) => person.team))].sort()) {
    const list = withCases.filter(({ person }) => person.team === team);
    const teamLevel = config.caseload.teamLevels[team] ?? config.caseload.defaultLevel;
    const level = round1(
      list.reduce(
        (n, { person }) =>
          n +
          (person.qualification === "nqsw"
            ? Math.min(teamLevel, config.caseload.nqswLevel)
            : teamLevel),
        0,
      ) / list.length,
    );
    const avg = average(list);
    byTeam[team] = {
      people: list.length,
      average: avg,
      level,
      overLevel: avg !== null && avg > level,
    };
  }
  return { byCategory, byTeam };
}

function forecast(
  input: DigestInput,
  obligationsAt: (p: StaffStatus, asOf: string) => Obligation[],
  next: IsoMonth,
): Digest["forecast"] {
  const first = firstDayOfMonth(next);
  const last = lastDayOfMonth(next);
  const within = (d: string) => d >= first && d <= last;
  const result: Digest["forecast"] = {
    month: next,
    supervisionsDueByTeam: {},
    passingSixWeeks: [],
    passingTwoMonths: [],
  };
  for (const p of input.roster) {
    if (!p.person.operational || !isEmployedOn(p.person, first)) continue;
    const supervision = obligationsAt(p, first).find((o) => o.kind === "supervision");
    if (!supervision) continue;
    const { team, staffId } = p.person;
    if (within(supervision.dueDate)) {
      result.supervisionsDueByTeam[team] = (result.supervisionsDueByTeam[team] ?? 0) + 1;
    }
    if (within(supervision.overdueFrom))
      result.passingSixWeeks.push({ staffId, team, date: supervision.overdueFrom });
    if (within(supervision.escalatedFrom))
      result.passingTwoMonths.push({ staffId, team, date: supervision.escalatedFrom });
  }
  const byDate = (a: { date: string; staffId: string }, b: { date: string; staffId: string }) =>
    a.date.localeCompare(b.date) || a.staffId.localeCompare(b.staffId);
  result.passingSixWeeks.sort(byDate);
  result.passingTwoMonths.sort(byDate);
  return result;
}

/** Policy 9.2 and 9.3: a file for each service manager every month; a QA sample each quarter. */
function audit(
  operational: readonly StaffStatus[],
  atEnd: readonly StaffStatus[],
  input: DigestInput,
  next: IsoMonth,
): Digest["audit"] {
  const managers = atEnd
    .filter(({ person }) => person.role === "service_manager")
    .map(({ person }) => person)
    .sort((a, b) => a.staffId.localeCompare(b.staffId));
  // Each service's operational staff, grouped once rather than scanned per manager.
  const byService = new Map<string, string[]>();
  for (const { person } of operational) {
    const ids = byService.get(person.service);
    if (ids) ids.push(person.staffId);
    else byService.set(person.service, [person.staffId]);
  }
  for (const ids of byService.values()) ids.sort();
  const serviceManagers: AuditDraw[] = managers.map((m) => {
    const seed = input.seeds.serviceManagers[m.staffId] ?? 0;
    const candidates = (byService.get(m.service) ?? []).filter((id) => id !== m.staffId);
    return {
      managerId: m.staffId,
      service: m.service,
      seed,
      staffId: seededSample(candidates, 1, seed)[0] ?? null,
    };
  });
  let qualityAssurance: Digest["audit"]["qualityAssurance"] = null;
  if (QUARTER_STARTS.has(next.slice(5, 7))) {
    const candidates = operational.map(({ person }) => person.staffId).sort();
    const count = Math.ceil((candidates.length * input.digest.qaSamplePercent) / 100);
    const seed = input.seeds.qualityAssurance;
    qualityAssurance = {
      seed,
      percent: input.digest.qaSamplePercent,
      staffIds: seededSample(candidates, count, seed).sort(),
    };
  }
  return { month: next, serviceManagers, qualityAssurance };
}
