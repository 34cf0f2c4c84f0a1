import * as z from "zod/mini";
import {
  ABSENCE_REASONS,
  type Absence,
  type AgreementRecord,
  type AppraisalRecord,
  AUDIT_GRADES,
  AUDIT_KINDS,
  AUDIT_QUESTIONS,
  type AuditQuestion,
  type AuditRecord,
  EMPLOYMENTS,
  QUALIFICATIONS,
  ROLES,
  type StaffMember,
  SUPERVISION_TYPES,
  type SupervisionRecord,
  type TrainingRecord,
} from "../domain/records";
import { REMINDER_FREQUENCIES } from "../domain/reminder-rhythm";
import "../domain/zod-english";
import {
  date,
  email,
  oneOf,
  optionalDate,
  optionalOneOf,
  optionalStaffId,
  optionalText,
  optionalWholeNumber,
  optionalYesNo,
  staffId,
  text,
  yesNo,
} from "./cells";
import { IMPORT_LIMITS as LIMITS } from "./import-limits";

/**
 * The published import contract: file names, column names and what each cell may hold.
 * Keep these names; HR exports are built against them.
 */

const staffRow = z.pipe(
  z.object({
    staff_id: staffId,
    name: text(LIMITS.nameLength),
    email,
    role: oneOf(ROLES),
    employment: oneOf(EMPLOYMENTS),
    qualification: oneOf(QUALIFICATIONS),
    asye_start_date: optionalDate,
    team: text(LIMITS.unitNameLength),
    service: text(LIMITS.unitNameLength),
    supervisor_id: optionalStaffId,
    supervisor_since: optionalDate,
    start_date: date,
    end_date: optionalDate,
    operational: yesNo,
    caseload: optionalWholeNumber(0, LIMITS.maxCaseload),
    supervision_interval_days: optionalWholeNumber(1, LIMITS.maxIntervalDays),
    reminder_frequency: optionalOneOf(REMINDER_FREQUENCIES),
  }),
  z.transform(
    (r): StaffMember => ({
      staffId: r.staff_id,
      name: r.name,
      email: r.email,
      role: r.role,
      employment: r.employment,
      qualification: r.qualification,
      asyeStartDate: r.asye_start_date,
      team: r.team,
      service: r.service,
      supervisorId: r.supervisor_id,
      supervisorSince: r.supervisor_since,
      startDate: r.start_date,
      endDate: r.end_date,
      operational: r.operational,
      caseload: r.caseload,
      supervisionIntervalDays: r.supervision_interval_days,
      reminderFrequency: r.reminder_frequency,
    }),
  ),
);

const supervisionRow = z.pipe(
  z.object({
    staff_id: staffId,
    date,
    supervisor_id: optionalStaffId,
    type: oneOf(SUPERVISION_TYPES),
    duration_minutes: optionalWholeNumber(1, LIMITS.maxDurationMinutes),
    session_id: optionalText(LIMITS.sessionIdLength),
  }),
  z.transform(
    (r): SupervisionRecord => ({
      staffId: r.staff_id,
      date: r.date,
      supervisorId: r.supervisor_id,
      type: r.type,
      durationMinutes: r.duration_minutes,
      sessionId: r.session_id,
    }),
  ),
);

const absenceRow = z.pipe(
  z.object({
    staff_id: staffId,
    start_date: date,
    end_date: date,
    reason: optionalOneOf(ABSENCE_REASONS),
  }),
  z.transform(
    (r): Absence => ({
      staffId: r.staff_id,
      startDate: r.start_date,
      endDate: r.end_date,
      reason: r.reason,
    }),
  ),
);

const agreementRow = z.pipe(
  z.object({ staff_id: staffId, signed_date: date, supervisor_id: optionalStaffId }),
  z.transform(
    (r): AgreementRecord => ({
      staffId: r.staff_id,
      signedDate: r.signed_date,
      supervisorId: r.supervisor_id,
    }),
  ),
);

const appraisalRow = z.pipe(
  z.object({ staff_id: staffId, date }),
  z.transform((r): AppraisalRecord => ({ staffId: r.staff_id, date: r.date })),
);

