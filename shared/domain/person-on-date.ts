import type { DaySpan } from "./absence-days";
import { mergeSpans } from "./absence-days";
import type { IsoDate } from "./dates";
import type { PersonFacts, StaffMember } from "./records";

/** One person's facts as known on `asOf`: nothing recorded after that date counts. */
export interface PersonOnDate {
  person: StaffMember;
  asOf: IsoDate;
  formalSessions: string[];
  /** All recorded absences, merged; future booked leave still moves due dates. */
  absences: DaySpan[];
  agreementsSigned: string[];
  appraisals: string[];
  training: { date: string; course: string }[];
}

export function personOnDate(person: StaffMember, facts: PersonFacts, asOf: IsoDate): PersonOnDate {
  const upTo = (date: string) => date <= asOf;
  return {
    person,
    asOf,
    formalSessions: facts.formalSessions.filter(upTo),
    absences: mergeSpans(facts.absences),
    agreementsSigned: facts.agreementsSigned.filter(upTo),
    appraisals: facts.appraisals.filter(upTo),
    training: facts.training.filter((t) => upTo(t.date)),
  };
}

/** Employed on `asOf`: started and not yet left. Leavers and future starters have no obligations. */
export function isEmployedOn(person: StaffMember, asOf: IsoDate): boolean {
  return person.startDate <= asOf && (person.endDate === undefined || person.endDate >= asOf);
}
