import { IMPORT_LIMITS } from "./import-limits";
import type { PersonWrites } from "./plan-import";
import type { ImportError } from "./read-csv";

/**
 * A person's status item holds their recent history; an export with thousands of records for
 * one person would push it past DynamoDB's item limit and fail mid-write. Caught here, before
 * anything is written, and pointed at the person's first line in the files. Measured as the
 * item is written: profile, facts and the import's hashes.
 */
export function statusSizeErrors(
  writes: readonly PersonWrites[],
  firstLineOf: (staffId: string) => { file: string; line: number },
): ImportError[] {
  const errors: ImportError[] = [];
  for (const { staffId, status } of writes) {
    if (status === undefined) continue;
    const { person, facts, importHashes } = status;
    const bytes = Buffer.byteLength(JSON.stringify({ person, facts, importHashes }));
    if (bytes <= IMPORT_LIMITS.maxStatusItemBytes) continue;
    errors.push({
      ...firstLineOf(staffId),
      column: "staff_id",
      message:
        `'${staffId}' has too much recent history to store (${Math.ceil(bytes / 1000)} KB, at most ` +
        `${IMPORT_LIMITS.maxStatusItemBytes / 1000} KB): ${facts.formalSessions.length} sessions, ` +
        `${facts.absences.length} absences, ${facts.training.length} courses` +
        `${facts.audits?.length ? `, ${facts.audits.length} file audits` : ""}; check the export`,
      rule: "too much history for one person",
    });
  }
  return errors;
}
