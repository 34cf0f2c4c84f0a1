import type { App } from "aws-cdk-lib";
import { loadStageConfig } from "./config";
import { AppStack } from "./stacks/app-stack";
import { DataStack } from "./stacks/data-stack";

/** Builds every stack of a stage from its config alone. */
export function buildApp(app: App, stageName: string) {
  const config = loadStageConfig(stageName);
  const env = {
    region: config.region,
    ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
  };
  const data = new DataStack(app, `SupervisionReminders-${config.stage}-Data`, { env, config });
  const stateless = new AppStack(app, `SupervisionReminders-${config.stage}-App`, {
    env,
    config,
    table: data.table,
  });
  return { config, data, app: stateless };
}
