import { addDays, addMonths, maxDate } from "./dates";
import { fromDue, type KindMilestones } from "./kind-milestones";
import type { PersonOnDate } from "./person-on-date";
import type { Policy } from "./settings/policy";

/**
 * P5: an agreement is needed at the start and at every change of supervisor; once one is
 * signed on or after that, it is reviewed every year.
 */
export function agreementMilestones(p: PersonOnDate, policy: Policy["agreement"]): KindMilestones {
  const anchor = maxDate(p.person.startDate, p.person.supervisorSince ?? p.person.startDate);
  const lastSigned = p.agreementsSigned.at(-1);
  if (lastSigned !== undefined && lastSigned >= anchor) {
    const dueDate = addMonths(lastSigned, policy.reviewAfterMonths);
    return fromDue(
      "agreement_review",
      dueDate,
      addMonths(dueDate, policy.reviewEscalateAfterMonths),
    );
  }
  return fromDue(
    "agreement",
    addDays(anchor, policy.dueAfterDays),
    addMonths(anchor, policy.escalateAfterMonths),
  );
}
