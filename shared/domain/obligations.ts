import { isAbsentOn } from "./absence-days";
import { agreementMilestones } from "./agreement-obligation";
import { appraisalMilestones } from "./appraisal-obligation";
import { auditActionMilestones } from "./audit-action-obligation";
import type { IsoDate } from "./dates";
import { fileAuditMilestones } from "./file-audit-obligation";
import type { KindMilestones } from "./kind-milestones";
import { isEmployedOn, personOnDate } from "./person-on-date";
import { auditsOf, type PersonFacts, type StaffMember } from "./records";
import type { WorkingCalendar } from "./settings/calendar";
import type { Policy } from "./settings/policy";
import { type ObligationKind, type Stage, stageOn } from "./stage";
import { supervisionMilestones } from "./supervision-obligation";
import { trainingMilestones } from "./training-obligation";

export interface Obligation {
  staffId: string;
  /**
   * Who must act: the person's own supervisor (for training, the manager's manager; for an
   * audit action, the audited person's supervisor); for a file audit, the service manager.
   */
  supervisorId: string | undefined;
  kind: ObligationKind;
  stage: Stage;
  dueDate: IsoDate;
  overdueFrom: IsoDate;
  escalatedFrom: IsoDate;
}

export interface EvaluateInput {
  person: StaffMember;
  facts: PersonFacts;
  /** True when at least one person employed on `asOf` has this person as supervisor. */
  supervisesOthers: boolean;
  asOf: IsoDate;
  /**
   * What a service manager's monthly file audit needs: the dates of the monthly audits they
   * made (on anyone's file) and the working calendar its due dates fall on. Without it, file
   * audits are not evaluated.
   */
  auditing?: { monthlyAuditDates: readonly IsoDate[]; calendar: WorkingCalendar } | undefined;
}

/**
 * Every obligation of one person on `asOf`, each with its due date and stage (not_due
 * included). Leavers and people not yet started have none.
 */
export function evaluateObligations(input: EvaluateInput, policy: Policy): Obligation[] {
  const { person, facts, asOf } = input;
  if (!isEmployedOn(person, asOf)) return [];
  const p = personOnDate(person, facts, asOf);
  const milestones: KindMilestones[] = [
    { kind: "supervision", ...supervisionMilestones(p, policy.supervision) },
    agreementMilestones(p, policy.agreement),
    appraisalMilestones(p, policy.appraisal),
  ];
  if (input.supervisesOthers) {
    const training = trainingMilestones(p, policy.training);
    if (training) milestones.push(training);
  }
  const action = auditActionMilestones(auditsOf(facts), asOf, policy.audits);
  if (action) milestones.push(action);
  const { monthlyFrom } = policy.audits;
  if (person.role === "service_manager" && monthlyFrom !== undefined && input.auditing) {
    const { monthlyAuditDates, calendar } = input.auditing;
    milestones.push(
      fileAuditMilestones(person, asOf, {
        monthlyAuditDates,
        monthlyFrom,
        calendar,
        absences: facts.absences,
        awayDays: policy.kpi.excludeWhenUnavailableDays,
      }),
    );
  }
  const absent = isAbsentOn(p.absences, asOf);
  return milestones.map((m) => ({
    staffId: person.staffId,
    supervisorId: m.kind === "file_audit" ? person.staffId : person.supervisorId,
    kind: m.kind,
    stage: stageOn(asOf, m, policy.dueSoonDays, absent),
    dueDate: m.dueDate,
    overdueFrom: m.overdueFrom,
    escalatedFrom: m.escalatedFrom,
  }));
}
