import { daysBetween } from "../domain/dates";
import { type AuditRecord, isGoodOrBetter, type StaffMember } from "../domain/records";
import { recordKey, type StoredRecord } from "../domain/stored-record";
import { IMPORT_LIMITS } from "./import-limits";
import type { Located, ParsedFiles, ParseOutcome } from "./parse-files";
import type { ImportError } from "./read-csv";
import { supervisorCycles } from "./supervisor-cycles";

/** The rows of an import as stored records, each with where it came from. */
export function locatedRecords(files: ParsedFiles): Located<StoredRecord>[] {
  const tag = <K extends StoredRecord["kind"]>(
    kind: K,
    rows: Located<Extract<StoredRecord, { kind: K }>["record"]>[] | undefined,
  ) => (rows ?? []).map((r) => ({ ...r, record: { kind, record: r.record } as StoredRecord }));
  return [
    ...tag("supervision", files.supervisions),
    ...tag("absence", files.absences),
    ...tag("agreement", files.agreements),
    ...tag("appraisal", files.appraisals),
    ...tag("training", files.training),
    ...tag("audit", files.audits),
  ];
}

/**
 * Checks that need more than one row: duplicates, date order, and references to people,
 * which may be in this import's staff.csv or already in the store.
 */
export function validateImport(
  files: ParsedFiles,
  existingStaff: ReadonlyMap<string, StaffMember>,
  staffIdLines: readonly { staffId: string; line: number }[] = [],
): ImportError[] {
  const { errors, roster } = rosterErrors(files.staff ?? [], existingStaff, staffIdLines);
  return [...errors, ...recordErrors(locatedRecords(files), roster)];
}

/** Who an import's rows may name: staff.csv's people and the store's. */
export interface Roster {
  has(staffId: string): boolean;
  /** How to name an id that is nobody in it ("did you mean" one differing in case). */
  notInRoster(staffId: string): string;
  unknown(staffId: string): string;
  /** When someone in the roster started and left, as this import leaves them. */
  employment(staffId: string): Pick<StaffMember, "startDate" | "endDate"> | undefined;
}

/**
 * The checks on staff.csv as a whole: duplicate ids, ids differing only in case (in the file
 * or against the store), end before start, supervisors not in the roster, supervisor loops.
 * Returns the roster the record files are then checked against.
 */
export function rosterErrors(
  staff: readonly Located<StaffMember>[],
  existingStaff: ReadonlyMap<string, StaffMember>,
  staffIdLines: readonly { staffId: string; line: number }[],
): { errors: ImportError[]; roster: Roster } {
  const errors: ImportError[] = [];
  const err = (at: { file: string; line: number }, column: string, rule: string, message: string) =>
    errors.push({ file: at.file, line: at.line, column, message, rule });

  const firstLine = new Map<string, number>();
  const byFoldedId = new Map<string, string>();
  for (const id of existingStaff.keys()) byFoldedId.set(id.toLowerCase(), id);
  for (const { staffId, line } of staffIdLines) {
    const earlier = firstLine.get(staffId);
    const sameButCase = byFoldedId.get(staffId.toLowerCase());
    if (earlier !== undefined) {
      err(
        { file: "staff.csv", line },
        "staff_id",
        "duplicate staff_id",
        `duplicate staff_id '${staffId}' (first on line ${earlier})`,
      );
      continue;
    }
    firstLine.set(staffId, line);
    if (sameButCase !== undefined && sameButCase !== staffId) {
      const where = firstLine.has(sameButCase) ? `line ${firstLine.get(sameButCase)}` : "the store";
      err(
        { file: "staff.csv", line },
        "staff_id",
        "staff_id differs only in case",
        `'${staffId}' and '${sameButCase}' (${where}) differ only in letter case: one person or two?`,
      );
    } else byFoldedId.set(staffId.toLowerCase(), staffId);
  }

  const inRoster = (id: string) => firstLine.has(id) || existingStaff.has(id);
  const didYouMean = (id: string) => {
    const near = byFoldedId.get(id.toLowerCase());
    return near !== undefined ? ` (did you mean '${near}'?)` : "";
  };
  const profiles = new Map<string, Pick<StaffMember, "startDate" | "endDate">>(existingStaff);
  for (const row of staff) profiles.set(row.record.staffId, row.record);
  const roster: Roster = {
    has: inRoster,
    employment: (id) => profiles.get(id),
    notInRoster: (id) => `'${id}' is not in the roster${didYouMean(id)}`,
    unknown: (id) => `'${id}' (not in staff.csv or the store)${didYouMean(id)}`,
  };

  for (const row of staff) {
    const { staffId, startDate, endDate, supervisorId } = row.record;
    if (endDate !== undefined && endDate < startDate) {
      err(row, "end_date", "end before start", `${endDate} is before start_date ${startDate}`);
    }
    if (supervisorId === staffId) {
      err(row, "supervisor_id", "supervises themselves", "a person cannot supervise themselves");
    } else if (supervisorId !== undefined && !inRoster(supervisorId)) {
      err(
        row,
        "supervisor_id",
        "supervisor not in roster",
        `supervisor ${roster.notInRoster(supervisorId)}`,
      );
    }
  }
  errors.push(...cycleErrors(staff, existingStaff));
  return { errors, roster };
}

