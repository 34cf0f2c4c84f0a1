import { stringify } from "csv-stringify/sync";
import {
  type Absence,
  type AgreementRecord,
  type AppraisalRecord,
  AUDIT_QUESTIONS,
  type AuditRecord,
  type StaffMember,
  type SupervisionRecord,
  type TrainingRecord,
} from "../domain/records";
import type { CsvFileKind } from "./csv-files";

/** Records in the import contract's shape: what an HR export for `import` looks like. */
export interface ImportRecords {
  staff: StaffMember[];
  supervisions: SupervisionRecord[];
  absences: Absence[];
  agreements: AgreementRecord[];
  appraisals: AppraisalRecord[];
  training: TrainingRecord[];
  audits: AuditRecord[];
}

type Cell = string | number | boolean | undefined;

const COLUMNS: { [K in CsvFileKind]: [string, (r: ImportRecords[K][number]) => Cell][] } = {
  staff: [
    ["staff_id", (r) => r.staffId],
    ["name", (r) => r.name],
    ["email", (r) => r.email],
    ["role", (r) => r.role],
    ["employment", (r) => r.employment],
    ["qualification", (r) => r.qualification],
    ["asye_start_date", (r) => r.asyeStartDate],
    ["team", (r) => r.team],
    ["service", (r) => r.service],
    ["supervisor_id", (r) => r.supervisorId],
    ["supervisor_since", (r) => r.supervisorSince],
    ["start_date", (r) => r.startDate],
    ["end_date", (r) => r.endDate],
    ["operational", (r) => (r.operational ? "yes" : "no")],
    ["caseload", (r) => r.caseload],
    ["supervision_interval_days", (r) => r.supervisionIntervalDays],
    ["reminder_frequency", (r) => r.reminderFrequency],
  ],
  supervisions: [
    ["staff_id", (r) => r.staffId],
    ["date", (r) => r.date],
    ["supervisor_id", (r) => r.supervisorId],
    ["type", (r) => r.type],
    ["duration_minutes", (r) => r.durationMinutes],
    ["session_id", (r) => r.sessionId],
  ],
  absences: [
    ["staff_id", (r) => r.staffId],
    ["start_date", (r) => r.startDate],
    ["end_date", (r) => r.endDate],
    ["reason", (r) => r.reason],
  ],
  agreements: [
    ["staff_id", (r) => r.staffId],
    ["signed_date", (r) => r.signedDate],
    ["supervisor_id", (r) => r.supervisorId],
  ],
  appraisals: [
    ["staff_id", (r) => r.staffId],
    ["date", (r) => r.date],
  ],
  training: [
    ["staff_id", (r) => r.staffId],
    ["date", (r) => r.date],
    ["course", (r) => r.course],
  ],
  audits: [
    ["staff_id", (r) => r.staffId],
    ["date", (r) => r.date],
    ["auditor_id", (r) => r.auditorId],
    ["kind", (r) => r.kind],
    ["grade", (r) => r.grade],
    ...AUDIT_QUESTIONS.map((q): [string, (r: AuditRecord) => Cell] => [q, (r) => r.scores?.[q]]),
    [
      "file_complete",
      (r) => (r.fileComplete === undefined ? undefined : r.fileComplete ? "yes" : "no"),
    ],
    ["actions_due_date", (r) => r.actionsDueDate],
  ],
};

/** One file of the contract as CSV text (header row, RFC 4180 quoting, CRLF as Excel writes). */
export function toCsv<K extends CsvFileKind>(
  kind: K,
  records: readonly ImportRecords[K][number][],
): string {
  const columns = COLUMNS[kind] as [string, (r: ImportRecords[K][number]) => Cell][];
  return stringify(
    records.map((r) => columns.map(([, cell]) => cell(r) ?? "")),
    { header: true, columns: columns.map(([name]) => name), record_delimiter: "windows" },
  );
}

/** Every file of the contract, as the buffers `importFiles` takes. */
export function toCsvBuffers(records: ImportRecords): Record<CsvFileKind, Buffer> {
  const kinds = Object.keys(COLUMNS) as CsvFileKind[];
  return Object.fromEntries(
    kinds.map((kind) => [kind, Buffer.from(toCsv(kind, records[kind] as never[]))]),
  ) as Record<CsvFileKind, Buffer>;
}
