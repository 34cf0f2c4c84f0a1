import { mergeFacts } from "../domain/person-facts";
import type { StaffStatus } from "../domain/records";
import { emptyFacts, type StaffMember } from "../domain/records";
import { recordKey, type StoredRecord } from "../domain/stored-record";
import type { FileCounts } from "../ports/import-ledger";
import type { ParsedFiles } from "./parse-files";
import { locatedRecords } from "./validate-import";

export type { FileCounts };

/** The writes for some people: their history, then their status items. */
export interface PersonWrites {
  staffId: string;
  records: StoredRecord[];
  status?: StaffStatus;
}

export interface ImportPlan {
  /** Per file name, what the import adds and changes. */
  counts: Record<string, FileCounts>;
  /** Per person touched, in order: people an interrupted import left half-written first. */
  writes: PersonWrites[];
  /** People an interrupted import left half-written: rebuilt from their whole stored history. */
  unfinished: string[];
}

export interface PlanInput {
  files: ParsedFiles;
  existingStaff: ReadonlyMap<string, StaffStatus>;
  existingRecords: ReadonlyMap<string, StoredRecord>;
  /**
   * The stored history of people an earlier import had started writing and not finished:
   * their status may miss records already stored, so it is rebuilt from all of them.
   */
  unfinished: ReadonlyMap<string, readonly StoredRecord[]>;
  factsWindowDays: number;
}

/**
 * Works out the writes an already-validated import needs: only what is new or different, so
 * re-importing the same files writes nothing; for people an interrupted import left
 * half-written, every record in the files again (an absence's month slices may be missing)
 * and a status rebuilt from their whole history, so a rerun ends as one clean import would.
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

  const filed = new Map<string, StoredRecord[]>();
  const toWrite = new Map<string, StoredRecord[]>();
  const seen = new Set<string>();
  const push = (map: Map<string, StoredRecord[]>, staffId: string, r: StoredRecord) => {
    const list = map.get(staffId);
    if (list) list.push(r);
    else map.set(staffId, [r]);
  };
  for (const row of locatedRecords(input.files)) {
    const key = recordKey(row.record);
    if (seen.has(key)) continue;
    seen.add(key);
    const staffId = row.record.record.staffId;
    push(filed, staffId, row.record);
    const before = input.existingRecords.get(key);
    const outcome =
      before === undefined ? "added" : sameJson(before, row.record) ? "unchanged" : "changed";
    tally(row.file, outcome);
    if (outcome !== "unchanged" || input.unfinished.has(staffId))
      push(toWrite, staffId, row.record);
  }

  const writes: PersonWrites[] = [];
  const people = new Set([...input.unfinished.keys(), ...profiles.keys(), ...toWrite.keys()]);
  for (const staffId of people) {
    const before = input.existingStaff.get(staffId);
    const person = profiles.get(staffId) ?? before?.person;
    const records = toWrite.get(staffId) ?? [];
    const history = input.unfinished.get(staffId);
    if (person === undefined) continue; // never stored, not in these files: nothing to attach to
    const facts =
      history === undefined
        ? mergeFacts(before?.facts ?? emptyFacts(), records, input.factsWindowDays)
        : mergeFacts(
            emptyFacts(),
            [...history, ...(filed.get(staffId) ?? [])],
            input.factsWindowDays,
          );
    const after = { person, facts };
    const status =
      history !== undefined || before === undefined || !sameJson(before, after) ? after : undefined;
    if (records.length > 0 || status !== undefined) writes.push({ staffId, records, status });
  }
  return { counts, writes, unfinished: [...input.unfinished.keys()] };
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