/**
 * The checks on record rows: each names someone in the roster, dates in order, and across
 * rows, no session_id twice for one person and no record twice with different details. Every
 * key these compare starts with the person's id, so rows can be checked a group of people at a
 * time, as long as each group has all of its people's rows.
 */
export function recordErrors(rows: Iterable<Located<StoredRecord>>, roster: Roster): ImportError[] {
  const errors: ImportError[] = [];
  const err = (at: { file: string; line: number }, column: string, rule: string, message: string) =>
    errors.push({ file: at.file, line: at.line, column, message, rule });
  const seen = new Map<string, Located<StoredRecord>>();
  const sessionIds = new Map<string, number>();
  for (const row of rows) {
    const stored = row.record;
    const { staffId } = stored.record;
    if (!roster.has(staffId)) {
      err(row, "staff_id", "unknown staff_id", `unknown staff_id ${roster.unknown(staffId)}`);
    }
    if (stored.kind === "absence") {
      const { startDate, endDate } = stored.record;
      if (endDate < startDate) {
        err(row, "end_date", "end before start", `${endDate} is before start_date ${startDate}`);
      } else if (daysBetween(startDate, endDate) + 1 > IMPORT_LIMITS.maxAbsenceDays) {
        err(
          row,
          "end_date",
          "absence too long",
          `an absence of more than ${IMPORT_LIMITS.maxAbsenceDays} days: check the dates`,
        );
      }
    }
    if (
      (stored.kind === "supervision" || stored.kind === "agreement") &&
      stored.record.supervisorId !== undefined &&
      !roster.has(stored.record.supervisorId)
    ) {
      err(
        row,
        "supervisor_id",
        "supervisor not in roster",
        `supervisor ${roster.notInRoster(stored.record.supervisorId)}`,
      );
    }
    if (stored.kind === "audit") auditErrors(row, stored.record, roster, err);
    if (stored.kind === "supervision" && stored.record.sessionId !== undefined) {
      const sessionKey = `${staffId}|${stored.record.sessionId}`;
      const first = sessionIds.get(sessionKey);
      if (first !== undefined) {
        err(
          row,
          "session_id",
          "repeated session_id",
          `session_id '${stored.record.sessionId}' is already on line ${first} for this person`,
        );
        continue;
      }
      sessionIds.set(sessionKey, row.line);
    }
    const key = recordKey(stored);
    const previous = seen.get(key);
    if (previous === undefined) seen.set(key, row);
    else if (JSON.stringify(previous.record) !== JSON.stringify(stored)) {
      err(
        row,
        "staff_id",
        "conflicting records",
        `conflicts with line ${previous.line}: same record with different details`,
      );
    }
  }
  return errors;
}

