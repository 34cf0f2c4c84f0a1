import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { tablePorts } from "../../shared/adapters/dynamodb/table-ports";
import type { EventBridgeScheduleOptions } from "../../shared/adapters/scheduler/eventbridge-one-off-scheduler";
import { configuredSesSender } from "../../shared/adapters/ses/configured-ses-sender";
import { createSesClient } from "../../shared/adapters/ses/ses-client";
import { tableNameFor } from "../../shared/config/app-config";
import { loadStageConfig } from "../../shared/config/load-stage-config";
import { requiredEnv } from "./env";

/**
 * What every job's Lambda builds from its environment: config for `STAGE`, the table's ports,
 * SES (in the configuration set `SES_CONFIGURATION_SET`) and its own schedule group.
 * `DYNAMODB_ENDPOINT` / `SES_ENDPOINT` point at stand-ins; on AWS they are unset.
 */
export function awsWiring(env: NodeJS.ProcessEnv, schedulePrefix: string) {
  const config = loadStageConfig(requiredEnv(env, "STAGE"));
  const region = env.AWS_REGION ?? config.region;
  const tableName = env.TABLE_NAME ?? tableNameFor(config);
  const documents = createDocumentClient(
    createDynamoClient({
      region,
      ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
    }),
  );
  // Only the jobs that schedule themselves need these variables: read them when asked.
  const scheduling = (): EventBridgeScheduleOptions => ({
    client: new SchedulerClient({ region }),
    groupName: requiredEnv(env, "SCHEDULE_GROUP"),
    functionArn: requiredEnv(env, "FUNCTION_ARN"),
    roleArn: requiredEnv(env, "SCHEDULER_ROLE_ARN"),
    namePrefix: schedulePrefix,
  });
  const ses = { region, ...(env.SES_ENDPOINT ? { endpoint: env.SES_ENDPOINT } : {}) };
  // SendEmail, and GetAccount at the start of each reminder run: the account's rate and quota.
  // Every send names the configuration set the stack created (`SES_CONFIGURATION_SET`; the
  // stage's own name when unset, as locally).
  const mailer = configuredSesSender(config, createSesClient(ses), env.SES_CONFIGURATION_SET);
  return {
    config,
    documents,
    scheduling,
    /** What the scheduled jobs take as they are: spread it into their dependencies. */
    base: {
      config,
      ...tablePorts({ client: documents, tableName, config }),
      mailer,
      /** The mailer's own account limits: the reminder run reads them at its start. */
      sendingLimits: mailer,
      nowMs: () => Date.now(),
    },
  };
}
