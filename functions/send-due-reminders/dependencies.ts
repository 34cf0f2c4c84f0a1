import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { loadStageConfig } from "../../infra/config";
import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { DynamoDbReminderLedger } from "../../shared/adapters/dynamodb/dynamodb-reminder-ledger";
import { DynamoDbSupervisionStore } from "../../shared/adapters/dynamodb/dynamodb-store";
import { EventBridgeContinuation } from "../../shared/adapters/scheduler/eventbridge-continuation";
import { createSesClient } from "../../shared/adapters/ses/ses-client";
import { SesEmailSender } from "../../shared/adapters/ses/ses-email-sender";
import { tableNameFor } from "../../shared/config/app-config";
import { requiredEnv } from "../../shared/runtime/env";
import type { ReminderDependencies } from "./handler";

/** Wiring on AWS: clients from the environment the stack sets (endpoints for local stand-ins). */
export function awsReminderDependencies(
  env: NodeJS.ProcessEnv = process.env,
): ReminderDependencies {
  const config = loadStageConfig(requiredEnv(env, "STAGE"));
  const region = env.AWS_REGION ?? config.region;
  const tableName = env.TABLE_NAME ?? tableNameFor(config);
  const documents = createDocumentClient(
    createDynamoClient({
      region,
      ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
    }),
  );
  return {
    config,
    store: new DynamoDbSupervisionStore({ client: documents, tableName }),
    ledger: new DynamoDbReminderLedger({
      client: documents,
      tableName,
      retentionDays: config.reminders.ledgerRetentionDays,
    }),
    mailer: new SesEmailSender({
      client: createSesClient({
        region,
        ...(env.SES_ENDPOINT ? { endpoint: env.SES_ENDPOINT } : {}),
      }),
      sender: {
        from: config.email.from,
        senderName: config.email.senderName,
        replyTo: config.email.replyTo,
      },
      maxRatePerSecond: config.reminders.maxSendRatePerSecond,
      throttleRetries: config.reminders.throttleRetries,
    }),
    continuation: new EventBridgeContinuation({
      client: new SchedulerClient({ region }),
      groupName: requiredEnv(env, "SCHEDULE_GROUP"),
      functionArn: requiredEnv(env, "FUNCTION_ARN"),
      roleArn: requiredEnv(env, "SCHEDULER_ROLE_ARN"),
      namePrefix: "reminders",
    }),
    nowMs: () => Date.now(),
  };
}
