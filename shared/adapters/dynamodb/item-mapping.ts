import { DEFAULT_KEEP_AFTER_LEAVING_DAYS } from "../../config/operations";
import { monthsSpanned } from "../../domain/dates";
import type { StaffMember, StaffStatus } from "../../domain/records";
import { leaverExpiry } from "../../domain/retention";
import { recordIdentity, type StoredRecord } from "../../domain/stored-record";
import type { StoredStaff } from "../../ports/supervision-store";
import {
  absenceMonthSk,
  absenceSliceSk,
  MONTH_INDEX,
  monthPk,
  OPEN_END_DATE,
  ROSTER_INDEX,
  ROSTER_PARTITION,
  STATUS_SK,
  sessionMonthSk,
  staffPk,
  TTL_ATTRIBUTE,
} from "./table-design";

export type Item = Record<string, unknown>;

export function staffItem(
  { person, facts, importHashes }: StoredStaff,
  keepAfterLeavingDays = DEFAULT_KEEP_AFTER_LEAVING_DAYS,
): Item {
  return {
    [TTL_ATTRIBUTE]: leaverExpiry(person.endDate, keepAfterLeavingDays),
    pk: staffPk(person.staffId),
    sk: STATUS_SK,
    [ROSTER_INDEX.partitionKey]: ROSTER_PARTITION,
    [ROSTER_INDEX.sortKey]: `${person.endDate ?? OPEN_END_DATE}#${person.staffId}`,
    kind: "staff",
    person,
    facts,
    ...(importHashes === undefined ? {} : { importHashes }),
  };
}

/**
 * A status item as stored. One without a usable profile (written by hand, or by an older
 * version) still comes back under its key's id, so the daily run can report it as not
 * evaluated and a re-import can repair it, instead of one item breaking every read.
 */
export function staffFromItem(item: Item): StoredStaff {
  const facts = item.facts as StaffStatus["facts"];
  // The import's hashes come back only when they are what it wrote (a map of strings).
  const hashes = item.importHashes;
  const importHashes =
    hashes &&
    typeof hashes === "object" &&
    Object.values(hashes).every((h) => typeof h === "string")
      ? { importHashes: hashes as Record<string, string> }
      : {};
  const person = item.person as StaffMember | undefined;
  if (person && typeof person === "object" && typeof person.staffId === "string") {
    return { person, facts, ...importHashes };
  }
  const staffId = String(item.pk).slice(staffPk("").length);
  return { person: { staffId } as StaffMember, facts, ...importHashes };
}

/**
 * The items one record is stored as. An absence is written once per month it touches, so a
 * month's query finds long absences too; formal sessions carry the month index, other
 * sessions do not (the KPI never needs them).
 */
export function recordItems(stored: StoredRecord, expiresAt?: number): Item[] {
  const base = {
    pk: staffPk(stored.record.staffId),
    kind: stored.kind,
    record: stored.record,
    [TTL_ATTRIBUTE]: expiresAt,
  };
  const identity = recordIdentity(stored);
  if (stored.kind === "absence") {
    const { startDate, endDate, staffId } = stored.record;
    return monthsSpanned(startDate, endDate).map((month) => ({
      ...base,
      sk: absenceSliceSk(identity, month),
      [MONTH_INDEX.partitionKey]: monthPk(month),
      [MONTH_INDEX.sortKey]: absenceMonthSk(staffId, startDate, endDate),
    }));
  }
  if (stored.kind === "supervision" && stored.record.type === "formal") {
    const { date, staffId } = stored.record;
    return [
      {
        ...base,
        sk: identity,
        [MONTH_INDEX.partitionKey]: monthPk(date.slice(0, 7)),
        [MONTH_INDEX.sortKey]: sessionMonthSk(staffId, identity),
      },
    ];
  }
  return [{ ...base, sk: identity }];
}

/** The key of the item an import looks up to find a stored record (an absence's first slice). */
export function recordLookupKey(stored: StoredRecord): { pk: string; sk: string } {
  const [first] = recordItems(stored);
  return { pk: first?.pk as string, sk: first?.sk as string };
}

export function recordFromItem(item: Item): StoredRecord {
  return { kind: item.kind, record: item.record } as StoredRecord;
}

/** DynamoDB deletes expired items up to two days late: every read leaves them out itself. */
export function isLive(item: Item, nowMs: number): boolean {
  const expires = item[TTL_ATTRIBUTE];
  return typeof expires !== "number" || expires * 1000 > nowMs;
}
