import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, PutCommand, paginateQuery } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../shared/adapters/dynamodb/clients";
import {
  DIGEST_CHUNK_BYTES,
  DynamoDbDigestStore,
} from "../../shared/adapters/dynamodb/dynamodb-digest-store";
import { digestKey, digestPk } from "../../shared/adapters/dynamodb/table-design";
import type { Digest } from "../../shared/domain/digest/digest-model";
import { crashAfterWrites, InjectedCrash } from "../helpers/crash-after-writes";
import { largeDigest } from "../helpers/large-digest";
import { startTestDynamo } from "../helpers/test-dynamo";

/** DynamoDB's item size limit: attribute names and values, 400 KB. */
const ITEM_LIMIT = 400 * 1024;

type Item = Record<string, unknown>;

/**
 * An item's size as DynamoDB counts it: each attribute's name and value in bytes (UTF-8
 * strings, raw binary, numbers counted at their 21-byte maximum, 3 bytes per list or map
 * plus 1 per element).
 */
function itemBytes(item: Item): number {
  const value = (v: unknown): number => {
    if (v instanceof Uint8Array) return v.byteLength;
    if (typeof v === "string") return Buffer.byteLength(v);
    if (typeof v === "number") return 21;
    if (typeof v === "boolean" || v === null) return 1;
    if (Array.isArray(v)) return 3 + v.reduce((n: number, e) => n + 1 + value(e), 0);
    if (typeof v === "object") return 3 + itemBytes(v as Item) + Object.keys(v).length;
    throw new Error(`unexpected attribute value ${String(v)}`);
  };
  return Object.entries(item).reduce((n, [name, v]) => n + Buffer.byteLength(name) + value(v), 0);
}

