import { mergeFacts } from "../domain/person-facts";
import { emptyFacts, type StaffMember } from "../domain/records";
import { recordKey, type StoredRecord } from "../domain/stored-record";
import type { StaffStatus } from "../ports/supervision-store";
import type { ParsedFiles } from "./parse-files";
import { locatedRecords } from "./validate-import";

export interface FileCounts {
  added: number;
  changed: number;
  unchanged: number;
}

export interface ImportPlan {
  /** Per file name, what the import adds and changes. */
  counts: Record<string, FileCounts>;
  recordWrites: StoredRecord[];
  staffWrites: StaffStatus[];
}

export interface PlanInput {
  files: ParsedFiles;
  existingStaff: ReadonlyMap<string, StaffStatus>;
  existingRecords: ReadonlyMap<string, StoredRecord>;
  factsWindowDays: number;
}

/**
 * Works out the writes an already-validated import needs: only what is new or different, so
 * re-importing the same files writes nothing.
 */
export function planImport(input: PlanInput): ImportPlan {
  const counts: Record<string, FileCounts> = {};
  const tally = (file: string, outcome: keyof FileCounts) => {
    counts[file] ??= { added: 0, changed: 0, unchanged: 0 };
    counts[file][outcome]++;
  };

  const profiles = new Map<string, StaffMember>();
  for (const row of input.files.staff ?? []) {
    const before = input.existingStaff.get(row.record.staffId)?.person;
    tally(
      row.file,
      before === undefined ? "added" : sameJson(before, row.record) ? "unchanged" : "changed",
    );
    profiles.set(row.record.staffId, row.record);
  }

  const recordWrites: StoredRecord[] = [];
  const recordsByPerson = new Map<string, StoredRecord[]>();
  const written = new Set<string>();
  for (const row of locatedRecords(input.files)) {
    const key = recordKey(row.record);
    if (written.has(key)) continue;
    written.add(key);
    const before = input.existingRecords.get(key);
    const outcome =
      before === undefined ? "added" : sameJson(before, row.record) ? "unchanged" : "changed";
    tally(row.file, outcome);
    if (outcome === "unchanged") continue;
    recordWrites.push(row.record);
    const staffId = row.record.record.staffId;
    const list = recordsByPerson.get(staffId);
    if (list) list.push(row.record);
    else recordsByPerson.set(staffId, [row.record]);
  }

  const staffWrites: StaffStatus[] = [];
  for (const staffId of new Set([...profiles.keys(), ...recordsByPerson.keys()])) {
    const before = input.existingStaff.get(staffId);
    const person = profiles.get(staffId) ?? before?.person;
    if (person === undefined) continue; // validation guarantees a profile; nothing to attach to
    const facts = mergeFacts(
      before?.facts ?? emptyFacts(),
      recordsByPerson.get(staffId) ?? [],
      input.factsWindowDays,
    );
    const after = { person, facts };
    if (before === undefined || !sameJson(before, after)) staffWrites.push(after);
  }
  return { counts, recordWrites, staffWrites };
}

/** Compares plain data ignoring key order and keys whose value is undefined. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(([x], [y]) => (x < y ? -1 : 1)),
        )
      : v,
  );
}
