import type { IsoDate, IsoMonth } from "../domain/dates";
import type { Absence, StaffStatus, SupervisionRecord } from "../domain/records";
import type { StoredRecord } from "../domain/stored-record";

export interface MonthRecords {
  supervisions: SupervisionRecord[];
  /** Absences touching the month, each once. */
  absences: Absence[];
}

/** What a store has read so far: the benchmark compares it with the minimum possible. */
export interface ReadStats {
  itemsRead: number;
  requests: number;
  /** Read capacity units, where the store reports them. */
  capacityUnits: number;
}

/**
 * A status item as the store keeps it: the person's status, and what imports note on it for
 * themselves. Everything but the import reads it as a plain `StaffStatus`.
 */
export interface StoredStaff extends StaffStatus {
  /**
   * Import bookkeeping, opaque to everyone else: per contract file (`supervisions`,
   * `absences`, …), a short digest of this person's rows in that file, all already stored
   * when it was written (see `shared/import/plan-import.ts`). Absent on items written before
   * imports kept it.
   */
  importHashes?: Readonly<Record<string, string>>;
}

/** The port the use cases depend on; `DynamoDbSupervisionStore` is its adapter. */
export interface SupervisionStore {
  /**
   * Staff whose end date is on or after `employedOnOrAfter` (or who have none); everyone
   * when it is left out. Read from the roster index, not by scanning history.
   */
  listStaff(employedOnOrAfter?: IsoDate): Promise<StoredStaff[]>;
  /** The records dated in a month (supervisions) or touching it (absences). */
  loadMonthRecords(month: IsoMonth): Promise<MonthRecords>;
  /** The stored versions of these records, by `recordKey`; absent keys are new. */
  findRecords(records: readonly StoredRecord[]): Promise<Map<string, StoredRecord>>;
  /**
   * Writes records (idempotent puts); history items, indexed by month where the KPI needs it.
   * `endDateOf` gives a leaver's end date, from which their records expire (retention).
   */
  putRecords(
    records: readonly StoredRecord[],
    endDateOf?: (staffId: string) => string | undefined,
  ): Promise<void>;
  /**
   * Every record stored for these people (all their history items), by staff id: to rebuild
   * the status of people an interrupted import left half-written.
   */
  loadHistory(staffIds: readonly string[]): Promise<Map<string, StoredRecord[]>>;
  /** Writes status items (profile + facts, and the import's hashes when given). */
  putStaff(statuses: readonly StoredStaff[]): Promise<void>;
  readStats(): ReadStats;
}