describe("the digest snapshot without a size ceiling (dynalite)", () => {
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  let tableName: string;
  let digests: DynamoDbDigestStore;
  /** Clients of their own (to crash or pause), closed at the end. */
  const clients: DynamoDBClient[] = [];
  const newClient = () => {
    const client = dynamo.newClient();
    clients.push(client);
    return client;
  };

  /** Every item under the month's partition, as stored. */
  async function partition(month: string): Promise<Item[]> {
    const items: Item[] = [];
    const pages = paginateQuery(
      { client: dynamo.documents },
      {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": digestPk(month) },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) items.push(...((page.Items ?? []) as Item[]));
    return items;
  }

  /** The partition holds the manifest and exactly the chunks it names: nothing stale. */
  async function expectOnlyTheManifestsChunks(month: string) {
    const items = await partition(month);
    const manifest = items.find((i) => i.sk === "SUMMARY");
    const chunks = items.filter((i) => i.sk !== "SUMMARY");
    expect(manifest?.chunks).toBeGreaterThan(0);
    expect(chunks.map((c) => c.version)).toEqual(Array(manifest?.chunks).fill(manifest?.version));
  }

  /** A store whose client stops before its first `command` until released. */
  const pausing = (command: string, chunkBytes = 4_000) => {
    const client = newClient();
    let reached = () => {};
    let release = () => {};
    const atPause = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let paused = false;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === command && !paused) {
          paused = true;
          reached();
          await gate;
        }
        return next(args);
      },
      { step: "initialize", name: "pause" },
    );
    const store = new DynamoDbDigestStore({
      client: createDocumentClient(client),
      tableName,
      chunkBytes,
    });
    return { store, atPause, release };
  };

  beforeAll(async () => {
    dynamo = await startTestDynamo();
    ({ tableName } = await dynamo.newStore());
    digests = new DynamoDbDigestStore({ client: dynamo.documents, tableName });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await dynamo?.close();
  });

  it("stores a 50,000-staff digest in items all under 400 KB and loads it back exactly", async () => {
    const digest = largeDigest({ month: "2024-06", staff: 50_000, seed: 1 });
    // Far past what one item could hold: the single-item snapshot failed from ~4,300 staff.
    expect(JSON.stringify(digest).length).toBeGreaterThan(8_000_000);
    await digests.save(digest, "2024-07-01T06:00:05.000Z");

    expect(await digests.load("2024-06")).toStrictEqual(digest);
    const items = await partition("2024-06");
    const sizes = items.map(itemBytes);
    const manifest = items.find((i) => i.sk === "SUMMARY");
    expect(manifest).toMatchObject({ kind: "digest", computedAt: "2024-07-01T06:00:05.000Z" });
    expect(manifest?.digest).toBeUndefined();
    // Split across several chunks, each at most 300 KB of data and well under the limit.
    expect(items.length).toBe((manifest?.chunks as number) + 1);
    expect(manifest?.chunks).toBeGreaterThanOrEqual(2);
    expect(Math.max(...sizes)).toBeLessThan(ITEM_LIMIT);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(DIGEST_CHUNK_BYTES + 200);
    expect(itemBytes(manifest as Item)).toBeLessThan(1024);
  });

  it("a save that dies after any number of writes leaves the earlier snapshot (or none), whole, never a mix; the rerun replaces it and leaves nothing stale", async () => {
    // Small chunks, so each save is several writes: chunks, then the manifest, then deletes.
    const chunkBytes = 3_000;
    const healthy = new DynamoDbDigestStore({ client: dynamo.documents, tableName, chunkBytes });
    const chunksOf = async (month: string) => (await partition(month)).length - 1;
    const dying = (budget: number) => {
      const client = newClient();
      crashAfterWrites(client, budget);
      return new DynamoDbDigestStore({
        client: createDocumentClient(client),
        tableName,
        chunkBytes,
      });
    };
    let died = 0;
    for (let k = 0; ; k++) {
      expect(k).toBeLessThan(40);
      const month = `${2031 + k}-05`;
      const fresh = `${2031 + k}-06`;
      const earlier = largeDigest({ month, staff: 600, seed: 10 + k });
      const later = largeDigest({ month, staff: 600, seed: 100 + k });
      const first = largeDigest({ month: fresh, staff: 600, seed: 200 + k });
      await healthy.save(earlier, "2024-07-01T06:00:00.000Z");
      const earlierChunks = await chunksOf(month);

      const outcome = await dying(k)
        .save(later, "2024-07-01T09:00:00.000Z")
        .then(() => "saved")
        .catch((error: unknown) => (error instanceof InjectedCrash ? "died" : error));
      const afterCrash = await healthy.load(month);
      const firstOutcome = await dying(k)
        .save(first, "2024-07-01T09:00:00.000Z")
        .then(() => "saved")
        .catch((error: unknown) => (error instanceof InjectedCrash ? "died" : error));
      const afterFirst = await healthy.load(fresh);

      // Run again: the later snapshot, and no chunk of any other save left behind.
      await healthy.save(later, "2024-07-01T10:00:00.000Z");
      expect(await healthy.load(month)).toStrictEqual(later);
      await expectOnlyTheManifestsChunks(month);
      const laterChunks = await chunksOf(month);
      expect(laterChunks).toBeGreaterThanOrEqual(3);
      await healthy.save(first, "2024-07-01T10:00:00.000Z");
      await expectOnlyTheManifestsChunks(fresh);
      const firstChunks = await chunksOf(fresh);

      // Until its manifest is written (after all its chunks), the earlier snapshot stands,
      // or none for a month's first save; from then on, the later one, whole.
      if (k <= laterChunks) expect(afterCrash).toStrictEqual(earlier);
      else expect(afterCrash).toStrictEqual(later);
      if (k <= firstChunks) expect(afterFirst).toBeUndefined();
      else expect(afterFirst).toStrictEqual(first);
      expect(firstOutcome).toBe(k > firstChunks ? "saved" : "died");
      if (outcome === "saved") {
        // Its chunks, its manifest, then one delete per chunk of the snapshot it replaced.
        expect(k).toBe(laterChunks + 1 + earlierChunks);
        break;
      }
      expect(outcome).toBe("died");
      died++;
    }
    // It died before, between and after the chunks, at the manifest, and while deleting.
    expect(died).toBeGreaterThanOrEqual(7);
  });

  it("an older single-item snapshot (the digest on SUMMARY) still loads; saving again replaces it", async () => {
    const old = largeDigest({ month: "2023-11", staff: 300, seed: 5 });
    await dynamo.documents.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...digestKey("2023-11"),
          kind: "digest",
          computedAt: "2023-12-01T07:00:03.000Z",
          digest: old,
        },
      }),
    );
    expect(await digests.load("2023-11")).toStrictEqual(old);

    const rerun = largeDigest({ month: "2023-11", staff: 300, seed: 6 });
    await digests.save(rerun, "2024-07-02T08:00:00.000Z");
    expect(await digests.load("2023-11")).toStrictEqual(rerun);
    const [manifest] = (await partition("2023-11")).filter((i) => i.sk === "SUMMARY");
    expect(manifest?.digest).toBeUndefined();
    await expectOnlyTheManifestsChunks("2023-11");
  });

  it("of saves of one month at once, one snapshot stands whole and only its chunks remain", async () => {
    const chunkBytes = 4_000;
    const racing = [1, 2, 3].map((seed) => largeDigest({ month: "2022-03", staff: 800, seed }));
    await Promise.all(
      racing.map((digest) =>
        new DynamoDbDigestStore({ client: dynamo.documents, tableName, chunkBytes }).save(
          digest,
          "2024-07-01T06:00:00.000Z",
        ),
      ),
    );
    const loaded = await digests.load("2022-03");
    expect(racing.filter((d) => JSON.stringify(d) === JSON.stringify(loaded))).toHaveLength(1);
    await expectOnlyTheManifestsChunks("2022-03");
  });

  it("a save overtaken by another tries again on top of it; one finishing never deletes the chunks of one started on top of it", async () => {
    const chunkBytes = 4_000;
    const healthy = new DynamoDbDigestStore({ client: dynamo.documents, tableName, chunkBytes });
    const [a, b] = [1, 2].map((seed) => largeDigest({ month: "2022-04", staff: 500, seed }));

    // B writes its chunks and stops before its manifest; A saves meanwhile; B then finds the
    // manifest moved on, and writes its snapshot again on top of A's.
    const overtaken = pausing("PutItemCommand");
    const saving = overtaken.store.save(b as Digest, "2024-07-01T06:00:00.000Z");
    await overtaken.atPause;
    await healthy.save(a as Digest, "2024-07-01T06:00:01.000Z");
    overtaken.release();
    await saving;
    expect(await healthy.load("2022-04")).toStrictEqual(b);
    await expectOnlyTheManifestsChunks("2022-04");

    // A writes its manifest and stops before deleting old chunks; B starts on top of it and
    // writes its chunks; A deletes what is stale (not B's); B writes its manifest.
    const finishing = pausing("QueryCommand");
    const first = finishing.store.save(a as Digest, "2024-07-01T07:00:00.000Z");
    await finishing.atPause;
    const onTop = pausing("PutItemCommand");
    const second = onTop.store.save(b as Digest, "2024-07-01T07:00:01.000Z");
    await onTop.atPause;
    finishing.release();
    await first;
    onTop.release();
    await second;
    expect(await healthy.load("2022-04")).toStrictEqual(b);
    await expectOnlyTheManifestsChunks("2022-04");
  });

  it("a load overtaken by a save (its chunks deleted under it) reads the new snapshot", async () => {
    const [a, b] = [3, 4].map((seed) => largeDigest({ month: "2022-05", staff: 500, seed }));
    const healthy = new DynamoDbDigestStore({
      client: dynamo.documents,
      tableName,
      chunkBytes: 4_000,
    });
    await healthy.save(a as Digest, "2024-07-01T06:00:00.000Z");
    // The load has read A's manifest and stops before reading its chunks; B replaces A.
    const slow = pausing("QueryCommand");
    const loading = slow.store.load("2022-05");
    await slow.atPause;
    await healthy.save(b as Digest, "2024-07-01T06:00:01.000Z");
    slow.release();
    expect(await loading).toStrictEqual(b);
  });

  it("a manifest whose chunks are not all there, or altered, loads as no digest, never a wrong one", async () => {
    const store = new DynamoDbDigestStore({
      client: dynamo.documents,
      tableName,
      chunkBytes: 4_000,
    });
    for (const [month, damage] of [
      ["2021-01", "delete"],
      ["2021-02", "alter"],
    ] as const) {
      await store.save(largeDigest({ month, staff: 400, seed: 9 }), "2024-07-01T06:00:00.000Z");
      const chunk = (await partition(month)).find((i) => i.sk !== "SUMMARY") as Item;
      if (damage === "delete") {
        await dynamo.documents.send(
          new DeleteCommand({ TableName: tableName, Key: { pk: chunk.pk, sk: chunk.sk } }),
        );
      } else {
        const data = Buffer.from(chunk.data as Uint8Array);
        data[data.length - 1] = (data.at(-1) as number) ^ 1;
        await dynamo.documents.send(
          new PutCommand({ TableName: tableName, Item: { ...chunk, data } }),
        );
      }
      expect(await store.load(month)).toBeUndefined();
    }
  });
});
