import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import { backoffMs, sleep } from "../backoff";
import { chunk, forEachConcurrently } from "./in-batches";
import type { Item } from "./item-mapping";

const WRITE_BATCH = 25;
const READ_BATCH = 100;
const MAX_BATCH_ATTEMPTS = 10;

export class IncompleteBatchError extends Error {
  override readonly name = "IncompleteBatchError";
}

export type Key = { pk: string; sk: string };
export type ReadCounter = (items: number, capacity: ConsumedCapacity | undefined) => void;

/**
 * Reads items by key, 100 a request, retrying `UnprocessedKeys` with backoff. Keys are
 * de-duplicated (DynamoDB rejects a batch naming one twice); missing items are simply absent.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
  options: { concurrency: number; onRead?: ReadCounter },
): Promise<Item[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  const items: Item[] = [];
  await forEachConcurrently(chunk(unique, READ_BATCH), options.concurrency, async (batch) => {
    let pending: Record<string, unknown>[] = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) {
        throw new IncompleteBatchError(`${pending.length} keys unread after ${attempt} attempts`);
      }
      if (attempt > 0) await sleep(backoffMs(attempt));
      const out = await client.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      const got = (out.Responses?.[tableName] ?? []) as Item[];
      options.onRead?.(got.length, out.ConsumedCapacity?.[0]);
      items.push(...got);
      pending = out.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  });
  return items;
}

/**
 * Puts items, 25 a request, retrying `UnprocessedItems` with backoff. The last write of a key
 * wins, as with single puts (DynamoDB rejects a batch naming one key twice).
 */
export async function batchPutAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
  options: { concurrency: number },
): Promise<void> {
  const unique = [...new Map(items.map((item) => [`${item.pk}|${item.sk}`, item])).values()];
  await forEachConcurrently(chunk(unique, WRITE_BATCH), options.concurrency, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) {
        throw new IncompleteBatchError(
          `${pending.length} items unwritten after ${attempt} attempts`,
        );
      }
      if (attempt > 0) await sleep(backoffMs(attempt));
      const out = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  });
}
