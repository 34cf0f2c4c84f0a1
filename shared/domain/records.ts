import * as z from "zod/mini";
import { isIsoDate } from "./dates";
import { REMINDER_FREQUENCIES } from "./reminder-rhythm";
import "./zod-english";

export const ROLES = [
  "social_worker",
  "senior_practitioner",
  "advanced_practitioner",
  "team_manager",
  "service_manager",
  "head_of_service",
  "principal_social_worker",
  "other",
] as const;
export type Role = (typeof ROLES)[number];
export const EMPLOYMENTS = ["permanent", "temporary", "agency"] as const;
export const QUALIFICATIONS = ["qualified", "nqsw", "unqualified"] as const;
export const SUPERVISION_TYPES = ["formal", "group", "peer"] as const;
/** Coarse kinds only: the reason for an absence must never carry health details. */
export const ABSENCE_REASONS = [
  "leave",
  "annual_leave",
  "sickness",
  "maternity",
  "paternity",
  "adoption",
  "parental",
  "shared_parental",
  "compassionate",
  "secondment",
  "study",
  "training",
  "unpaid",
  "other",
] as const;

/** Policy 9.2–9.3: a service manager's monthly file audit, or the quarterly quality-assurance one. */
export const AUDIT_KINDS = ["monthly", "quarterly"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
/** The audit tool's overall grade (Appendix 7), best first. */
export const AUDIT_GRADES = ["outstanding", "good", "requires_improvement", "inadequate"] as const;
export type AuditGrade = (typeof AUDIT_GRADES)[number];
/** The audit tool's twelve questions, each rated 1 (excellent) to 5 (poor). */
export const AUDIT_QUESTIONS = [
  "q1",
  "q2",
  "q3",
  "q4",
  "q5",
  "q6",
  "q7",
  "q8",
  "q9",
  "q10",
  "q11",
  "q12",
] as const;
export type AuditQuestion = (typeof AUDIT_QUESTIONS)[number];

/** Good or Outstanding: no actions needed. */
export const isGoodOrBetter = (grade: AuditGrade): boolean =>
  grade === "outstanding" || grade === "good";

const nonEmpty = () => z.string().check(z.minLength(1));

export const isoDateSchema = z
  .string()
  .check(z.refine(isIsoDate, { message: "must be a real date written YYYY-MM-DD" }));

export const staffMemberSchema = z.object({
  staffId: nonEmpty(),
  name: nonEmpty(),
  email: z.email(),
  role: z.enum(ROLES),
  employment: z.enum(EMPLOYMENTS),
  qualification: z.enum(QUALIFICATIONS),
  asyeStartDate: z.optional(isoDateSchema),
  team: nonEmpty(),
  service: nonEmpty(),
  supervisorId: z.optional(nonEmpty()),
  supervisorSince: z.optional(isoDateSchema),
  startDate: isoDateSchema,
  endDate: z.optional(isoDateSchema),
  operational: z.boolean(),
  caseload: z.optional(z.int().check(z.nonnegative())),
  supervisionIntervalDays: z.optional(z.int().check(z.positive())),
  /** How often they want their own reminders; unset: the configured default. */
  reminderFrequency: z.optional(z.enum(REMINDER_FREQUENCIES)),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

export const supervisionRecordSchema = z.object({
  staffId: nonEmpty(),
  date: isoDateSchema,
  supervisorId: z.optional(nonEmpty()),
  type: z.enum(SUPERVISION_TYPES),
  durationMinutes: z.optional(z.int().check(z.positive())),
  /** The source system's record id: when given, it is the session's identity. */
  sessionId: z.optional(nonEmpty()),
  /**
   * Without a session id, the n-th row (n ≥ 2) of one file with the same person, date, type
   * and supervisor: two sessions on one day are two records, and a re-import matches them by
   * position.
   */
  sameDayIndex: z.optional(z.int().check(z.minimum(2))),
});
export type SupervisionRecord = z.infer<typeof supervisionRecordSchema>;

export const absenceSchema = z.object({
  staffId: nonEmpty(),
  startDate: isoDateSchema,
  endDate: isoDateSchema,
  reason: z.optional(z.enum(ABSENCE_REASONS)),
});
export type Absence = z.infer<typeof absenceSchema>;

export const agreementRecordSchema = z.object({
  staffId: nonEmpty(),
  signedDate: isoDateSchema,
  supervisorId: z.optional(nonEmpty()),
});
export type AgreementRecord = z.infer<typeof agreementRecordSchema>;

export const appraisalRecordSchema = z.object({
  staffId: nonEmpty(),
  date: isoDateSchema,
});
export type AppraisalRecord = z.infer<typeof appraisalRecordSchema>;

export const trainingRecordSchema = z.object({
  staffId: nonEmpty(),
  date: isoDateSchema,
  course: nonEmpty(),
});
export type TrainingRecord = z.infer<typeof trainingRecordSchema>;

/**
 * One audit of one person's supervision file. No free text: an auditor's notes may mention
 * children, and they never belong here.
 */
export const auditRecordSchema = z.object({
  /** Whose supervision file was audited. */
  staffId: nonEmpty(),
  date: isoDateSchema,
  auditorId: nonEmpty(),
  kind: z.enum(AUDIT_KINDS),
  grade: z.enum(AUDIT_GRADES),
  /** The ratings given, 1 to 5, by question; questions left blank are absent. */
  scores: z.optional(
    z.partialRecord(z.enum(AUDIT_QUESTIONS), z.int().check(z.minimum(1), z.maximum(5))),
  ),
  fileComplete: z.optional(z.boolean()),
  /** When the actions set by an audit below Good are to be done. */
  actionsDueDate: z.optional(isoDateSchema),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** What the policy engine and the digest keep of an audit, on the audited person's status. */
export interface AuditFact {
  date: string;
  auditorId: string;
  kind: AuditKind;
  grade: AuditGrade;
  actionsDueDate?: string;
}

/**
 * The well-formed audits on a person's facts: none on items written before audits were kept,
 * and an entry a hand edit broke is skipped rather than stopping a whole run.
 */
export function auditsOf(facts: { audits?: unknown } | undefined): AuditFact[] {
  const audits = facts?.audits;
  if (!Array.isArray(audits)) return [];
  return audits.filter(
    (a): a is AuditFact =>
      typeof a === "object" &&
      a !== null &&
      typeof a.date === "string" &&
      typeof a.auditorId === "string" &&
      (AUDIT_KINDS as readonly unknown[]).includes(a.kind) &&
      (AUDIT_GRADES as readonly unknown[]).includes(a.grade) &&
      (a.actionsDueDate === undefined || typeof a.actionsDueDate === "string"),
  );
}

/** A span of days, both ends inclusive. */
export interface DateSpan {
  startDate: string;
  endDate: string;
}

/**
 * What the policy engine needs to know of one person's history: compact, sorted, and
 * small enough to live on the person's status item (see README, data model).
 */
export interface PersonFacts {
  /** Dates of formal one-to-one sessions, ascending, no repeats. */
  formalSessions: string[];
  /** Absences, ascending by start. */
  absences: DateSpan[];
  /** Dates agreements were signed, ascending. */
  agreementsSigned: string[];
  /** Appraisal dates, ascending. */
  appraisals: string[];
  /** Training completed, ascending by date. */
  training: { date: string; course: string }[];
  /**
   * Audits of this person's supervision file, ascending by date (then auditor and kind).
   * Absent on status items written before audits were recorded: read as none.
   */
  audits?: AuditFact[];
}

/** A person's profile with the compact facts the policy engine needs: one item per person. */
export interface StaffStatus {
  person: StaffMember;
  facts: PersonFacts;
}

export const emptyFacts = (): PersonFacts => ({
  formalSessions: [],
  absences: [],
  agreementsSigned: [],
  appraisals: [],
  training: [],
  audits: [],
});