const trainingRow = z.pipe(
  z.object({ staff_id: staffId, date, course: text(LIMITS.courseLength) }),
  z.transform((r): TrainingRecord => ({ staffId: r.staff_id, date: r.date, course: r.course })),
);

/** The audit tool's twelve ratings, each optional, 1 (excellent) to 5 (poor). */
const questionColumns = Object.fromEntries(
  AUDIT_QUESTIONS.map((q) => [q, optionalWholeNumber(1, 5)]),
) as Record<AuditQuestion, ReturnType<typeof optionalWholeNumber>>;

/** No free-text column: an auditor's notes may mention children and never belong here. */
const auditRow = z.pipe(
  z.object({
    staff_id: staffId,
    date,
    auditor_id: staffId,
    kind: oneOf(AUDIT_KINDS),
    grade: oneOf(AUDIT_GRADES),
    ...questionColumns,
    file_complete: optionalYesNo,
    actions_due_date: optionalDate,
  }),
  z.transform((r): AuditRecord => {
    const scores = Object.fromEntries(
      AUDIT_QUESTIONS.flatMap((q) => (r[q] === undefined ? [] : [[q, r[q]]])),
    );
    return {
      staffId: r.staff_id,
      date: r.date,
      auditorId: r.auditor_id,
      kind: r.kind,
      grade: r.grade,
      scores: Object.keys(scores).length === 0 ? undefined : scores,
      fileComplete: r.file_complete,
      actionsDueDate: r.actions_due_date,
    };
  }),
);

export interface CsvFileSpec<T> {
  file: string;
  /** Columns that must be in the header; the others may be left out. */
  requiredColumns: readonly string[];
  /** Every column the contract reads; others in the file are ignored, unless `onlyItsColumns`. */
  columns: readonly string[];
  /**
   * When set, the file may hold no column but the contract's, and no value outside a named
   * column: what other files would have ignored is refused, for this reason.
   */
  onlyItsColumns?: { reason: string };
  row: z.ZodMiniType<T, Record<string, string>>;
}

function spec<T>(
  file: string,
  requiredColumns: readonly string[],
  row: z.ZodMiniPipe<z.ZodMiniObject, z.ZodMiniType<T>>,
  options: Pick<CsvFileSpec<T>, "onlyItsColumns"> = {},
): CsvFileSpec<T> {
  return {
    file,
    requiredColumns,
    columns: Object.keys(row.def.in.shape),
    ...options,
    row: row as unknown as z.ZodMiniType<T, Record<string, string>>,
  };
}

/**
 * Why audits.csv takes its own columns only: the audit tool keeps the auditor's notes, which
 * may mention children. No list of names could tell a free-text column ("Notes",
 * "Observations", "Child") from any other, so no other column is taken, and nothing is read
 * past the named ones.
 */
const AUDIT_NOTES =
  "an audit's notes or comments may mention children, which this system never holds";

export const CSV_FILES = {
  staff: spec(
    "staff.csv",
    [
      "staff_id",
      "name",
      "email",
      "role",
      "employment",
      "qualification",
      "team",
      "service",
      "start_date",
      "operational",
    ],
    staffRow,
  ),
  supervisions: spec("supervisions.csv", ["staff_id", "date", "type"], supervisionRow),
  absences: spec("absences.csv", ["staff_id", "start_date", "end_date"], absenceRow),
  agreements: spec("agreements.csv", ["staff_id", "signed_date"], agreementRow),
  appraisals: spec("appraisals.csv", ["staff_id", "date"], appraisalRow),
  training: spec("training.csv", ["staff_id", "date", "course"], trainingRow),
  audits: spec("audits.csv", ["staff_id", "date", "auditor_id", "kind", "grade"], auditRow, {
    onlyItsColumns: { reason: AUDIT_NOTES },
  }),
} as const;

export type CsvFileKind = keyof typeof CSV_FILES;
export const CSV_FILE_KINDS = Object.keys(CSV_FILES) as CsvFileKind[];

/** Each kind's file name, from the specs above: the one place the names are written. */
export const CSV_FILE_NAMES = Object.fromEntries(
  CSV_FILE_KINDS.map((kind) => [kind, CSV_FILES[kind].file]),
) as Record<CsvFileKind, string>;
