import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { MONTH_INDEX, ROSTER_INDEX, TABLE_KEYS } from "./table-design";

/**
 * Creates the table with the same keys and indexes as the CDK stack, for the local stand-in.
 * On AWS the table belongs to the stack and this is never called.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const index = (name: string, partitionKey: string, sortKey: string) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: partitionKey, KeyType: "HASH" as const },
      { AttributeName: sortKey, KeyType: "RANGE" as const },
    ],
    Projection: { ProjectionType: "ALL" as const },
  });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        TABLE_KEYS.partitionKey,
        TABLE_KEYS.sortKey,
        ROSTER_INDEX.partitionKey,
        ROSTER_INDEX.sortKey,
        MONTH_INDEX.partitionKey,
        MONTH_INDEX.sortKey,
      ].map((AttributeName) => ({ AttributeName, AttributeType: "S" as const })),
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        index(ROSTER_INDEX.name, ROSTER_INDEX.partitionKey, ROSTER_INDEX.sortKey),
        index(MONTH_INDEX.name, MONTH_INDEX.partitionKey, MONTH_INDEX.sortKey),
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
}
