import type { Digest } from "../domain/digest/digest-model";
import { RATING_WORDS, ragFor } from "../domain/rating";
import { excelCsv } from "./excel-csv";

/**
 * Every team's figures, worst first (the body's order), rated as the page and `report` rate
 * them: `rag` (green, amber, red) to filter on, `rating` in words. Then the quality of
 * supervision: the team's files audited in the month and the share Good or better, its audit
 * actions open and overdue at the month's end, and its service's monthly audits done of due;
 * a team with audits but no one in the KPI comes last, its KPI cells empty. Figures only, no
 * names: the department's in every copy. A digest stored before audits leaves those cells
 * empty.
 */
export function teamsCsv(d: Digest, nearTargetPoints: number): string {
  const teams = Object.entries(d.byTeam).sort(
    ([a, x], [b, y]) =>
      (x.compliance ?? Number.POSITIVE_INFINITY) - (y.compliance ?? Number.POSITIVE_INFINITY) ||
      y.due - x.due ||
      a.localeCompare(b),
  );
  const auditOnly = Object.keys(d.audits?.byTeam ?? {})
    .filter((team) => !(team in d.byTeam))
    .sort();
  const audits = (team: string) => {
    const a = d.audits;
    if (!a) return [null, null, null, null, null, null];
    const t = a.byTeam[team];
    const service = a.byService[d.teamService[team] ?? ""];
    return [
      t?.audits ?? 0,
      t?.goodOrBetter ?? null,
      t?.openActions ?? 0,
      t?.overdueActions ?? 0,
      service?.due ?? null,
      service?.done ?? null,
    ];
  };
  return excelCsv(
    [
      "month",
      "team",
      "due",
      "supervised",
      "compliance_percent",
      "rag",
      "rating",
      "not_counted_absence",
      "service",
      "average_caseload",
      "expected_caseload",
      "above_expected_caseload",
      "supervisions_due_next_month",
      "files_audited",
      "files_good_or_better_percent",
      "audit_actions_open",
      "audit_actions_overdue",
      "service_monthly_audits_due",
      "service_monthly_audits_done",
    ],
    [
      ...teams.map(([team, c]) => {
        const load = d.caseload.byTeam[team];
        const rag = ragFor(c.compliance, d.target, nearTargetPoints);
        return [
          d.month,
          team,
          c.due,
          c.supervised,
          c.compliance,
          rag,
          RATING_WORDS[rag],
          d.excludedForAbsence.byTeam[team] ?? 0,
          d.teamService[team] ?? null,
          load?.average ?? null,
          load?.level ?? null,
          load ? (load.overLevel ? "yes" : "no") : null,
          d.forecast.supervisionsDueByTeam[team] ?? 0,
          ...audits(team),
        ];
      }),
      ...auditOnly.map((team) => [
        d.month,
        team,
        ...Array.from({ length: 11 }, () => null),
        ...audits(team),
      ]),
    ],
  );
}

/**
 * Everyone the page names, one row each, by service, team and name: this month's exceptions
 * and who passes six weeks or two months without supervision next month unless seen. Pass the
 * digest cut to the recipient's scope (`scopedDigest`): it names whoever is in it.
 */
export function exceptionsCsv(d: Digest, nameOf: (id: string) => string): string {
  const people = new Map<string, { team: string; service: string }>();
  for (const e of d.exceptions) people.set(e.staffId, e);
  const exception = new Map(d.exceptions.map((e) => [e.staffId, e]));
  const sixWeeks = new Map(d.forecast.passingSixWeeks.map((f) => [f.staffId, f.date]));
  const twoMonths = new Map(d.forecast.passingTwoMonths.map((f) => [f.staffId, f.date]));
  for (const f of [...d.forecast.passingTwoMonths, ...d.forecast.passingSixWeeks])
    if (!people.has(f.staffId))
      people.set(f.staffId, { team: f.team, service: d.teamService[f.team] ?? "" });
  const yesNo = (b: boolean | undefined) => (b ? "yes" : "no");
  return excelCsv(
    [
      "month",
      "service",
      "team",
      "staff_id",
      "name",
      "not_supervised",
      "past_two_month_limit",
      "under_minimum_sessions",
      "formal_sessions_last_12_months",
      "passes_six_weeks_on",
      "passes_two_months_on",
    ],
    [...people]
      .map(([staffId, place]) => ({ staffId, ...place, name: nameOf(staffId) }))
      .sort(
        (a, b) =>
          a.service.localeCompare(b.service) ||
          a.team.localeCompare(b.team) ||
          a.name.localeCompare(b.name) ||
          a.staffId.localeCompare(b.staffId),
      )
      .map((p) => {
        const e = exception.get(p.staffId);
        return [
          d.month,
          p.service,
          p.team,
          p.staffId,
          p.name,
          yesNo(e?.reasons.includes("not_supervised")),
          yesNo(e?.reasons.includes("past_two_month_limit")),
          yesNo(e?.reasons.includes("under_minimum_sessions")),
          e?.formalSessionsLast12Months ?? null,
          sixWeeks.get(p.staffId) ?? null,
          twoMonths.get(p.staffId) ?? null,
        ];
      }),
  );
}
