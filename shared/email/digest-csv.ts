import type { Digest } from "../domain/digest/digest-model";
import { RATING_WORDS, ragFor } from "../domain/rating";
import { excelCsv } from "./excel-csv";

/**
 * Every team's figures, worst first (the body's order), rated as the page and `report` rate
 * them: `rag` (green, amber, red) to filter on, `rating` in words. Figures only, no names: the
 * department's in every copy.
 */
export function teamsCsv(d: Digest, nearTargetPoints: number): string {
  const teams = Object.entries(d.byTeam).sort(
    ([a, x], [b, y]) =>
      (x.compliance ?? Number.POSITIVE_INFINITY) - (y.compliance ?? Number.POSITIVE_INFINITY) ||
      y.due - x.due ||
      a.localeCompare(b),
  );
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
    ],
    teams.map(([team, c]) => {
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
      ];
    }),
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
