import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { buildApp } from "../../infra/app";

/**
 * The prod stage's stacks with a fixed environment. Bundling is skipped (the `cdk synth` test
 * bundles for real); Template assertions look at everything else.
 */
export function synthStage(stage = "prod") {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
  process.env.CDK_DEFAULT_ACCOUNT = "123456789012";
  const built = buildApp(app, stage);
  return {
    app,
    built,
    data: Template.fromStack(built.data),
    stateless: Template.fromStack(built.app),
  };
}
