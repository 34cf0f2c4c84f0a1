import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { DynamoDbDeliveryLedger } from "../../shared/adapters/dynamodb/dynamodb-delivery-ledger";
import { tableNameFor } from "../../shared/config/app-config";
import { loadStageConfig } from "../../shared/config/load-stage-config";
import { requiredEnv } from "../commons/env";
import type { DeliveryDependencies } from "./job";

/**
 * Wiring on AWS: the table alone, from the environment the stack sets. It sends nothing, so it
 * carries no SES client (see `awsWiring` for the jobs that do).
 */
export function awsDeliveryDependencies(
  env: NodeJS.ProcessEnv = process.env,
): DeliveryDependencies {
  const config = loadStageConfig(requiredEnv(env, "STAGE"));
  const client = createDocumentClient(
    createDynamoClient({
      region: env.AWS_REGION ?? config.region,
      ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
    }),
  );
  return {
    deliveries: new DynamoDbDeliveryLedger({
      client,
      tableName: env.TABLE_NAME ?? tableNameFor(config),
      retentionDays: config.reminders.ledgerRetentionDays,
    }),
    nowMs: () => Date.now(),
  };
}
