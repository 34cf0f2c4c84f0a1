import { createHash, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from "@aws-sdk/lib-dynamodb";
import type { IsoMonth } from "../../domain/dates";
import type { Digest } from "../../domain/digest/digest-model";
import type { DigestStore } from "../../ports/digest-store";
import { backoffMs, sleep } from "../backoff";
import { batchPutAll, IncompleteBatchError, type Key } from "./batch-operations";
import { chunk } from "./in-batches";
import {
  DIGEST_CHUNK_PREFIX,
  digestChunkKey,
  digestChunkPrefix,
  digestKey,
  digestPk,
} from "./table-design";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * At most this many bytes of the compressed digest in one chunk item, so every item stays well
 * under DynamoDB's 400 KB limit (409,600 bytes, names and values) whatever the digest's size.
 */
export const DIGEST_CHUNK_BYTES = 300_000;
/** The chunk index has four digits in the sort key: 10,000 chunks of 300 KB is 3 GB compressed. */
const MAX_CHUNKS = 10_000;
/** Saves of one month racing each other: each retries on the newer manifest this many times. */
const SAVE_ATTEMPTS = 5;
/** A load that lost its chunks to a save finishing meanwhile reads the new manifest once more. */
const LOAD_ATTEMPTS = 3;
const WRITE_BATCH = 25;
const MAX_BATCH_ATTEMPTS = 10;
/** `basedOn` of a save that found no versioned manifest (none, or a single-item snapshot). */
const NO_VERSION = "none";

/** `SUMMARY`: names the version whose chunks are the snapshot; or, written before, the digest itself. */
interface Manifest {
  version?: unknown;
  chunks?: unknown;
  bytes?: unknown;
  sha256?: unknown;
  digest?: Digest;
}

/**
 * One partition per month, `DIGEST#<yyyy-mm>`: the digest as gzip-compressed JSON split into
 * chunks of at most 300 KB (`CHUNK#<version>#0000`, …), then the manifest `SUMMARY` (the
 * version, chunk count, byte count, SHA-256 of the compressed whole, computedAt), written last
 * and only if the manifest is still the one this save started from. So a save that dies
 * part-way leaves the earlier snapshot loadable and whole, never a mix; of two saves at once
 * one wins and the other tries again on top of it. After its manifest, a save deletes every
 * other chunk in the partition except those of saves started on top of it (still under way).
 * A `SUMMARY` written before chunking (the digest in its `digest` attribute) still loads.
 */
export class DynamoDbDigestStore implements DigestStore {
  private readonly chunkBytes: number;

  constructor(
    private readonly options: {
      client: DynamoDBDocumentClient;
      tableName: string;
      /** Smaller chunks (tests); at most `DIGEST_CHUNK_BYTES`. */
      chunkBytes?: number;
    },
  ) {
    const bytes = options.chunkBytes ?? DIGEST_CHUNK_BYTES;
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > DIGEST_CHUNK_BYTES) {
      throw new RangeError(`chunkBytes must be 1 to ${DIGEST_CHUNK_BYTES}, not ${bytes}`);
    }
    this.chunkBytes = bytes;
  }

  async load(month: IsoMonth): Promise<Digest | undefined> {
    let tried: unknown;
    for (let attempt = 0; attempt < LOAD_ATTEMPTS; attempt++) {
      const manifest = await this.readManifest(month);
      if (manifest === undefined) return undefined;
      if (manifest.digest !== undefined) return manifest.digest;
      // The same manifest again: its chunks are not there or not whole, and no save moved on.
      if (typeof manifest.version !== "string" || manifest.version === tried) return undefined;
      tried = manifest.version;
      const digest = await this.readChunks(month, manifest);
      if (digest !== undefined) return digest;
    }
    return undefined;
  }

  /** The manifest is written only after its chunks: its presence means a whole snapshot. */
  async isRecorded(month: IsoMonth): Promise<boolean> {
    return (await this.readManifest(month)) !== undefined;
  }

  async save(digest: Digest, computedAt: string): Promise<void> {
    const month = digest.month;
    const body = await gzipAsync(JSON.stringify(digest));
    const sha256 = createHash("sha256").update(body).digest("hex");
    const parts: Buffer[] = [];
    for (let at = 0; at < body.length; at += this.chunkBytes) {
      parts.push(body.subarray(at, at + this.chunkBytes));
    }
    if (parts.length > MAX_CHUNKS) {
      throw new RangeError(`digest ${month} needs ${parts.length} chunks; at most ${MAX_CHUNKS}`);
    }
    for (let attempt = 1; ; attempt++) {
      const base = await this.readManifest(month);
      const basedOn = typeof base?.version === "string" ? base.version : undefined;
      const version = randomBytes(8).toString("hex");
      await batchPutAll(
        this.options.client,
        this.options.tableName,
        parts.map((data, index) => ({
          ...digestChunkKey(month, version, index),
          kind: "digest-chunk",
          version,
          basedOn: basedOn ?? NO_VERSION,
          index,
          data,
        })),
        { concurrency: 1 },
      );
      try {
        await this.options.client.send(
          new PutCommand({
            TableName: this.options.tableName,
            Item: {
              ...digestKey(month),
              kind: "digest",
              computedAt,
              version,
              chunks: parts.length,
              bytes: body.length,
              sha256,
            },
            ConditionExpression:
              basedOn === undefined ? "attribute_not_exists(#version)" : "#version = :basedOn",
            ExpressionAttributeNames: { "#version": "version" },
            ...(basedOn === undefined
              ? {}
              : { ExpressionAttributeValues: { ":basedOn": basedOn } }),
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (attempt >= SAVE_ATTEMPTS) {
          throw new Error(`digest ${month}: ${attempt} other saves finished first; not saved`, {
            cause: error,
          });
        }
        continue;
      }
      await this.deleteChunksExcept(month, version);
      return;
    }
  }

  private async readManifest(month: IsoMonth): Promise<Manifest | undefined> {
    const out = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: digestKey(month),
        ConsistentRead: true,
      }),
    );
    return out.Item as Manifest | undefined;
  }

  /** The manifest's chunks, whole and matching its hash, as the digest; otherwise undefined. */
  private async readChunks(month: IsoMonth, manifest: Manifest): Promise<Digest | undefined> {
    const { chunks, bytes, sha256 } = manifest;
    if (typeof chunks !== "number" || typeof bytes !== "number" || typeof sha256 !== "string") {
      return undefined;
    }
    const parts = new Map<number, Uint8Array>();
    const pages = paginateQuery(
      { client: this.options.client },
      {
        TableName: this.options.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":pk": digestPk(month),
          ":prefix": digestChunkPrefix(manifest.version as string),
        },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        if (typeof item.index === "number" && item.data instanceof Uint8Array) {
          parts.set(item.index, item.data);
        }
      }
    }
    if (parts.size !== chunks) return undefined;
    const ordered: Uint8Array[] = [];
    for (let index = 0; index < chunks; index++) {
      const part = parts.get(index);
      if (part === undefined) return undefined;
      ordered.push(part);
    }
    const body = Buffer.concat(ordered);
    if (body.length !== bytes) return undefined;
    if (createHash("sha256").update(body).digest("hex") !== sha256) return undefined;
    return JSON.parse((await gunzipAsync(body)).toString("utf8")) as Digest;
  }

  /**
   * Deletes the chunks of every save but this one and those started on top of it: earlier
   * snapshots, and saves that died or lost before writing their manifest (they never will now).
   */
  private async deleteChunksExcept(month: IsoMonth, version: string): Promise<void> {
    const stale: Key[] = [];
    const pages = paginateQuery(
      { client: this.options.client },
      {
        TableName: this.options.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": digestPk(month), ":prefix": DIGEST_CHUNK_PREFIX },
        ProjectionExpression: "pk, sk, #version, basedOn",
        ExpressionAttributeNames: { "#version": "version" },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        if (item.version !== version && item.basedOn !== version) {
          stale.push({ pk: item.pk as string, sk: item.sk as string });
        }
      }
    }
    for (const batch of chunk(stale, WRITE_BATCH)) {
      let pending: Record<string, unknown>[] = batch.map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_BATCH_ATTEMPTS) {
          throw new IncompleteBatchError(`${pending.length} old digest chunks left undeleted`);
        }
        if (attempt > 0) await sleep(backoffMs(attempt));
        const out = await this.options.client.send(
          new BatchWriteCommand({ RequestItems: { [this.options.tableName]: pending } }),
        );
        pending = out.UnprocessedItems?.[this.options.tableName] ?? [];
      }
    }
  }
}
