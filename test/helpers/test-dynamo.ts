import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { DynamoDbImportLedger } from "../../shared/adapters/dynamodb/dynamodb-import-ledger";
import { DynamoDbSupervisionStore } from "../../shared/adapters/dynamodb/dynamodb-supervision-store";
import { startEmbeddedDynamoDb } from "../../shared/adapters/dynamodb/embedded-dynamodb";
import { ensureTable } from "../../shared/adapters/dynamodb/ensure-table";
import { parseAppConfig, tableNameFor } from "../../shared/config/app-config";

export const testConfig = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test");

/** "Now" for tests over the 2024 fixtures. */
export const FIXTURE_NOW = Date.parse("2024-06-01T00:00:00Z");

/**
 * A real DynamoDB implementation (dynalite, in memory) behind real SDK clients; each call
 * gets its own table so tests in one file stay independent.
 */
export async function startTestDynamo() {
  const embedded = await startEmbeddedDynamoDb();
  const client = createDynamoClient({ region: testConfig.region, endpoint: embedded.endpoint });
  const documents = createDocumentClient(client);
  let tables = 0;
  /** The store and import ledger of a table, through the given client (default: the shared one). */
  const openTable = (tableName: string, through: DynamoDBDocumentClient = documents) => ({
    tableName,
    // The fixtures are 2024 data: judge retention as of mid-2024, not today.
    store: new DynamoDbSupervisionStore({ client: through, tableName, nowMs: () => FIXTURE_NOW }),
    imports: new DynamoDbImportLedger({
      client: through,
      tableName,
      retentionDays: testConfig.reminders.ledgerRetentionDays,
    }),
  });
  return {
    client,
    documents,
    endpoint: embedded.endpoint,
    openTable,
    /** A client of its own, e.g. to inject faults without touching the shared one. */
    newClient: () => createDynamoClient({ region: testConfig.region, endpoint: embedded.endpoint }),
    async newStore() {
      const tableName = `${tableNameFor(testConfig)}-${++tables}`;
      await ensureTable(client, tableName);
      return openTable(tableName);
    },
    async close() {
      client.destroy();
      await embedded.close();
    },
  };
}