/**
 * An audit names an auditor in the roster other than the person audited; actions are set only
 * for a file below Good, and fall due on or after the audit.
 */
function auditErrors(
  at: { file: string; line: number },
  audit: AuditRecord,
  roster: Roster,
  err: (at: { file: string; line: number }, column: string, rule: string, message: string) => void,
): void {
  if (audit.auditorId === audit.staffId) {
    err(at, "auditor_id", "audits their own file", "an auditor cannot audit their own file");
  } else if (!roster.has(audit.auditorId)) {
    err(
      at,
      "auditor_id",
      "auditor not in roster",
      `auditor ${roster.notInRoster(audit.auditorId)}`,
    );
  }
  const employed = roster.employment(audit.staffId);
  if (employed && audit.date < employed.startDate) {
    err(
      at,
      "date",
      "audit before the person started",
      `${audit.date} is before ${audit.staffId}'s start_date ${employed.startDate}: there was no file to audit`,
    );
  } else if (audit.kind === "monthly" && employed?.endDate && audit.date > employed.endDate) {
    // A manager's monthly audit is of a file in one of their teams (policy 9.3); counting one of
    // a leaver's would hide the month from the daily run, which reads only recent leavers.
    err(
      at,
      "date",
      "monthly audit after the person left",
      `${audit.date} is after ${audit.staffId}'s end_date ${employed.endDate}: a monthly audit is of a file in one of the manager's teams (a leaver's file may be audited quarterly)`,
    );
  }
  const { actionsDueDate } = audit;
  if (actionsDueDate === undefined) return;
  if (isGoodOrBetter(audit.grade)) {
    err(
      at,
      "actions_due_date",
      "actions for a file graded Good or better",
      `actions are set only for a file graded below Good (this one is ${audit.grade}): leave it blank`,
    );
  } else if (actionsDueDate < audit.date) {
    err(
      at,
      "actions_due_date",
      "actions due before the audit",
      `${actionsDueDate} is before the audit's date ${audit.date}`,
    );
  }
}

/** A loop of supervisors is named on every staff.csv line in it. */
function cycleErrors(
  staff: readonly Located<StaffMember>[],
  existingStaff: ReadonlyMap<string, StaffMember>,
): ImportError[] {
  const supervisorOf = new Map<string, string | undefined>();
  for (const [id, person] of existingStaff) supervisorOf.set(id, person.supervisorId);
  const lineOf = new Map<string, number>();
  for (const row of staff) {
    supervisorOf.set(row.record.staffId, row.record.supervisorId);
    lineOf.set(row.record.staffId, row.line);
  }
  const errors: ImportError[] = [];
  for (const cycle of supervisorCycles(supervisorOf)) {
    if (cycle.length < 2) continue; // supervising oneself is reported on its own
    const lines = cycle.map((id) => lineOf.get(id)).filter((l): l is number => l !== undefined);
    const chain = [...cycle, cycle[0]].map((id) => `'${id}'`).join(" → ");
    const where = `staff.csv line${lines.length > 1 ? "s" : ""} ${lines.join(", ")}`;
    for (const line of lines) {
      errors.push({
        file: "staff.csv",
        line,
        column: "supervisor_id",
        message: `supervisors form a loop: ${chain} (${where})`,
        rule: "supervisor loop",
      });
    }
  }
  return errors;
}

/** Every problem with an import, parse errors and cross-file ones, in file and line order. */
export function importErrors(
  parsed: ParseOutcome,
  existingStaff: ReadonlyMap<string, StaffMember>,
): ImportError[] {
  return inFileOrder([
    ...parsed.errors,
    ...validateImport(parsed.files, existingStaff, parsed.staffIdLines),
  ]);
}

/** Errors as they are reported: by file, then line (a line's own errors in the order found). */
export function inFileOrder(errors: ImportError[]): ImportError[] {
  return errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
