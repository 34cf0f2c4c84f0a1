import { cryptoSeed } from "../../shared/adapters/crypto-seed";
import { EventBridgeOneOffScheduler } from "../../shared/adapters/scheduler/eventbridge-one-off-scheduler";
import type { DigestDeps } from "../../shared/use-cases/run-monthly-digest";
import { awsWiring } from "../commons/aws-wiring";

/** Wiring on AWS: clients from the environment the stack sets. */
export function awsDigestDependencies(env: NodeJS.ProcessEnv = process.env): DigestDeps {
  const { base, scheduling } = awsWiring(env, "digest");
  return {
    ...base,
    scheduler: new EventBridgeOneOffScheduler(scheduling()),
    drawSeed: cryptoSeed,
  };
}
