import { addAvailableDays } from "./absence-days";
import { addDays, addMonths, daysBetween, type IsoDate, maxDate } from "./dates";
import type { PersonOnDate } from "./person-on-date";
import type { StaffMember } from "./records";
import type { Policy } from "./settings/policy";
import type { Milestones } from "./stage";

/**
 * The interval agreed for this person at `reference`: the agreement's own interval (P3), else
 * the ASYE phase for newly qualified staff (P4), else the standard interval (P2).
 */
export function supervisionIntervalDays(
  person: StaffMember,
  reference: IsoDate,
  policy: Policy["supervision"],
): number {
  if (person.supervisionIntervalDays !== undefined) return person.supervisionIntervalDays;
  if (person.qualification === "nqsw" && person.asyeStartDate !== undefined) {
    const { asye } = policy;
    if (reference < addDays(person.asyeStartDate, asye.weeklyForWeeks * 7)) {
      return asye.weeklyIntervalDays;
    }
    if (reference < addMonths(person.asyeStartDate, asye.fortnightlyUntilMonths)) {
      return asye.fortnightlyIntervalDays;
    }
  }
  return policy.intervalDays;
}

/** The last formal session on or before `asOf`, or the start date when there is none since. */
export function supervisionReference(p: PersonOnDate): IsoDate {
  const last = p.formalSessions.at(-1);
  return last === undefined ? p.person.startDate : maxDate(last, p.person.startDate);
}

/**
 * Supervision milestones: due one interval after the reference, overdue `overdueAfterDays`
 * later, escalated once more than `escalateAfterMonths` calendar months have passed
 * (policy 4.2). Absent days since the reference count towards none of them.
 */
export function supervisionMilestones(p: PersonOnDate, policy: Policy["supervision"]): Milestones {
  const reference = supervisionReference(p);
  const interval = supervisionIntervalDays(p.person, reference, policy);
  const dueDate = addAvailableDays(reference, interval, p.absences);
  const hardLimitDays = daysBetween(reference, addMonths(reference, policy.escalateAfterMonths));
  const hardLimit = addAvailableDays(reference, hardLimitDays, p.absences);
  return {
    dueDate,
    overdueFrom: addDays(dueDate, policy.overdueAfterDays),
    escalatedFrom: addDays(hardLimit, 1),
  };
}
