import { EventBridgeContinuationScheduler } from "../../shared/adapters/scheduler/eventbridge-continuation-scheduler";
import { awsWiring } from "../commons/aws-wiring";
import type { ReminderDependencies } from "./job";

/** Wiring on AWS: clients from the environment the stack sets. */
export function awsReminderDependencies(
  env: NodeJS.ProcessEnv = process.env,
): ReminderDependencies {
  const { base, scheduling } = awsWiring(env, "reminders");
  return { ...base, continuation: new EventBridgeContinuationScheduler(scheduling()) };
}
