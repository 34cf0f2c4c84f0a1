import { addMonths } from "./dates";
import { fromDue, type KindMilestones } from "./kind-milestones";
import type { PersonOnDate } from "./person-on-date";
import type { Policy } from "./settings/policy";

/** P6: yearly appraisal; a new starter's first falls due some months after starting. */
export function appraisalMilestones(p: PersonOnDate, policy: Policy["appraisal"]): KindMilestones {
  const last = p.appraisals.at(-1);
  const dueDate =
    last === undefined
      ? addMonths(p.person.startDate, policy.firstDueAfterMonths)
      : addMonths(last, policy.intervalMonths);
  return fromDue("appraisal", dueDate, addMonths(dueDate, policy.escalateAfterMonths));
}
