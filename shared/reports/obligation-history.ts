import { addDays, type IsoDate } from "../domain/dates";
import { evaluateObligations, type Obligation } from "../domain/obligations";
import { isEmployedOn } from "../domain/person-on-date";
import { auditsOf, isGoodOrBetter, type PersonFacts, type StaffMember } from "../domain/records";
import type { Policy } from "../domain/settings/policy";
import { OBLIGATION_KINDS, type ObligationKind, type OpenStage } from "../domain/stage";

/** One stage an obligation entered, and the day it did. */
export interface StageChange {
  stage: OpenStage;
  from: IsoDate;
  /** Already in this stage on the first day of the record: it began on or before `from`. */
  alreadyOnFirstDay?: true;
}

/**
 * Why an obligation instance stopped being the current one: `met` (the session, agreement,
 * appraisal or course was recorded that day), `left` (the person's employment ended), or
 * `no_longer_applies` (e.g. they stopped supervising anyone, or their dates changed).
 */
export type InstanceEnd = "met" | "left" | "no_longer_applies";

/** One obligation instance (a kind with one due date) and the stages it went through. */
export interface ObligationInstance {
  kind: ObligationKind;
  dueDate: IsoDate;
  overdueFrom: IsoDate;
  escalatedFrom: IsoDate;
  /** The first and last day of the record on which this was the person's obligation of its kind. */
  firstSeen: IsoDate;
  lastSeen: IsoDate;
  /** Each open stage in the order entered; not due is left out. */
  stages: StageChange[];
  /** How it ended, and the first day it was no longer current; absent while still current. */
  end?: { on: IsoDate; why: InstanceEnd };
}

export interface ObligationHistoryInput {
  person: StaffMember;
  facts: PersonFacts;
  /** The people with this person as supervisor: supervising anyone employed adds training. */
  supervisees: readonly StaffMember[];
  from: IsoDate;
  to: IsoDate;
}

/**
 * Every obligation of one person from `from` to `to`, by due date, replayed a day at a time through the
 * policy engine itself (so the record says exactly what the reminders saw): each instance with
 * the day it entered each stage and how it ended. Later records are ignored on earlier days,
 * as the engine does; profile fields (supervisor, interval) are today's.
 */
export function obligationHistory(
  input: ObligationHistoryInput,
  policy: Policy,
): ObligationInstance[] {
  const { person, facts, supervisees, from, to } = input;
  const done: ObligationInstance[] = [];
  const current = new Map<ObligationKind, ObligationInstance>();
  const firstDay = from > person.startDate ? from : person.startDate;
  for (let day = firstDay; day <= to; day = addDays(day, 1)) {
    const supervisesOthers = supervisees.some((s) => isEmployedOn(s, day));
    const today = evaluateObligations({ person, facts, asOf: day, supervisesOthers }, policy);
    const byKind = new Map(today.map((o) => [o.kind, o]));
    for (const [kind, instance] of current) {
      if (byKind.get(kind)?.dueDate === instance.dueDate) continue;
      instance.end = { on: day, why: endReason(kind, person, facts, day, policy) };
      done.push(instance);
      current.delete(kind);
    }
    for (const o of today) {
      const instance = current.get(o.kind) ?? startInstance(o, day);
      current.set(o.kind, instance);
      instance.lastSeen = day;
      if (o.stage === "not_due" || instance.stages.at(-1)?.stage === o.stage) continue;
      instance.stages.push({
        stage: o.stage,
        from: day,
        ...(day === from && from > person.startDate ? { alreadyOnFirstDay: true as const } : {}),
      });
    }
  }
  return [...done, ...current.values()].sort(
    (a, b) =>
      compare(a.dueDate, b.dueDate) ||
      OBLIGATION_KINDS.indexOf(a.kind) - OBLIGATION_KINDS.indexOf(b.kind) ||
      compare(a.firstSeen, b.firstSeen),
  );
}

function startInstance(o: Obligation, day: IsoDate): ObligationInstance {
  return {
    kind: o.kind,
    dueDate: o.dueDate,
    overdueFrom: o.overdueFrom,
    escalatedFrom: o.escalatedFrom,
    firstSeen: day,
    lastSeen: day,
    stages: [],
  };
}

/** What recorded on `day` meets an obligation of `kind`, as the engine's rules read it. */
function endReason(
  kind: ObligationKind,
  person: StaffMember,
  facts: PersonFacts,
  day: IsoDate,
  policy: Policy,
): InstanceEnd {
  if (!isEmployedOn(person, day)) return "left";
  const met: Record<ObligationKind, boolean> = {
    supervision: facts.formalSessions.includes(day),
    agreement: facts.agreementsSigned.includes(day),
    agreement_review: facts.agreementsSigned.includes(day),
    appraisal: facts.appraisals.includes(day),
    training: facts.training.some(
      (t) => t.date === day && t.course.toLowerCase() === policy.training.course.toLowerCase(),
    ),
    // A service manager's own monthly audits are on other people's files: not replayed here.
    file_audit: false,
    audit_action: auditsOf(facts).some((a) => a.date === day && isGoodOrBetter(a.grade)),
  };
  return met[kind] ? "met" : "no_longer_applies";
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
