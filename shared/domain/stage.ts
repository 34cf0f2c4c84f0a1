import { addDays, type IsoDate } from "./dates";

export const OBLIGATION_KINDS = [
  "supervision",
  "agreement",
  "agreement_review",
  "appraisal",
  "training",
  "file_audit",
  "audit_action",
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export const STAGES = ["not_due", "due_soon", "due", "overdue", "escalated", "paused"] as const;
export type Stage = (typeof STAGES)[number];
export type OpenStage = Exclude<Stage, "not_due">;

/** The dates at which one obligation moves from stage to stage. */
export interface Milestones {
  dueDate: IsoDate;
  /** First day the obligation is overdue. */
  overdueFrom: IsoDate;
  /** First day the obligation is escalated. */
  escalatedFrom: IsoDate;
}

/**
 * The stage of an obligation on `asOf`. Absence on `asOf` pauses an open obligation (the
 * person cannot be seen) but does not open one that is not yet due.
 */
export function stageOn(
  asOf: IsoDate,
  milestones: Milestones,
  dueSoonDays: number,
  absentOnDate: boolean,
): Stage {
  const stage = stageIgnoringAbsence(asOf, milestones, dueSoonDays);
  return absentOnDate && stage !== "not_due" ? "paused" : stage;
}

function stageIgnoringAbsence(asOf: IsoDate, m: Milestones, dueSoonDays: number): Stage {
  if (asOf >= m.escalatedFrom) return "escalated";
  if (asOf >= m.overdueFrom) return "overdue";
  if (asOf >= m.dueDate) return "due";
  if (asOf >= addDays(m.dueDate, -dueSoonDays)) return "due_soon";
  return "not_due";
}

/** Severity order, for sorting and for "never worse" checks. Paused ranks with not_due. */
export const STAGE_SEVERITY: Record<Stage, number> = {
  not_due: 0,
  paused: 0,
  due_soon: 1,
  due: 2,
  overdue: 3,
  escalated: 4,
};
