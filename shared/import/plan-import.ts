import { createHash } from "node:crypto";
import { wellFormed } from "../domain/open-obligations";
import { mergeFacts } from "../domain/person-facts";
import type { StaffStatus } from "../domain/records";
import { emptyFacts, type StaffMember } from "../domain/records";
import { type RecordKind, recordKey, type StoredRecord } from "../domain/stored-record";
import type { FileCounts } from "../ports/import-ledger";
import type { StoredStaff } from "../ports/supervision-store";
import type { CsvFileKind } from "./csv-files";
import type { ParsedFiles } from "./parse-files";
import { locatedRecords } from "./validate-import";

export type { FileCounts };

/** The writes for some people: their history, then their status items (with the hashes). */
export interface PersonWrites {
  staffId: string;
  records: StoredRecord[];
  status?: StoredStaff;
}

export interface ImportPlan {
  /** Per file name, what the import adds and changes. */
  counts: Record<string, FileCounts>;
  /** Per person touched, in order: people an interrupted import left half-written first. */
  writes: PersonWrites[];
  /** People an interrupted import left half-written: rebuilt from their whole stored history. */
  unfinished: string[];
}

/** Per person, per file (`supervisions`, `absences`, …): the hash of their rows in it. */
export type RowHashes = ReadonlyMap<string, Readonly<Record<string, string>>>;

export interface PlanInput {
  files: ParsedFiles;
  existingStaff: ReadonlyMap<string, StoredStaff>;
  /** This import's hashes, from `rowHashes(files)`. */
  hashes: RowHashes;
  /** The stored versions of the records `recordsToFind` named, by `recordKey`. */
  existingRecords: ReadonlyMap<string, StoredRecord>;
  /**
   * The stored history of people an earlier import had started writing and not finished:
   * their status may miss records already stored, so it is rebuilt from all of them.
   */
  unfinished: ReadonlyMap<string, readonly StoredRecord[]>;
  factsWindowDays: number;
}

/** The file each kind of record comes from: its hash is kept under the file's kind. */
export const FILE_OF: Record<RecordKind, Exclude<CsvFileKind, "staff">> = {
  supervision: "supervisions",
  absence: "absences",
  agreement: "agreements",
  appraisal: "appraisals",
  training: "training",
  audit: "audits",
};

/**
 * Bumped whenever what a row is stored as changes, so that no hash written before can match
 * and every person's rows are looked up (and rewritten where they differ) once.
 */
const HASH_VERSION = "rows-v1";
/** 16 hex digits, 64 bits: two different sets of one person's rows sharing one is ~1 in 10^19. */
const HASH_HEX_DIGITS = 16;

/**
 * For each person, for each file they have rows in, a hash of those rows as the import stores
 * them: each distinct record's canonical JSON (keys sorted, unset values left out), in order
 * of record key, through SHA-256. The same rows in any order, or repeated, hash the same.
 * Nothing is kept for staff.csv: a person's profile is on their status item, which the import
 * reads anyway, and is compared there.
 */
export function rowHashes(files: ParsedFiles): RowHashes {
  const groups = new Map<string, { staffId: string; file: string; rows: Map<string, unknown> }>();
  for (const { record } of locatedRecords(files)) {
    const { staffId } = record.record;
    const file = FILE_OF[record.kind];
    const id = `${staffId}|${file}`; // a staff id holds no '|' (import-limits)
    const group = groups.get(id) ?? { staffId, file, rows: new Map() };
    groups.set(id, group);
    group.rows.set(recordKey(record), record);
  }
  const hashes = new Map<string, Record<string, string>>();
  for (const { staffId, file, rows } of groups.values()) {
    const hash = createHash("sha256").update(HASH_VERSION);
    for (const key of [...rows.keys()].sort()) hash.update(`\n${canonical(rows.get(key))}`);
    const own = hashes.get(staffId) ?? {};
    hashes.set(staffId, own);
    own[file] = hash.digest("hex").slice(0, HASH_HEX_DIGITS);
  }
  return hashes;
}

/**
 * Whether every row of this file for this person is already stored exactly as in the files,
 * known without reading them: the hash of their rows equals the one on their status item.
 *
 * Why an equal hash is enough: a hash is written only on the status item, and the status item
 * is written after the person's history, in the same step (`importFiles`), and only once every
 * row that hash covers is stored: written in that step, or found stored, unchanged, by this
 * rule or by a look-up. An import that dies between the two leaves the person in the journal,
 * and a journal person (`rebuilt`) is always looked up, never trusted to a hash. Imports never
 * delete, and a row of this person's is written only by an import that then writes their status
 * with the new hash. So an equal hash means every row of that file for that person was already
 * fully stored. A partial export (only new rows, say) simply hashes differently and falls back
 * to the look-up; so does a person with no status item, or one written before imports kept
 * hashes.
 *
 * One thing a hash cannot see is expiry: it takes the person's records to live as long as
 * their status item. So someone whose end date changes is rebuilt like a journal person (see
 * `prepareImport`): every record of theirs in the export is written again with the new expiry.
 */
function storedByHash(
  input: Pick<PlanInput, "existingStaff" | "hashes">,
  rebuilt: ReadonlySet<string>,
  staffId: string,
  file: string,
): boolean {
  if (rebuilt.has(staffId)) return false;
  const stored = input.existingStaff.get(staffId)?.importHashes?.[file];
  return stored !== undefined && stored === input.hashes.get(staffId)?.[file];
}

/**
 * The records an import must look up to tell added, changed and unchanged apart: those of
 * people whose rows of that file do not match the hash on their status item (see
 * `storedByHash`), and every record of the people it rebuilds. A re-import with nothing
 * changed names none, so it reads only the roster.
 */
