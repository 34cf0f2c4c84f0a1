import { lastDayOfMonth } from "../domain/dates";
import type { DeliveryRates } from "../domain/delivery";
import type { Digest, ExceptionReason } from "../domain/digest/digest-model";
import { DEPARTMENT, type DigestScope, scopeName } from "../domain/digest/digest-scope";
import type { Category, KpiCounts } from "../domain/monthly-kpi";
import { RATING_WORDS, type Rag, ragFor, ratingBands } from "../domain/rating";
import { type QualitySummary, qualityView } from "./digest-quality-view";
import { type DetailSection, dayLabel, monthLabel, pct } from "./digest-words";
import { distinctNames, plural } from "./labels";

export { type DetailSection, dayLabel, monthLabel, pct };

/**
 * What one copy of the digest says, worked out once: the HTML page and the plain text are
 * both drawn from it, so they carry the same information (trend, ratings, tables, names).
 * Plain text throughout; the HTML escapes it.
 */
export interface DigestPage {
  subject: string;
  greeting: string;
  /** Whose names this copy carries. */
  scopeNote: string;
  headline: { percent: string; rag: Rag; rating: string; lines: string[] };
  /** The recipient's own tasks: an audit file, the QA sample. */
  personal: string[];
  target: number;
  /** What each rating means, e.g. "On target 90.0% or more; near target 85.0% to 89.9%; …". */
  ratingKey: string;
  trend: {
    month: string;
    compliance: number | null;
    percent: string;
    rag: Rag;
    rating: string;
    /** The month's % of audited files Good or better, and how many (digests with audits). */
    goodOrBetter?: { percent: string; audits: number };
  }[];
  categories: RatedRow[];
  services: RatedRow[];
  teams: RatedRow[];
  teamsTitle: string;
  teamsNote: string;
  /** The quality of supervision beside the KPI (absent from digests stored before audits). */
  quality?: QualitySummary;
  /** The named detail, after the summary: exceptions and the coming month. */
  detail: DetailSection[];
  /**
   * Coverage, caseloads, the quality section's detail, email delivery: figures in sentences,
   * printed in two columns (even places down the left, odd down the right).
   */
  context: DetailSection[];
  footer: string;
}

export interface RatedRow {
  label: string;
  due: number;
  supervised: number;
  /** "28 of 33". */
  counts: string;
  percent: string;
  rag: Rag;
  rating: string;
  /** Not counted for absence. */
  notCounted: number;
}

export interface DigestPageInput {
  /** Already cut to `scope` (`scopedDigest`). */
  digest: Digest;
  recipientName: string;
  nameOf: (staffId: string) => string;
  nearTargetPoints: number;
  senderName: string;
  scope?: DigestScope | undefined;
  auditFile?: { staffId: string; team: string } | undefined;
  qaSample?: { staffId: string; team: string }[] | undefined;
  /** The teams whose people the copy may name (a scoped copy lists them first). */
  teamsInScope?: ReadonlySet<string> | undefined;
}

/**
 * How many names the body carries at most (a list that would go past it is counted by team
 * and named in the CSV): with the summary, two printed A4 pages.
 */
export const NAMED_IN_BODY_AT_MOST = 150;

/** The KPI's categories in plain words. */
export const CATEGORY_WORDS: Record<Category, string> = {
  qualified: "Qualified social workers",
  nqsw: "Newly qualified (ASYE)",
  agency: "Agency staff",
  other: "Unqualified and other",
};

const REASON_TITLE: Record<ExceptionReason, string> = {
  past_two_month_limit: "Over two months without supervision",
  not_supervised: "Not supervised this month",
  under_minimum_sessions: "Under the yearly minimum of sessions",
};

/** Worst first: lowest compliance, then the most people due, then by name; nobody due last. */
function worstFirst(a: RatedRow, b: RatedRow): number {
  const pa = a.due === 0 ? Number.POSITIVE_INFINITY : a.supervised / a.due;
  const pb = b.due === 0 ? Number.POSITIVE_INFINITY : b.supervised / b.due;
  return pa - pb || b.due - a.due || a.label.localeCompare(b.label);
}

