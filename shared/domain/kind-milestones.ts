import { addDays, type IsoDate } from "./dates";
import type { Milestones, ObligationKind } from "./stage";

/** When one obligation of one kind falls due, becomes overdue and is escalated. */
export interface KindMilestones extends Milestones {
  kind: ObligationKind;
}

/** Overdue the day after it falls due; escalated from the policy's own limit. */
export function fromDue(
  kind: ObligationKind,
  dueDate: IsoDate,
  escalatedFrom: IsoDate,
): KindMilestones {
  return { kind, dueDate, overdueFrom: addDays(dueDate, 1), escalatedFrom };
}
