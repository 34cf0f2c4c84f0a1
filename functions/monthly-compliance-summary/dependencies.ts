import { DynamoDbDigestStore } from "../../shared/adapters/dynamodb/dynamodb-digest-store";
import { EventBridgeOneOff } from "../../shared/adapters/scheduler/eventbridge-continuation";
import { awsWiring } from "../../shared/runtime/aws-wiring";
import type { SummaryDeps } from "../../shared/use-cases/compile-monthly-summary";

/** Wiring on AWS: clients from the environment the stack sets. */
export function awsSummaryDependencies(env: NodeJS.ProcessEnv = process.env): SummaryDeps {
  const { base, scheduling, documents, tableName } = awsWiring(env, "digest");
  return {
    ...base,
    digests: new DynamoDbDigestStore({ client: documents, tableName }),
    scheduler: new EventBridgeOneOff(scheduling()),
  };
}
