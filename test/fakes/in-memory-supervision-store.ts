import {
  firstDayOfMonth,
  type IsoDate,
  type IsoMonth,
  lastDayOfMonth,
  monthOf,
} from "../../shared/domain/dates";
import type { StaffStatus } from "../../shared/domain/records";
import { recordKey, type StoredRecord } from "../../shared/domain/stored-record";
import type {
  MonthRecords,
  ReadStats,
  SupervisionStore,
} from "../../shared/ports/supervision-store";

/**
 * `SupervisionStore` in memory: statuses by staff id, records by `recordKey`, copies in and
 * out as if stored. Nothing expires (no retention); `readStats` counts items and calls.
 */
export class InMemorySupervisionStore implements SupervisionStore {
  private readonly staff = new Map<string, StaffStatus>();
  private readonly records = new Map<string, StoredRecord>();
  private readonly stats: ReadStats = { itemsRead: 0, requests: 0, capacityUnits: 0 };

  /** A store already holding these people and records. */
  static with(statuses: readonly StaffStatus[], records: readonly StoredRecord[] = []) {
    const store = new InMemorySupervisionStore();
    for (const s of statuses) store.staff.set(s.person.staffId, structuredClone(s));
    for (const r of records) store.records.set(recordKey(r), structuredClone(r));
    return store;
  }

  private read<T>(items: T[]): T[] {
    this.stats.requests++;
    this.stats.itemsRead += items.length;
    return structuredClone(items);
  }

  readStats(): ReadStats {
    return { ...this.stats };
  }

  /** In the roster index's order, as DynamoDB returns it: by end date (none last), then id. */
  async listStaff(employedOnOrAfter?: IsoDate): Promise<StaffStatus[]> {
    const endOf = (s: StaffStatus) => s.person.endDate ?? "9999-12-31";
    return this.read(
      [...this.staff.values()]
        .filter((s) => employedOnOrAfter === undefined || endOf(s) >= employedOnOrAfter)
        .sort(
          (a, b) =>
            endOf(a).localeCompare(endOf(b)) || a.person.staffId.localeCompare(b.person.staffId),
        ),
    );
  }

  async loadMonthRecords(month: IsoMonth): Promise<MonthRecords> {
    const first = firstDayOfMonth(month);
    const last = lastDayOfMonth(month);
    const all = [...this.records.values()];
    const supervisions = all.flatMap((r) =>
      r.kind === "supervision" && monthOf(r.record.date) === month ? [r.record] : [],
    );
    const absences = all.flatMap((r) =>
      r.kind === "absence" && r.record.startDate <= last && r.record.endDate >= first
        ? [r.record]
        : [],
    );
    this.stats.requests++;
    this.stats.itemsRead += supervisions.length + absences.length;
    return structuredClone({ supervisions, absences });
  }

  async findRecords(records: readonly StoredRecord[]): Promise<Map<string, StoredRecord>> {
    const found = records.flatMap((r) => {
      const stored = this.records.get(recordKey(r));
      return stored ? [stored] : [];
    });
    return new Map(this.read(found).map((r) => [recordKey(r), r]));
  }

  async putRecords(records: readonly StoredRecord[]): Promise<void> {
    for (const r of records) this.records.set(recordKey(r), structuredClone(r));
  }

  async loadHistory(staffIds: readonly string[]): Promise<Map<string, StoredRecord[]>> {
    const history = new Map<string, StoredRecord[]>();
    for (const staffId of new Set(staffIds)) {
      const own = [...this.records.values()].filter((r) => r.record.staffId === staffId);
      history.set(staffId, this.read(own));
    }
    return history;
  }

  async putStaff(statuses: readonly StaffStatus[]): Promise<void> {
    for (const s of statuses) this.staff.set(s.person.staffId, structuredClone(s));
  }
}
