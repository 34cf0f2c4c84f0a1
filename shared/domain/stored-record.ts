import type {
  Absence,
  AgreementRecord,
  AppraisalRecord,
  AuditRecord,
  SupervisionRecord,
  TrainingRecord,
} from "./records";

/** Any dated record kept about a person, tagged with its kind. */
export type StoredRecord =
  | { kind: "supervision"; record: SupervisionRecord }
  | { kind: "absence"; record: Absence }
  | { kind: "agreement"; record: AgreementRecord }
  | { kind: "appraisal"; record: AppraisalRecord }
  | { kind: "training"; record: TrainingRecord }
  | { kind: "audit"; record: AuditRecord };

export type RecordKind = StoredRecord["kind"];

/**
 * A record's identity within its person: two rows with the same identity are the same
 * record (a re-import), and other fields differing makes it a change. A supervision is known
 * by its session id when the export has one, else by date, type, supervisor and its place
 * among that day's rows (the first keeps the key earlier versions stored).
 */
export function recordIdentity(stored: StoredRecord): string {
  switch (stored.kind) {
    case "supervision": {
      const r = stored.record;
      if (r.sessionId !== undefined) return `SUP#${r.date}#id#${r.sessionId}`;
      const first = `SUP#${r.date}#${r.type}#${r.supervisorId ?? "-"}`;
      return r.sameDayIndex === undefined ? first : `${first}#${r.sameDayIndex}`;
    }
    case "absence":
      return `ABS#${stored.record.startDate}#${stored.record.endDate}`;
    case "agreement":
      return `AGR#${stored.record.signedDate}`;
    case "appraisal":
      return `APR#${stored.record.date}`;
    case "training":
      return `TRN#${stored.record.date}#${stored.record.course}`;
    case "audit":
      return `AUD#${stored.record.date}#${stored.record.kind}#${stored.record.auditorId}`;
  }
}

/** Identity across people: the key under which an import looks a record up. */
export function recordKey(stored: StoredRecord): string {
  return `${stored.record.staffId}|${recordIdentity(stored)}`;
}
