import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { DynamoDbSupervisionStore } from "../../shared/adapters/dynamodb/dynamodb-store";
import { startEmbeddedDynamoDb } from "../../shared/adapters/dynamodb/embedded-dynamodb";
import { ensureTable } from "../../shared/adapters/dynamodb/ensure-table";
import { parseAppConfig, tableNameFor } from "../../shared/config/app-config";

export const testConfig = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test");

/**
 * A real DynamoDB implementation (dynalite, in memory) behind real SDK clients; each call
 * gets its own table so tests in one file stay independent.
 */
export async function startTestDynamo() {
  const embedded = await startEmbeddedDynamoDb();
  const client = createDynamoClient({ region: testConfig.region, endpoint: embedded.endpoint });
  const documents = createDocumentClient(client);
  let tables = 0;
  return {
    client,
    documents,
    async newStore() {
      const tableName = `${tableNameFor(testConfig)}-${++tables}`;
      await ensureTable(client, tableName);
      return { tableName, store: new DynamoDbSupervisionStore({ client: documents, tableName }) };
    },
    async close() {
      client.destroy();
      await embedded.close();
    },
  };
}