export function recordsToFind(
  input: Pick<PlanInput, "files" | "existingStaff" | "hashes">,
  rebuilt: ReadonlySet<string>,
): StoredRecord[] {
  return locatedRecords(input.files)
    .filter(
      ({ record }) => !storedByHash(input, rebuilt, record.record.staffId, FILE_OF[record.kind]),
    )
    .map((r) => r.record);
}

/**
 * Works out the writes an already-validated import needs: only what is new or different, so
 * re-importing the same files writes nothing; for people an interrupted import left
 * half-written, every record in the files again (an absence's month slices may be missing)
 * and a status rebuilt from their whole history, so a rerun ends as one clean import would.
 * Rows known stored by their hash count as unchanged; every other row is judged against the
 * stored version `existingRecords` holds (or its absence).
 */
export function planImport(input: PlanInput): ImportPlan {
  const counts: Record<string, FileCounts> = {};
  const tally = (file: string, outcome: keyof FileCounts) => {
    counts[file] ??= { added: 0, changed: 0, unchanged: 0 };
    counts[file][outcome]++;
  };
  const rebuilt = new Set(input.unfinished.keys());

  const profiles = new Map<string, StaffMember>();
  for (const row of input.files.staff ?? []) {
    const before = input.existingStaff.get(row.record.staffId)?.person;
    tally(
      row.file,
      before === undefined ? "added" : sameJson(before, row.record) ? "unchanged" : "changed",
    );
    profiles.set(row.record.staffId, row.record);
  }

  /** The records in the files of people rebuilt: with their history, their new facts. */
  const filed = new Map<string, StoredRecord[]>();
  const toWrite = new Map<string, StoredRecord[]>();
  /** Per person, the files whose rows this import writes: their hashes are replaced. */
  const writtenFiles = new Map<string, Set<string>>();
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
    const file = FILE_OF[row.record.kind];
    if (rebuilt.has(staffId)) push(filed, staffId, row.record);
    if (storedByHash(input, rebuilt, staffId, file)) {
      tally(row.file, "unchanged");
      continue;
    }
    const before = input.existingRecords.get(key);
    const outcome =
      before === undefined ? "added" : sameJson(before, row.record) ? "unchanged" : "changed";
    tally(row.file, outcome);
    if (outcome !== "unchanged" || rebuilt.has(staffId)) {
      push(toWrite, staffId, row.record);
      const files = writtenFiles.get(staffId);
      if (files) files.add(file);
      else writtenFiles.set(staffId, new Set([file]));
    }
  }

  const writes: PersonWrites[] = [];
  const people = new Set([
    ...input.unfinished.keys(),
    ...profiles.keys(),
    ...toWrite.keys(),
    ...input.hashes.keys(),
  ]);
  for (const staffId of people) {
    const before = input.existingStaff.get(staffId);
    const person = profiles.get(staffId) ?? before?.person;
    const records = toWrite.get(staffId) ?? [];
    const history = input.unfinished.get(staffId);
    if (person === undefined) continue; // never stored, not in these files: nothing to attach to
    const importHashes = hashesToKeep(
      before?.importHashes,
      input.hashes.get(staffId),
      writtenFiles.get(staffId),
    );
    const hashesChange = !sameJson(before?.importHashes ?? {}, importHashes ?? {});
    const touched = history !== undefined || profiles.has(staffId) || records.length > 0;
    // Someone only in the record files, all of it stored: nothing to write, unless their status
    // has no hash yet for a file (written before imports kept them), when the status is written
    // again with it so that the next import need not read their rows. Not if it is malformed:
    // importing their staff row rebuilds it.
    if (!touched && (!hashesChange || !before || !wellFormed(before.person, before.facts))) {
      continue;
    }
    const facts =
      history === undefined
        ? mergeFacts(before?.facts ?? emptyFacts(), records, input.factsWindowDays)
        : mergeFacts(
            emptyFacts(),
            [...history, ...(filed.get(staffId) ?? [])],
            input.factsWindowDays,
          );
    const after: StaffStatus = { person, facts };
    const statusChanges =
      history !== undefined ||
      before === undefined ||
      hashesChange ||
      !sameJson({ person: before.person, facts: before.facts }, after);
    const status = statusChanges
      ? { ...after, ...(importHashes === undefined ? {} : { importHashes }) }
      : undefined;
    if (records.length > 0 || status !== undefined) writes.push({ staffId, records, status });
  }
  return { counts, writes, unfinished: [...input.unfinished.keys()] };
}

/**
 * The hashes a person's status item is written with. For each file in this import: this
 * import's hash where it writes any of their rows (the old hash no longer describes what is
 * stored), or where none was kept; otherwise the hash kept, which still holds (rows this import
 * found stored and left alone: an incremental export keeps the full export's hash, so the next
 * full export still matches). Files not in this import keep theirs; a rebuilt person's rows
 * are all written again, so every file in this import takes this import's hash (and the
 * people of an interrupted import come with no hashes kept: see `importFiles`).
 */
function hashesToKeep(
  kept: Readonly<Record<string, string>> | undefined,
  current: Readonly<Record<string, string>> | undefined,
  written: ReadonlySet<string> | undefined,
): Record<string, string> | undefined {
  const hashes: Record<string, string> = { ...kept };
  for (const [file, hash] of Object.entries(current ?? {})) {
    if (written?.has(file) || hashes[file] === undefined) hashes[file] = hash;
  }
  return Object.keys(hashes).length === 0 ? undefined : hashes;
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
