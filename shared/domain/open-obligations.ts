import type { IsoDate } from "./dates";
import { monthlyAuditsByAuditor } from "./file-audit-obligation";
import { evaluateObligations, type Obligation } from "./obligations";
import { isEmployedOn } from "./person-on-date";
import { type PersonFacts, type StaffMember, type StaffStatus, staffMemberSchema } from "./records";
import type { WorkingCalendar } from "./settings/calendar";
import type { Policy } from "./settings/policy";
import { OBLIGATION_KINDS } from "./stage";

export interface RosterEvaluation {
  /** Every open obligation (any stage but not_due), by supervisor, then person, then kind. */
  obligations: Obligation[];
  /**
   * People whose record could not be evaluated (e.g. an item written by an older version):
   * reported by id, and everyone else is still evaluated.
   */
  notEvaluated: string[];
}

/**
 * Every open obligation across the roster on `asOf`. Whether someone supervises is read off
 * the roster, and so is who audited which file: from `auditedFiles` when given (which may
 * include people who have since left: a manager's audit of a leaver's file still counts).
 * One person's malformed record never stops everyone else's reminders.
 */
export function evaluateRoster(
  asOf: IsoDate,
  roster: readonly StaffStatus[],
  policy: Policy,
  calendar: WorkingCalendar,
  auditedFiles: readonly StaffStatus[] = roster,
): RosterEvaluation {
  const auditsBy = monthlyAuditsByAuditor(auditedFiles);
  const supervisors = new Set(
    roster
      .filter(({ person }) => safely(() => isEmployedOn(person, asOf)))
      .map(({ person }) => person.supervisorId)
      .filter((id): id is string => typeof id === "string"),
  );
  const notEvaluated: string[] = [];
  const obligations = roster
    .flatMap(({ person, facts }) => {
      if (!wellFormed(person, facts)) {
        notEvaluated.push(String(person.staffId));
        return [];
      }
      try {
        return evaluateObligations(
          {
            person,
            facts,
            asOf,
            supervisesOthers: supervisors.has(person.staffId),
            auditing: { monthlyAuditDates: auditsBy.get(person.staffId) ?? [], calendar },
          },
          policy,
        );
      } catch {
        notEvaluated.push(String(person.staffId));
        return [];
      }
    })
    .filter((o) => o.stage !== "not_due")
    .sort(
      (a, b) =>
        (a.supervisorId ?? "").localeCompare(b.supervisorId ?? "") ||
        a.staffId.localeCompare(b.staffId) ||
        OBLIGATION_KINDS.indexOf(a.kind) - OBLIGATION_KINDS.indexOf(b.kind),
    );
  return { obligations, notEvaluated };
}

/** Every open obligation across the roster on `asOf` (see `evaluateRoster`). */
export function openObligations(
  asOf: IsoDate,
  roster: readonly StaffStatus[],
  policy: Policy,
  calendar: WorkingCalendar,
): Obligation[] {
  return evaluateRoster(asOf, roster, policy, calendar).obligations;
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

const FACT_LISTS = ["formalSessions", "absences", "agreementsSigned", "appraisals", "training"];

/** A stored profile and facts of the shape the policy engine reads (a hand edit may not be). */
export function wellFormed(person: StaffMember, facts: PersonFacts | undefined): boolean {
  return (
    staffMemberSchema.safeParse(person).success &&
    typeof facts === "object" &&
    facts !== null &&
    FACT_LISTS.every((list) =>
      Array.isArray((facts as unknown as Record<string, unknown>)[list]),
    ) &&
    (facts.audits === undefined || Array.isArray(facts.audits))
  );
}
