import type { Digest } from "../domain/digest/digest-model";
import { RATING_WORDS, ragFor } from "../domain/rating";
import { excelCsv } from "./excel-csv";

export function teamsCsv(d: Digest, nearTargetPoints: number): string {
  const serviceOf = new Map<string, string>();
  for (const e of d.exceptions) serviceOf.set(e.team, e.service);
  return excelCsv(
    [
      "month",
      "team",
      "due",
      "supervised",
      "compliance_percent",
      "rag",
      "rating",
      "excluded_absence",
      "average_caseload",
      "caseload_level",
      "above_level",
    ],
    Object.entries(d.byTeam).map(([team, c]) => {
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
        load?.average ?? null,
        load?.level ?? null,
        load ? (load.overLevel ? "yes" : "no") : null,
      ];
    }),
  );
}

export function exceptionsCsv(d: Digest, nameOf: (id: string) => string): string {
  return excelCsv(
    [
      "month",
      "service",
      "team",
      "staff_id",
      "name",
      "not_supervised",
      "past_two_month_limit",
      "formal_sessions_last_12_months",
    ],
    d.exceptions.map((e) => [
      d.month,
      e.service,
      e.team,
      e.staffId,
      nameOf(e.staffId),
      e.reasons.includes("not_supervised") ? "yes" : "no",
      e.reasons.includes("past_two_month_limit") ? "yes" : "no",
      e.formalSessionsLast12Months,
    ]),
  );
}
