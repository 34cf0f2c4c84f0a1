import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { IsoDate, IsoMonth } from "../../domain/dates";
import type { Absence, SupervisionRecord } from "../../domain/records";
import { recordKey, type StoredRecord } from "../../domain/stored-record";
import type {
  MonthRecords,
  ReadStats,
  StaffStatus,
  SupervisionStore,
} from "../../ports/supervision-store";
import { backoffMs, chunk, forEachConcurrently, sleep } from "./in-batches";
import {
  type Item,
  recordFromItem,
  recordItems,
  recordLookupKey,
  staffFromItem,
  staffItem,
} from "./item-mapping";
import { MONTH_INDEX, monthPk, ROSTER_INDEX, ROSTER_PARTITION } from "./table-design";

const WRITE_BATCH = 25;
const READ_BATCH = 100;
const MAX_BATCH_ATTEMPTS = 10;

export class IncompleteBatchError extends Error {
  override readonly name = "IncompleteBatchError";
}

export interface DynamoDbStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Batches in flight at once. */
  concurrency?: number;
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
  }

  readStats(): ReadStats {
    return { ...this.stats };
  }

  async listStaff(employedOnOrAfter?: IsoDate): Promise<StaffStatus[]> {
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
    return items.map(staffFromItem);
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
    for (const stored of items.map(recordFromItem)) {
      if (stored.kind === "supervision") supervisions.push(stored.record);
      else if (stored.kind === "absence") absences.push(stored.record);
    }
    return { supervisions, absences };
  }

  async findRecords(records: readonly StoredRecord[]): Promise<Map<string, StoredRecord>> {
    const found = new Map<string, StoredRecord>();
    const keys = new Map<string, { pk: string; sk: string }>();
    for (const stored of records) {
      const key = recordLookupKey(stored);
      keys.set(`${key.pk}|${key.sk}`, key);
    }
    await forEachConcurrently(
      chunk([...keys.values()], READ_BATCH),
      this.concurrency,
      async (batch) => {
        for (const item of await this.batchGet(batch)) {
          const stored = recordFromItem(item);
          found.set(recordKey(stored), stored);
        }
      },
    );
    return found;
  }

  async putRecords(records: readonly StoredRecord[]): Promise<void> {
    await this.batchWrite(records.flatMap(recordItems));
  }

  async putStaff(statuses: readonly StaffStatus[]): Promise<void> {
    await this.batchWrite(statuses.map(staffItem));
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

  private async batchGet(keys: { pk: string; sk: string }[]): Promise<Item[]> {
    const items: Item[] = [];
    let pending: Record<string, unknown>[] = keys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) {
        throw new IncompleteBatchError(`${pending.length} keys unread after ${attempt} attempts`);
      }
      if (attempt > 0) await sleep(backoffMs(attempt));
      const out = await this.client.send(
        new BatchGetCommand({
          RequestItems: { [this.tableName]: { Keys: pending } },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      const got = (out.Responses?.[this.tableName] ?? []) as Item[];
      this.countRead(got.length, out.ConsumedCapacity?.[0]);
      items.push(...got);
      pending = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return items;
  }

  private async batchWrite(items: readonly Item[]): Promise<void> {
    // DynamoDB rejects a batch naming one key twice; the last write of a key wins, as it would
    // with single puts.
    const unique = [...new Map(items.map((item) => [`${item.pk}|${item.sk}`, item])).values()];
    await forEachConcurrently(chunk(unique, WRITE_BATCH), this.concurrency, async (batch) => {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_BATCH_ATTEMPTS) {
          throw new IncompleteBatchError(
            `${pending.length} items unwritten after ${attempt} attempts`,
          );
        }
        if (attempt > 0) await sleep(backoffMs(attempt));
        const out = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
      }
    });
  }

  private countRead(items: number, capacity: ConsumedCapacity | undefined): void {
    this.stats.itemsRead += items;
    this.stats.requests += 1;
    this.stats.capacityUnits += capacity?.CapacityUnits ?? 0;
  }
}
