import { addDays, addMonths, daysBetween, type IsoDate, maxDate } from "../domain/dates";
import { type DeliveryRecord, type DeliveryStatus, deliveryStatus } from "../domain/delivery";
import { type Category, categoryOf } from "../domain/monthly-kpi";
import { mergeFacts } from "../domain/person-facts";
import {
  AUDIT_QUESTIONS,
  type AuditGrade,
  type AuditKind,
  type AuditQuestion,
  isGoodOrBetter,
  type StaffMember,
  type StaffStatus,
} from "../domain/records";
import type { EmailKind } from "../domain/reminder-plan";
import type { Policy } from "../domain/settings/policy";
import type { ObligationKind, Stage } from "../domain/stage";
import type { StoredRecord } from "../domain/stored-record";
import type { SentEmail } from "../ports/email-ledger";
import { type ObligationInstance, obligationHistory } from "./obligation-history";
import { describeReader, type RecordReader } from "./record-access";
import {
  type SessionEntry,
  sessionEntries,
  type TwelveMonthCount,
  twelveMonthCount,
} from "./session-gaps";

/** Someone the record names: their staff id, and their name while they are in the roster. */
export interface PersonRef {
  staffId: string;
  name?: string;
}

export interface RecordProfile {
  name: string;
  staffId: string;
  /** Left out for an auditor. */
  email?: string;
  role: StaffMember["role"];
  team: string;
  service: string;
  employment: StaffMember["employment"];
  /** The KPI's category (agency, nqsw, qualified, other). */
  category: Category;
  qualification: StaffMember["qualification"];
  /** Newly qualified in their ASYE: when it started and when its phases end (policy 4.3). */
  asye?: {
    startDate: IsoDate;
    weeklyBefore: IsoDate;
    fortnightlyBefore: IsoDate;
    yearEnds: IsoDate;
  };
  operational: boolean;
  caseload?: number;
  /** The interval agreed in their supervision agreement, when set. */
  agreedIntervalDays?: number;
  startDate: IsoDate;
  endDate?: IsoDate;
  supervisor?: PersonRef & { since?: IsoDate };
  /** The first supervision course on record (policy section 7), whenever it was. */
  supervisionCourse?: IsoDate;
}

export interface AbsenceEntry {
  startDate: IsoDate;
  endDate: IsoDate;
  days: number;
  /** The coarse kind, "not given", or "absent" alone for an auditor. */
  kind: string;
}

/** One obligation one email listed about the person. */
export interface TellingEntry {
  runDate: IsoDate;
  sentAt: string;
  emailKind: EmailKind;
  recipient: PersonRef;
  kind: ObligationKind;
  stage: Stage;
  dueDate: IsoDate;
  /** Escalations: 1 = the supervisor's manager, 2 = the one above; 0 in reminders. */
  level: number;
  firstTold: IsoDate;
  /** New in this email, or told to this recipient at this stage before. */
  told: "first" | "repeated";
  backlog?: true;
  /** What became of the email, as SES reported it. */
  delivery: DeliveryStatus;
}

/**
 * One audit of this person's supervision file (policy 9.2–9.3): what the audit tool recorded,
 * never the auditor's notes, which the store does not hold.
 */
export interface AuditEntry {
  date: IsoDate;
  /** `monthly`: a service manager's; `quarterly`: quality assurance's. */
  kind: AuditKind;
  auditor: PersonRef;
  grade: AuditGrade;
  /** Graded Good or Outstanding: no actions needed. */
  goodOrBetter: boolean;
  /** Whether the file was complete, when the audit said. */
  fileComplete?: boolean;
  /** When the actions set for a file graded below Good are due, when set. */
  actionsDueDate?: IsoDate;
  /** The ratings given, 1 (excellent) to 5 (poor), in question order; absent when none was. */
  scores?: { question: AuditQuestion; score: number }[];
}

/** A session on the record, its supervisor named. */
export type RecordSession = Omit<SessionEntry, "supervisorId"> & { supervisor?: PersonRef };

/** One person's supervision record (the policy's "supervision file"), as its reader may see it. */
export interface SupervisionFile {
  producedFor: RecordReader & { description: string };
  producedOn: IsoDate;
  from: IsoDate;
  to: IsoDate;
  profile: RecordProfile;
  sessions: RecordSession[];
  twelveMonths: TwelveMonthCount;
  agreements: { signedDate: IsoDate; supervisor?: PersonRef }[];
  appraisals: { date: IsoDate }[];
  training: { date: IsoDate; course: string; supervisionCourse: boolean }[];
  absences: AbsenceEntry[];
  /** The audits of this person's own supervision file, oldest first. */
  audits: AuditEntry[];
  obligations: ObligationInstance[];
  told: TellingEntry[];
  /** How it was worked out, for whoever reads it. */
  notes: string[];
}

