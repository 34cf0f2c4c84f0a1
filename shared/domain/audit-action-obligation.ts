import { addDays, type IsoDate } from "./dates";
import { fromDue, type KindMilestones } from "./kind-milestones";
import { type AuditFact, isGoodOrBetter } from "./records";
import type { Policy } from "./settings/policy";

/**
 * The audit whose actions are still open on `asOf`: the latest audit below Good with an
 * actions date since the file was last graded Good or better. A later audit graded Good or
 * Outstanding closes it; one graded below Good with its own actions date replaces it.
 */
export function openAuditAction(
  audits: readonly AuditFact[],
  asOf: IsoDate,
): (AuditFact & { actionsDueDate: IsoDate }) | undefined {
  let open: (AuditFact & { actionsDueDate: IsoDate }) | undefined;
  for (const audit of [...audits].filter((a) => a.date <= asOf).sort(byDate)) {
    if (isGoodOrBetter(audit.grade)) open = undefined;
    else if (audit.actionsDueDate !== undefined)
      open = { ...audit, actionsDueDate: audit.actionsDueDate };
  }
  return open;
}

/**
 * P8: a file graded below Good gives its supervisor actions, due on the audit's actions date
 * and escalated `actionEscalateAfterDays` after it while no later audit grades the file Good.
 */
export function auditActionMilestones(
  audits: readonly AuditFact[],
  asOf: IsoDate,
  policy: Policy["audits"],
): KindMilestones | undefined {
  const open = openAuditAction(audits, asOf);
  if (open === undefined) return undefined;
  return fromDue(
    "audit_action",
    open.actionsDueDate,
    addDays(open.actionsDueDate, policy.actionEscalateAfterDays),
  );
}

/**
 * Audits in date order; on one day, Good or better first, so two audits of a file on one day
 * that disagree leave its actions open, whichever kind or auditor sorts first.
 */
function byDate(a: AuditFact, b: AuditFact): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return Number(!isGoodOrBetter(a.grade)) - Number(!isGoodOrBetter(b.grade));
}
