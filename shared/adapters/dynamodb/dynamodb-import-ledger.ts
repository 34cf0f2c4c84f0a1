import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type {
  ImportHolder,
  ImportLedger,
  ImportLogEntry,
  LockAttempt,
  LockIdentity,
  LockOwner,
} from "../../ports/import-ledger";
import { processLockIdentity } from "../process-identity";
import {
  expiresAfter,
  IMPORT_LOCK_KEY,
  IMPORT_LOG_PREFIX,
  IMPORT_PK,
  importLogSk,
  TTL_ATTRIBUTE,
} from "./table-design";

export interface DynamoDbImportLedgerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** How long the audit trail is kept (at least 2 years). */
  retentionDays: number;
  /** @default this process on this machine */
  lockIdentity?: LockIdentity;
}

/**
 * `ImportLedger` in the supervision table: one lock item, taken and updated only with
 * conditions, which also holds the journal (`pending`: one update is atomic, and only the
 * lock's holder can write it, so an import that stalled past its lease cannot overwrite the
 * next one's), and a log item per import. Nothing is deleted: a released lock is overwritten.
 */
export class DynamoDbImportLedger implements ImportLedger {
  readonly lockIdentity: LockIdentity;

  constructor(private readonly options: DynamoDbImportLedgerOptions) {
    this.lockIdentity = options.lockIdentity ?? processLockIdentity();
  }

  private get client() {
    return this.options.client;
  }
  private get tableName() {
    return this.options.tableName;
  }

  async acquireLock(
    holder: ImportHolder & LockOwner,
    nowMs: number,
    leaseMs: number,
    replacing?: string,
  ): Promise<LockAttempt> {
    try {
      // An update, not a put: the journal (`pending`) a dead holder left must survive.
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: IMPORT_LOCK_KEY,
          UpdateExpression:
            "SET importId = :id, #source = :source, host = :host, pid = :pid, startedAtMs = :now, leaseEndsAtMs = :ends",
          ConditionExpression: `attribute_not_exists(pk) OR leaseEndsAtMs < :now${replacing ? " OR importId = :dead" : ""}`,
          ExpressionAttributeNames: { "#source": "source" },
          ExpressionAttributeValues: {
            ":id": holder.importId,
            ":source": holder.source,
            ":host": holder.host,
            ":pid": holder.pid,
            ":now": nowMs,
            ":ends": nowMs + leaseMs,
            ...(replacing ? { ":dead": replacing } : {}),
          },
        }),
      );
      return { acquired: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const held = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: IMPORT_LOCK_KEY, ConsistentRead: true }),
      );
      const item = held.Item ?? {};
      return {
        acquired: false,
        heldBy: {
          importId: String(item.importId),
          source: String(item.source),
          host: String(item.host),
          pid: Number(item.pid),
          startedAtMs: Number(item.startedAtMs),
          leaseEndsAtMs: Number(item.leaseEndsAtMs),
        },
      };
    }
  }

  async renewLock(importId: string, nowMs: number, leaseMs: number): Promise<boolean> {
    return this.ifHolder(importId, "SET leaseEndsAtMs = :ends", { ":ends": nowMs + leaseMs });
  }

  async releaseLock(importId: string): Promise<void> {
    await this.ifHolder(importId, "SET leaseEndsAtMs = :ends", { ":ends": 0 });
  }

  private async ifHolder(
    importId: string,
    update: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: IMPORT_LOCK_KEY,
          UpdateExpression: update,
          ConditionExpression: "importId = :me",
          ExpressionAttributeValues: { ...values, ":me": importId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async pendingStaff(): Promise<string[]> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: IMPORT_LOCK_KEY, ConsistentRead: true }),
    );
    return (out.Item?.pending as string[] | undefined) ?? [];
  }

  async beginStep(importId: string, staffIds: readonly string[]): Promise<boolean> {
    return this.ifHolder(importId, "SET pending = :ids", { ":ids": staffIds });
  }

  async endSteps(importId: string): Promise<boolean> {
    return this.ifHolder(importId, "SET pending = :none", { ":none": [] });
  }

  async recordImport(entry: ImportLogEntry, nowMs: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: IMPORT_PK,
          sk: importLogSk(entry.startedAt, entry.importId),
          kind: "import",
          entry,
          [TTL_ATTRIBUTE]: expiresAfter(nowMs, this.options.retentionDays),
        },
      }),
    );
  }

  async listImports(limit: number): Promise<ImportLogEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :log)",
        ExpressionAttributeValues: { ":pk": IMPORT_PK, ":log": IMPORT_LOG_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => item.entry as ImportLogEntry);
  }
}
