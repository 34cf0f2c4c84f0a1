import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { expiresAfter } from "./table-design";

export interface DynamoDbLedgerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** How long what the ledger records is kept (at least 2 years). */
  retentionDays: number;
}

/** What the ledgers on the table share: the client, the table, and their retention. */
export abstract class LedgerTable {
  constructor(protected readonly options: DynamoDbLedgerOptions) {}

  protected get client() {
    return this.options.client;
  }
  protected get tableName() {
    return this.options.tableName;
  }

  /** Epoch seconds after which DynamoDB may delete the item; reads ignore it from then on. */
  protected expiresAt(nowMs: number): number {
    return expiresAfter(nowMs, this.options.retentionDays);
  }
}
