import { addDays } from "./dates";
import { type AuditFact, auditsOf, type DateSpan, type PersonFacts } from "./records";
import type { StoredRecord } from "./stored-record";

/**
 * Adds records to a person's facts, keeping each list sorted and free of repeats, so merging
 * the same records twice changes nothing. Facts older than `windowDays` before the newest
 * fact are dropped (the latest of each list is always kept): history stays in its own items.
 */
export function mergeFacts(
  facts: PersonFacts,
  records: readonly StoredRecord[],
  windowDays: number,
): PersonFacts {
  const formal = new Set(facts.formalSessions);
  const absences = new Map(facts.absences.map((a) => [`${a.startDate}#${a.endDate}`, a]));
  const agreements = new Set(facts.agreementsSigned);
  const appraisals = new Set(facts.appraisals);
  const training = new Map(facts.training.map((t) => [`${t.date}#${t.course}`, t]));
  const audits = new Map(auditsOf(facts).map((a) => [auditFactKey(a), a]));
  for (const stored of records) {
    switch (stored.kind) {
      case "supervision":
        if (stored.record.type === "formal") formal.add(stored.record.date);
        break;
      case "absence": {
        const { startDate, endDate } = stored.record;
        absences.set(`${startDate}#${endDate}`, { startDate, endDate });
        break;
      }
      case "agreement":
        agreements.add(stored.record.signedDate);
        break;
      case "appraisal":
        appraisals.add(stored.record.date);
        break;
      case "training": {
        const { date, course } = stored.record;
        training.set(`${date}#${course}`, { date, course });
        break;
      }
      case "audit": {
        const { date, auditorId, kind, grade, actionsDueDate } = stored.record;
        const fact: AuditFact = { date, auditorId, kind, grade };
        if (actionsDueDate !== undefined) fact.actionsDueDate = actionsDueDate;
        audits.set(auditFactKey(fact), fact);
        break;
      }
    }
  }
  const merged: PersonFacts = {
    formalSessions: [...formal].sort(),
    absences: [...absences.values()].sort(byStartThenEnd),
    agreementsSigned: [...agreements].sort(),
    appraisals: [...appraisals].sort(),
    training: [...training.values()].sort((a, b) => compare(a.date + a.course, b.date + b.course)),
    audits: [...audits.entries()].sort(([a], [b]) => compare(a, b)).map(([, audit]) => audit),
  };
  return pruneFacts(merged, windowDays);
}

/** The date of a person's newest fact: facts older than the window before it are dropped. */
export function newestFact(facts: PersonFacts): string | undefined {
  return [
    facts.formalSessions.at(-1),
    facts.absences.at(-1)?.startDate,
    facts.agreementsSigned.at(-1),
    facts.appraisals.at(-1),
    facts.training.at(-1)?.date,
    auditsOf(facts).at(-1)?.date,
  ]
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
}

function pruneFacts(facts: PersonFacts, windowDays: number): PersonFacts {
  const newest = newestFact(facts);
  if (newest === undefined) return facts;
  const cutoff = addDays(newest, -windowDays);
  const keep = <T>(list: T[], dateOf: (t: T) => string) =>
    list.filter((item, i) => i === list.length - 1 || dateOf(item) >= cutoff);
  return {
    formalSessions: keep(facts.formalSessions, (d) => d),
    absences: keep(facts.absences, (a) => a.endDate),
    agreementsSigned: keep(facts.agreementsSigned, (d) => d),
    appraisals: keep(facts.appraisals, (d) => d),
    // The latest of each course is kept: a manager's supervision course may be years old.
    training: facts.training.filter(
      (t, i, all) => t.date >= cutoff || !all.slice(i + 1).some((u) => u.course === t.course),
    ),
    audits: keep(auditsOf(facts), (a) => a.date),
  };
}

/** An audit's identity on the facts, in date order: the same as its stored record's. */
function auditFactKey(a: AuditFact): string {
  return `${a.date}#${a.kind}#${a.auditorId}`;
}

function byStartThenEnd(a: DateSpan, b: DateSpan): number {
  return compare(a.startDate, b.startDate) || compare(a.endDate, b.endDate);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
