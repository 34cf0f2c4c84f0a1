import { DynamoDbDigestStore } from "../../shared/adapters/dynamodb/dynamodb-digest-store";
import { EventBridgeContinuationScheduler } from "../../shared/adapters/scheduler/eventbridge-continuation-scheduler";
import { awsWiring } from "../commons/aws-wiring";
import type { ReminderDependencies } from "./job";

/** Wiring on AWS: clients from the environment the stack sets. */
export function awsReminderDependencies(
  env: NodeJS.ProcessEnv = process.env,
): ReminderDependencies {
  const { base, scheduling, documents, tableName } = awsWiring(env, "reminders");
  return {
    ...base,
    continuation: new EventBridgeContinuationScheduler(scheduling()),
    digests: new DynamoDbDigestStore({ client: documents, tableName }),
  };
}