export interface SupervisionFileInput {
  subject: StaffStatus;
  /** Every stored record of the subject (their history items). */
  history: readonly StoredRecord[];
  /** Everyone on record, to name supervisors and recipients and to know whom they supervise. */
  roster: readonly StaffMember[];
  /** The trail's emails about the subject from `from` to `today`. */
  told: readonly SentEmail[];
  /** What SES reported of those emails, by message id (none: nothing heard). */
  delivery?: ReadonlyMap<string, DeliveryRecord>;
  reader: RecordReader;
  today: IsoDate;
  from: IsoDate;
}

/** Import dates lie within 1900–2099 (import limits): a window this long keeps every fact. */
const KEEP_EVERY_FACT_DAYS = daysBetween("1900-01-01", "2100-01-01");

/**
 * The record: everything dated from `from` to `today` (a session's gap is still measured from
 * one before `from`), with what its reader may not see left out: for an auditor the absences'
 * kinds and the email address.
 */
export function buildSupervisionFile(input: SupervisionFileInput, policy: Policy): SupervisionFile {
  const { subject, history, roster, reader, today, from } = input;
  const { person } = subject;
  const facts = mergeFacts(subject.facts, history, KEEP_EVERY_FACT_DAYS);
  const inRange = (date: IsoDate) => date >= from && date <= today;
  const names = new Map(roster.map((p) => [p.staffId, p.name]));
  const ref = (staffId: string): PersonRef => {
    const name = names.get(staffId);
    return name === undefined ? { staffId } : { staffId, name };
  };
  const recordsOf = <K extends StoredRecord["kind"]>(kind: K) =>
    history
      .filter((r): r is Extract<StoredRecord, { kind: K }> => r.kind === kind)
      .map((r) => r.record as Extract<StoredRecord, { kind: K }>["record"]);
  const auditor = reader.kind === "auditor";
  const course = policy.training.course.toLowerCase();

  return {
    producedFor: { ...reader, description: describeReader(reader) },
    producedOn: today,
    from,
    to: today,
    profile: profileOf(person, facts.training, course, ref, policy, auditor),
    sessions: sessionEntries(
      person,
      recordsOf("supervision"),
      facts.absences,
      { from, to: today },
      policy.supervision,
    ).map(({ supervisorId, ...s }) =>
      supervisorId === undefined ? s : { ...s, supervisor: ref(supervisorId) },
    ),
    twelveMonths: twelveMonthCount(person, facts.formalSessions, today, policy.supervision),
    agreements: recordsOf("agreement")
      .filter((a) => inRange(a.signedDate))
      .sort((a, b) => compare(a.signedDate, b.signedDate))
      .map((a) => ({
        signedDate: a.signedDate,
        ...(a.supervisorId === undefined ? {} : { supervisor: ref(a.supervisorId) }),
      })),
    appraisals: facts.appraisals.filter(inRange).map((date) => ({ date })),
    training: facts.training
      .filter((t) => inRange(t.date))
      .map((t) => ({ ...t, supervisionCourse: t.course.toLowerCase() === course })),
    absences: recordsOf("absence")
      .filter((a) => a.endDate >= from && a.startDate <= today)
      .sort((a, b) => compare(a.startDate, b.startDate) || compare(a.endDate, b.endDate))
      .map((a) => ({
        startDate: a.startDate,
        endDate: a.endDate,
        days: daysBetween(a.startDate, a.endDate) + 1,
        kind: auditor ? "absent" : (a.reason ?? "not given"),
      })),
    audits: recordsOf("audit")
      .filter((a) => inRange(a.date))
      .sort(
        (a, b) =>
          compare(a.date, b.date) || compare(a.kind, b.kind) || compare(a.auditorId, b.auditorId),
      )
      .map((a): AuditEntry => {
        const scores = AUDIT_QUESTIONS.flatMap((question) => {
          const score = a.scores?.[question];
          return score === undefined ? [] : [{ question, score }];
        });
        return {
          date: a.date,
          kind: a.kind,
          auditor: ref(a.auditorId),
          grade: a.grade,
          goodOrBetter: isGoodOrBetter(a.grade),
          ...(a.fileComplete === undefined ? {} : { fileComplete: a.fileComplete }),
          ...(a.actionsDueDate === undefined ? {} : { actionsDueDate: a.actionsDueDate }),
          ...(scores.length === 0 ? {} : { scores }),
        };
      }),
    obligations: obligationHistory(
      {
        person,
        facts,
        supervisees: roster.filter((p) => p.supervisorId === person.staffId),
        from,
        to: today,
      },
      policy,
    ),
    told: tellings(input.told, person.staffId, ref, input.delivery ?? new Map()),
    notes: [
      `Obligations are replayed day by day from ${maxDate(from, person.startDate)} to ${today} with the policy engine, as the daily reminders judge them, from the records held today and today's staff record (supervisor, agreed interval); records dated after a day do not count on it.`,
      "A formal session's gap runs from the previous formal session (or the start date); it is flagged when the session came after its due date: the interval plus the days absent in between (policy section 4).",
      "Only formal one-to-one sessions count; group and peer sessions are listed as informal (policy 4.6).",
      "Absences are recorded with a coarse kind only; nothing about health or about children is held.",
      "File audits are the audits of this person's own supervision file (policy 9.2–9.3): the audit tool's grade and its ratings (1 excellent to 5 poor); an auditor's notes are never held, since they may mention children. A file graded below Good sets actions for the supervisor, met by a later audit graded Good or better.",
    ],
  };
}

