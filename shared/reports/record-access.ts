import type { IsoDate } from "../domain/dates";
import { isEmployedOn } from "../domain/person-on-date";
import type { StaffMember } from "../domain/records";

/** Who a supervision record is produced for (policy 8.4). */
export type RecordReader =
  | { kind: "supervisee"; staffId: string; name: string }
  | { kind: "supervisor"; staffId: string; name: string }
  /** A manager above the supervisor in the chain of `supervisor_id`s: 1 = the supervisor's own. */
  | { kind: "senior_manager"; staffId: string; name: string; levelAboveSupervisor: number }
  | { kind: "hr" }
  | { kind: "auditor" };

export type RecordAccess =
  | { allowed: true; reader: RecordReader }
  | { allowed: false; reason: string };

export const POLICY_8_4 =
  "policy 8.4: access to supervision files is restricted to the supervisor, the supervisee, senior managers, HR as appropriate, and officers involved in auditing or personnel purposes";

/** The values `--reader` takes besides a staff id. */
export const ROLE_READERS = ["hr", "auditor"] as const;

/**
 * Whether `reader` (a staff id, `hr` or `auditor`) may read `subject`'s supervision record,
 * and as whom. A supervisee may read their own even after leaving; a supervisor or senior
 * manager must be employed on `today` and in the subject's current chain of supervisors.
 */
export function recordAccess(
  reader: string,
  subject: StaffMember,
  roster: readonly StaffMember[],
  today: IsoDate,
): RecordAccess {
  if (reader === "hr") return { allowed: true, reader: { kind: "hr" } };
  if (reader === "auditor") return { allowed: true, reader: { kind: "auditor" } };
  if (reader === subject.staffId)
    return { allowed: true, reader: { kind: "supervisee", staffId: reader, name: subject.name } };
  const byId = new Map(roster.map((p) => [p.staffId, p]));
  const refused = {
    allowed: false as const,
    reason: `Refused: ${reader} may not read the supervision record of ${subject.staffId} (${POLICY_8_4}). --reader takes the person's own staff id, their current supervisor's, that of a manager above them in the supervisor chain, hr, or auditor.`,
  };
  const seen = new Set<string>([subject.staffId]);
  let id = subject.supervisorId;
  for (let level = 0; id !== undefined && !seen.has(id); level++) {
    seen.add(id);
    const manager = byId.get(id);
    if (manager === undefined) break;
    if (id === reader) {
      if (!isEmployedOn(manager, today)) return refused;
      return {
        allowed: true,
        reader:
          level === 0
            ? { kind: "supervisor", staffId: id, name: manager.name }
            : {
                kind: "senior_manager",
                staffId: id,
                name: manager.name,
                levelAboveSupervisor: level,
              },
      };
    }
    id = manager.supervisorId;
  }
  return refused;
}

/** Who the record was produced for, in words. */
export function describeReader(reader: RecordReader): string {
  switch (reader.kind) {
    case "supervisee":
      return `the supervisee, ${reader.name} (${reader.staffId})`;
    case "supervisor":
      return `their supervisor, ${reader.name} (${reader.staffId})`;
    case "senior_manager":
      return `a senior manager above their supervisor, ${reader.name} (${reader.staffId})`;
    case "hr":
      return "HR (personnel purposes)";
    case "auditor":
      return "an auditor (absence kinds and email address withheld)";
  }
}
