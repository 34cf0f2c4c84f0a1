import { addMonths } from "./dates";
import { fromDue, type KindMilestones } from "./kind-milestones";
import type { PersonOnDate } from "./person-on-date";
import type { Policy } from "./settings/policy";

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