export function digestPage(input: DigestPageInput): DigestPage {
  const d = input.digest;
  const scope = input.scope ?? DEPARTMENT;
  const near = input.nearTargetPoints;
  const rated = (label: string, c: KpiCounts, notCounted: number): RatedRow => {
    const rag = ragFor(c.compliance, d.target, near);
    return {
      label,
      due: c.due,
      supervised: c.supervised,
      counts: `${c.supervised} of ${c.due}`,
      percent: pct(c.compliance),
      rag,
      rating: RATING_WORDS[rag],
      notCounted,
    };
  };
  const month = monthLabel(d.month);
  const monthEnd = dayLabel(lastDayOfMonth(d.month));
  const overallRag = ragFor(d.overall.compliance, d.target, near);
  const subject = `Supervision compliance ${month}: ${pct(d.overall.compliance)} against ${d.target}% target`;
  const previousMonth = d.trend.at(-2)?.month;
  const change =
    d.change === null
      ? "No figure for the month before to compare with."
      : d.change === 0
        ? `The same as ${previousMonth ? monthLabel(previousMonth) : "last month"}.`
        : `${d.change > 0 ? "Up" : "Down"} ${Math.abs(d.change).toFixed(1)} points on ${previousMonth ? monthLabel(previousMonth) : "last month"} (${pct(d.previousCompliance)}).`;
  const considered = d.overall.due + d.excludedForAbsence.overall;
  const headline = {
    percent: pct(d.overall.compliance),
    rag: overallRag,
    rating: RATING_WORDS[overallRag],
    lines: [
      `${d.overall.supervised} of the ${d.overall.due} operational staff due had a formal supervision in ${month}; the target is ${d.target}%.`,
      change,
      `Who is due: ${considered} operational staff worked in ${month}; ${d.excludedForAbsence.overall} ${d.excludedForAbsence.overall === 1 ? "was" : "were"} not counted because they were away, or started or left, for 14 days or more of the month, leaving ${d.overall.due} due.`,
    ],
  };

  const personal: string[] = [];
  const names = distinctNames(
    [
      ...d.exceptions,
      ...d.forecast.passingSixWeeks,
      ...d.forecast.passingTwoMonths,
      ...(input.auditFile ? [input.auditFile] : []),
      ...(input.qaSample ?? []),
    ].map((p) => ({ staffId: p.staffId, team: p.team, name: input.nameOf(p.staffId) })),
  );
  const nameOf = (staffId: string) => {
    const n = names.get(staffId);
    return n?.id ? `${n.name} (${n.id})` : (n?.name ?? input.nameOf(staffId));
  };
  if (input.auditFile)
    personal.push(
      `Your supervision file to audit in ${monthLabel(d.audit.month)} (policy 9.3): ${nameOf(input.auditFile.staffId)}, ${input.auditFile.team}.`,
    );
  if (input.qaSample)
    personal.push(
      `Your quarterly quality-assurance sample (policy 9.2) of ${plural(input.qaSample.length, "file")} is named after the summary.`,
    );

  const inScopeTeams = input.teamsInScope;
  const scoped = scope.kind !== "department" && inScopeTeams !== undefined;
  const quality =
    d.audits &&
    qualityView(d.audits, {
      month: d.month,
      nearTargetPoints: near,
      scopeName: scoped ? scopeName(scope) : undefined,
      teamsInScope: scoped ? inScopeTeams : undefined,
    });
  const trend = d.trend.map((t, i) => {
    const rag = ragFor(t.compliance, d.target, near);
    const files = quality?.trend[i];
    return {
      month: monthLabel(t.month),
      compliance: t.compliance,
      percent: pct(t.compliance),
      rag,
      rating: RATING_WORDS[rag],
      ...(files ? { goodOrBetter: files } : {}),
    };
  });
  const categories = (Object.entries(d.byCategory) as [Category, KpiCounts][]).map(([k, c]) =>
    rated(CATEGORY_WORDS[k], c, d.excludedForAbsence.byCategory[k] ?? 0),
  );
  const services = Object.entries(d.byService)
    .map(([k, c]) => rated(k, c, d.excludedForAbsence.byService[k] ?? 0))
    .sort(worstFirst);
  const allTeams = Object.entries(d.byTeam)
    .map(([k, c]) => rated(k, c, d.excludedForAbsence.byTeam[k] ?? 0))
    .sort(worstFirst);
  const teams = scoped ? allTeams.filter((t) => inScopeTeams.has(t.label)) : allTeams;
  const teamsTitle = scoped ? `Teams in ${scopeName(scope)}, worst first` : "Teams, worst first";
  const teamsNote = scoped
    ? `Every team's figures are in the attached by-team CSV (${plural(allTeams.length, "team")}).`
    : `${plural(allTeams.filter((t) => t.rag === "red").length, "team")} below target, ${allTeams.filter((t) => t.rag === "amber").length} near target, ${allTeams.filter((t) => t.rag === "green").length} on target.`;

  // Named detail: each list's people by team, worst team first as in the table. Lists are
  // named in order of urgency (past two months, not supervised, passing two months next
  // month, passing six weeks, under the yearly minimum) while the page has room for their
  // names (`NAMED_IN_BODY_AT_MOST` in all); a list that does not fit is counted by team, its
  // names in the attached CSV, so that the whole digest prints on two pages.
  const teamOrder = new Map(allTeams.map((t, i) => [t.label, i]));
  const byTeam = (
    people: readonly { staffId: string; team: string }[],
    named: boolean,
    suffix = (_id: string) => "",
  ): DetailSection["groups"] => {
    const groups = new Map<string, string[]>();
    for (const p of people)
      groups.set(p.team, [
        ...(groups.get(p.team) ?? []),
        `${nameOf(p.staffId)}${suffix(p.staffId)}`,
      ]);
    return [...groups]
      .sort(
        ([a], [b]) =>
          (teamOrder.get(a) ?? Number.MAX_SAFE_INTEGER) -
            (teamOrder.get(b) ?? Number.MAX_SAFE_INTEGER) || a.localeCompare(b),
      )
      .map(([team, list]) => ({
        team,
        count: list.length,
        names: named ? list.sort((x, y) => x.localeCompare(y)) : [],
      }));
  };
  const whose = scope.kind === "department" ? "" : ` in ${scopeName(scope)}`;
  const inCsv = "Named in the attached exceptions CSV; here, how many in each team.";
  const nobody = (n: number) => (n === 0 ? ["Nobody."] : []);
  const sessions = new Map(d.exceptions.map((e) => [e.staffId, e.formalSessionsLast12Months]));
  const reasonPeople = (reason: ExceptionReason) =>
    d.exceptions.filter((e) => e.reasons.includes(reason));
  const pastLimit = reasonPeople("past_two_month_limit");
  const notSupervised = reasonPeople("not_supervised");
  const underMinimum = reasonPeople("under_minimum_sessions");
  const qa = input.qaSample ?? [];
  let room = NAMED_IN_BODY_AT_MOST - qa.length;
  const fits = (n: number) => {
    if (n > room) return false;
    room -= n;
    return true;
  };
  const namePastLimit = fits(pastLimit.length);
  const nameNotSupervised = fits(notSupervised.length);
  const next = monthLabel(d.forecast.month);
  const dueNext = Object.values(d.forecast.supervisionsDueByTeam).reduce((a, b) => a + b, 0);
  const on = (list: readonly { staffId: string; date: string }[]) => {
    const dates = new Map(list.map((p) => [p.staffId, p.date]));
    return (id: string) => ` ${Number(dates.get(id)?.slice(8, 10))} ${next.slice(0, 3)}`;
  };
  const { passingTwoMonths, passingSixWeeks } = d.forecast;
  const nameTwoMonths = fits(passingTwoMonths.length);
  const nameSixWeeks = fits(passingSixWeeks.length);
  const nameUnder = fits(underMinimum.length);
  const detail: DetailSection[] = [
    ...(input.qaSample
      ? [
          {
            title: `Your quality-assurance sample (policy 9.2): ${plural(qa.length, "file")}`,
            lines: [`Drawn at random from operational staff for ${next}.`],
            groups: byTeam(qa, true),
          },
        ]
      : []),
    {
      title: `${REASON_TITLE.past_two_month_limit}${whose}: ${pastLimit.length}`,
      lines:
        pastLimit.length > 0
          ? [
              `No formal supervision for more than two months on ${monthEnd} (policy 4.2).${namePastLimit ? "" : ` ${inCsv}`}`,
            ]
          : nobody(0),
      groups: byTeam(pastLimit, namePastLimit),
    },
    {
      title: `${REASON_TITLE.not_supervised}${whose}: ${notSupervised.length}`,
      lines: nameNotSupervised ? nobody(notSupervised.length) : [inCsv],
      groups: byTeam(notSupervised, nameNotSupervised),
    },
    {
      title: `Coming up in ${next}: will pass two months unless seen${whose}: ${passingTwoMonths.length}`,
      lines: [
        `${plural(dueNext, "supervision")} fall due across the department in ${next} (each team's number is in the by-team CSV).${passingTwoMonths.length > 0 ? ` These people will have gone two months without supervision${nameTwoMonths ? " on the date given" : ""} unless they are seen first.${nameTwoMonths ? "" : ` ${inCsv}`}` : " Nobody will pass two months without supervision."}`,
      ],
      groups: byTeam(passingTwoMonths, nameTwoMonths, on(passingTwoMonths)),
    },
    {
      title: `Coming up in ${next}: will pass six weeks unless seen${whose}: ${passingSixWeeks.length}`,
      lines:
        passingSixWeeks.length === 0
          ? nobody(0)
          : [
              nameSixWeeks
                ? "Overdue from the date given."
                : `Overdue from a date in ${next}. ${inCsv}`,
            ],
      groups: byTeam(passingSixWeeks, nameSixWeeks, on(passingSixWeeks)),
    },
    {
      title: `${REASON_TITLE.under_minimum_sessions}${whose}: ${underMinimum.length}`,
      lines:
        underMinimum.length === 0
          ? nobody(0)
          : [
              `Fewer formal sessions in the 12 months to ${monthEnd} than the policy's minimum (staff employed a year or more).${nameUnder ? " Sessions in brackets." : ` ${inCsv}`}`,
            ],
      groups: byTeam(underMinimum, nameUnder, (id) => ` (${sessions.get(id) ?? 0})`),
    },
  ];

  const share = (s: { count: number; of: number; percent: number | null }) =>
    `${pct(s.percent)} (${s.count} of ${s.of})`;
  const cov = d.coverage;
  const overLevel = Object.entries(d.caseload.byTeam).filter(([, t]) => t.overLevel);
  const context: DetailSection[] = [
    {
      title: `Agreements, appraisals and training on ${monthEnd}`,
      lines: [
        `Counted among the ${cov.agreementCurrent.of} people with a supervisor on record on ${monthEnd}: every role, operational or not, so more than the ${d.overall.due} operational staff due in the KPI above.`,
        `Current supervision agreement: ${share(cov.agreementCurrent)}.`,
        `Appraisal in date: ${share(cov.appraisalInDate)}.`,
        `Supervision training, among the ${cov.supervisorsTrained.of} people who supervise someone: ${share(cov.supervisorsTrained)}.`,
      ],
      groups: [],
    },
    {
      title: "Caseloads",
      lines: [
        `Average cases per person: ${(
          Object.entries(d.caseload.byCategory) as [
            Category,
            { people: number; average: number | null },
          ][]
        )
          .filter(([, c]) => c.average !== null)
          .map(([k, c]) => `${CATEGORY_WORDS[k]} ${c.average}`)
          .join("; ")}.`,
        overLevel.length === 0
          ? "No team is above the caseload its staffing model expects."
          : `${plural(overLevel.length, "team")} above the caseload the staffing model expects for its work and its newly qualified staff: ${overLevel
              .map(([t, c]) => `${t} ${c.average} cases each, expected at most ${c.level}`)
              .join("; ")}.`,
      ],
      groups: [],
    },
  ];

  if (quality) context.push(quality.detail);
  if (d.delivery) context.push(deliverySection(d.delivery));

  const ratingKey = `${ratingBands(d.target, near)
    .map((b) => `${b.words} ${b.range}`)
    .join("; ")}.`;
  return {
    subject,
    greeting: `Dear ${input.recipientName},`,
    scopeNote:
      scope.kind === "department"
        ? "This copy names people across the whole department."
        : `This copy names only people in ${scopeName(scope)}, the part of the department you manage; every figure is the whole department's.`,
    headline,
    personal,
    target: d.target,
    ratingKey,
    trend,
    categories,
    services,
    teams,
    teamsTitle,
    teamsNote,
    ...(quality ? { quality: quality.summary } : {}),
    detail,
    context,
    footer: `Attached for Excel: every team's figures (supervision-by-team-${d.month}.csv) and everyone named here, with their reasons (supervision-exceptions-${d.month}.csv). ${input.senderName}.`,
  };
}

/** What became of the month's emails: SES's delivery reports in figures and words. */
function deliverySection(rates: DeliveryRates): DetailSection {
  const share = (n: number, percent: number | null) => `${pct(percent)} (${n})`;
  return {
    title: "Email delivery this month",
    lines:
      rates.emails === 0
        ? [
            "No delivery reports for this month's emails: none went through the configured sending domain, or its delivery events are not arriving.",
          ]
        : [
            `Of ${plural(rates.emails, "email")} sent: delivered ${share(rates.delivered, rates.deliveredPercent)}; bounced ${share(rates.bounced, rates.bouncedPercent)}; marked as spam ${share(rates.complained, rates.complainedPercent)}${rates.other > 0 ? `; ${rates.other} delayed, rejected or not yet reported` : ""}.`,
            "Amazon SES reviews an account whose bounces reach 5% or complaints 0.1%; a person whose address bounced is listed to their manager until it is corrected.",
          ],
    groups: [],
  };
}
