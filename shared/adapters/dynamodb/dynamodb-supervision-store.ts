import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { DEFAULT_KEEP_AFTER_LEAVING_DAYS } from "../../config/operations";
import type { IsoDate, IsoMonth } from "../../domain/dates";
import type { Absence, SupervisionRecord } from "../../domain/records";
import { leaverExpiry } from "../../domain/retention";
import { recordKey, type StoredRecord } from "../../domain/stored-record";
import type {
  MonthRecords,
  ReadStats,
  StoredStaff,
  SupervisionStore,
} from "../../ports/supervision-store";
import { batchGetAll, batchPutAll } from "./batch-operations";
import { forEachConcurrently } from "./in-batches";
import {
  type Item,
  isLive,
  recordFromItem,
  recordItems,
  recordLookupKey,
  staffFromItem,
  staffItem,
} from "./item-mapping";
import { MONTH_INDEX, monthPk, ROSTER_INDEX, ROSTER_PARTITION, staffPk } from "./table-design";

export interface DynamoDbStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Batches in flight at once. */
  concurrency?: number;
  /** A leaver's items expire this many days after their end date (config: operations). */
  keepAfterLeavingDays?: number;
  /** The clock expiry is judged by. */
  nowMs?: () => number;
}

/** `SupervisionStore` on DynamoDB (or any implementation of its API, such as dynalite). */
export class DynamoDbSupervisionStore implements SupervisionStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly concurrency: number;
  private readonly stats: ReadStats = { itemsRead: 0, requests: 0, capacityUnits: 0 };

  constructor(options: DynamoDbStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.concurrency = options.concurrency ?? 4;
    this.keepAfterLeavingDays = options.keepAfterLeavingDays ?? DEFAULT_KEEP_AFTER_LEAVING_DAYS;
    this.nowMs = options.nowMs ?? Date.now;
  }

  private readonly keepAfterLeavingDays: number;
  private readonly nowMs: () => number;

  private live(item: Item): boolean {
    return isLive(item, this.nowMs());
  }

  readStats(): ReadStats {
    return { ...this.stats };
  }

  async listStaff(employedOnOrAfter?: IsoDate): Promise<StoredStaff[]> {
    const condition = employedOnOrAfter === undefined ? "#pk = :pk" : "#pk = :pk AND #sk >= :from";
    const items = await this.query({
      IndexName: ROSTER_INDEX.name,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: {
        "#pk": ROSTER_INDEX.partitionKey,
        ...(employedOnOrAfter === undefined ? {} : { "#sk": ROSTER_INDEX.sortKey }),
      },
      ExpressionAttributeValues: {
        ":pk": ROSTER_PARTITION,
        ...(employedOnOrAfter === undefined ? {} : { ":from": employedOnOrAfter }),
      },
    });
    return items.filter((i) => this.live(i)).map(staffFromItem);
  }

  async loadMonthRecords(month: IsoMonth): Promise<MonthRecords> {
    const items = await this.query({
      IndexName: MONTH_INDEX.name,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": MONTH_INDEX.partitionKey },
      ExpressionAttributeValues: { ":pk": monthPk(month) },
    });
    const supervisions: SupervisionRecord[] = [];
    const absences: Absence[] = [];
    for (const stored of items.filter((i) => this.live(i)).map(recordFromItem)) {
      if (stored.kind === "supervision") supervisions.push(stored.record);
      else if (stored.kind === "absence") absences.push(stored.record);
    }
    return { supervisions, absences };
  }

  async findRecords(records: readonly StoredRecord[]): Promise<Map<string, StoredRecord>> {
    const items = await batchGetAll(this.client, this.tableName, records.map(recordLookupKey), {
      concurrency: this.concurrency,
      onRead: (n, capacity) => this.countRead(n, capacity),
    });
    const found = new Map<string, StoredRecord>();
    for (const item of items.filter((i) => this.live(i))) {
      const stored = recordFromItem(item);
      found.set(recordKey(stored), stored);
    }
    return found;
  }

  async loadHistory(staffIds: readonly string[]): Promise<Map<string, StoredRecord[]>> {
    const history = new Map<string, StoredRecord[]>();
    await forEachConcurrently([...new Set(staffIds)], this.concurrency, async (staffId) => {
      const items = await this.query({
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": staffPk(staffId) },
      });
      // An absence is stored once per month it touches: one record, however many slices.
      const records = new Map<string, StoredRecord>();
      for (const item of items) {
        if (item.kind === "staff" || !this.live(item)) continue;
        const stored = recordFromItem(item);
        records.set(recordKey(stored), stored);
      }
      history.set(staffId, [...records.values()]);
    });
    return history;
  }

  async putRecords(
    records: readonly StoredRecord[],
    endDateOf: (staffId: string) => string | undefined = () => undefined,
  ): Promise<void> {
    const items = records.flatMap((r) =>
      recordItems(r, leaverExpiry(endDateOf(r.record.staffId), this.keepAfterLeavingDays)),
    );
    await batchPutAll(this.client, this.tableName, items, {
      concurrency: this.concurrency,
    });
  }

  async putStaff(statuses: readonly StoredStaff[]): Promise<void> {
    const items = statuses.map((s) => staffItem(s, this.keepAfterLeavingDays));
    await batchPutAll(this.client, this.tableName, items, {
      concurrency: this.concurrency,
    });
  }

  private async query(input: Omit<QueryCommandInput, "TableName">): Promise<Item[]> {
    const items: Item[] = [];
    const pages = paginateQuery(
      { client: this.client },
      { ...input, TableName: this.tableName, ReturnConsumedCapacity: "TOTAL" },
    );
    for await (const page of pages) {
      this.countRead(page.Count ?? 0, page.ConsumedCapacity);
      items.push(...((page.Items ?? []) as Item[]));
    }
    return items;
  }

  private countRead(items: number, capacity: ConsumedCapacity | undefined): void {
    this.stats.itemsRead += items;
    this.stats.requests += 1;
    this.stats.capacityUnits += capacity?.CapacityUnits ?? 0;
  }
}
