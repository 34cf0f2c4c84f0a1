import { addDays, addMonths, type IsoDate, maxDate } from "./dates";
import type { PersonOnDate } from "./person-on-date";
import type { Policy } from "./settings/policy";
import type { Milestones, ObligationKind } from "./stage";

export interface KindMilestones extends Milestones {
  kind: ObligationKind;
}

function fromDue(kind: ObligationKind, dueDate: IsoDate, escalatedFrom: IsoDate): KindMilestones {
  return { kind, dueDate, overdueFrom: addDays(dueDate, 1), escalatedFrom };
}

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

/** P6: yearly appraisal; a new starter's first falls due some months after starting. */
export function appraisalMilestones(p: PersonOnDate, policy: Policy["appraisal"]): KindMilestones {
  const last = p.appraisals.at(-1);
  const dueDate =
    last === undefined
      ? addMonths(p.person.startDate, policy.firstDueAfterMonths)
      : addMonths(last, policy.intervalMonths);
  return fromDue("appraisal", dueDate, addMonths(dueDate, policy.escalateAfterMonths));
}

/**
 * P7: anyone who supervises needs the supervision course, due some months after starting and
 * escalated when still missing a year in. Returns nothing once the course is on record.
 */
export function trainingMilestones(
  p: PersonOnDate,
  policy: Policy["training"],
): KindMilestones | undefined {
  const course = policy.course.toLowerCase();
  if (p.training.some((t) => t.course.toLowerCase() === course)) return undefined;
  return fromDue(
    "training",
    addMonths(p.person.startDate, policy.dueAfterMonths),
    addMonths(p.person.startDate, policy.escalateAfterMonths),
  );
}