function profileOf(
  person: StaffMember,
  training: readonly { date: IsoDate; course: string }[],
  course: string,
  ref: (staffId: string) => PersonRef,
  policy: Policy,
  withoutEmail: boolean,
): RecordProfile {
  const { asye } = policy.supervision;
  const supervisionCourse = training.find((t) => t.course.toLowerCase() === course)?.date;
  return {
    name: person.name,
    staffId: person.staffId,
    ...(withoutEmail ? {} : { email: person.email }),
    role: person.role,
    team: person.team,
    service: person.service,
    employment: person.employment,
    category: categoryOf(person),
    qualification: person.qualification,
    ...(person.qualification === "nqsw" && person.asyeStartDate !== undefined
      ? {
          asye: {
            startDate: person.asyeStartDate,
            weeklyBefore: addDays(person.asyeStartDate, asye.weeklyForWeeks * 7),
            fortnightlyBefore: addMonths(person.asyeStartDate, asye.fortnightlyUntilMonths),
            yearEnds: addMonths(person.asyeStartDate, 12),
          },
        }
      : {}),
    operational: person.operational,
    ...(person.caseload === undefined ? {} : { caseload: person.caseload }),
    ...(person.supervisionIntervalDays === undefined
      ? {}
      : { agreedIntervalDays: person.supervisionIntervalDays }),
    startDate: person.startDate,
    ...(person.endDate === undefined ? {} : { endDate: person.endDate }),
    ...(person.supervisorId === undefined
      ? {}
      : {
          supervisor: {
            ...ref(person.supervisorId),
            ...(person.supervisorSince === undefined ? {} : { since: person.supervisorSince }),
          },
        }),
    ...(supervisionCourse === undefined ? {} : { supervisionCourse }),
  };
}

/** Every item the emails listed about `staffId`, oldest first. */
function tellings(
  emails: readonly SentEmail[],
  staffId: string,
  ref: (staffId: string) => PersonRef,
  delivery: ReadonlyMap<string, DeliveryRecord>,
): TellingEntry[] {
  return emails
    .flatMap((email) =>
      email.items
        .filter((item) => item.staffId === staffId)
        .map(
          (item): TellingEntry => ({
            runDate: email.runDate,
            sentAt: email.sentAt,
            emailKind: email.emailKind,
            recipient: ref(email.recipientId),
            kind: item.kind,
            stage: item.stage,
            dueDate: item.dueDate,
            level: item.level,
            firstTold: item.firstTold,
            told: item.firstTold < email.runDate ? "repeated" : "first",
            ...(item.backlog ? { backlog: true as const } : {}),
            delivery: deliveryStatus(delivery.get(email.messageId)),
          }),
        ),
    )
    .sort(
      (a, b) =>
        compare(a.runDate, b.runDate) ||
        compare(a.sentAt, b.sentAt) ||
        compare(a.recipient.staffId, b.recipient.staffId),
    );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
