import type { Policy } from "../config/policy";
import type { IsoDate } from "./dates";
import { evaluateObligations, type Obligation } from "./obligations";
import { isEmployedOn } from "./person-on-date";
import type { PersonFacts, StaffMember } from "./records";
import { OBLIGATION_KINDS } from "./stage";

export interface PersonWithFacts {
  person: StaffMember;
  facts: PersonFacts;
}

/**
 * Every open obligation (any stage but not_due) across the roster on `asOf`, ordered by
 * supervisor, then person, then kind. Whether someone supervises is read off the roster.
 */
export function openObligations(
  asOf: IsoDate,
  roster: readonly PersonWithFacts[],
  policy: Policy,
): Obligation[] {
  const supervisors = new Set(
    roster
      .filter(({ person }) => isEmployedOn(person, asOf))
      .map(({ person }) => person.supervisorId)
      .filter((id): id is string => id !== undefined),
  );
  return roster
    .flatMap(({ person, facts }) =>
      evaluateObligations(
        { person, facts, asOf, supervisesOthers: supervisors.has(person.staffId) },
        policy,
      ),
    )
    .filter((o) => o.stage !== "not_due")
    .sort(
      (a, b) =>
        (a.supervisorId ?? "").localeCompare(b.supervisorId ?? "") ||
        a.staffId.localeCompare(b.staffId) ||
        OBLIGATION_KINDS.indexOf(a.kind) - OBLIGATION_KINDS.indexOf(b.kind),
    );
}
