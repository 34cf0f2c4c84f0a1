import { DynamoDbDigestStore } from "../../shared/adapters/dynamodb/dynamodb-digest-store";
import { EventBridgeContinuation } from "../../shared/adapters/scheduler/eventbridge-continuation";
import { awsWiring } from "../../shared/runtime/aws-wiring";
import type { ReminderDependencies } from "./handler";

/** Wiring on AWS: clients from the environment the stack sets. */
export function awsReminderDependencies(
  env: NodeJS.ProcessEnv = process.env,
): ReminderDependencies {
  const { base, scheduling, documents, tableName } = awsWiring(env, "reminders");
  return {
    ...base,
    continuation: new EventBridgeContinuation(scheduling()),
    digests: new DynamoDbDigestStore({ client: documents, tableName }),
  };
}
