import { Annotations, type App, CfnParameter, CfnRule, Fn, type Stack, Tags } from "aws-cdk-lib";
import type { AppConfig } from "../shared/config/app-config";
import { loadStageConfig } from "../shared/config/load-stage-config";
import { type IsoDate, londonDateOf } from "../shared/domain/dates";
import { bankHolidaysRunningOut } from "../shared/domain/settings/calendar";
import { AppStack } from "./stacks/app-stack";
import { DataStack } from "./stacks/data-stack";

export const PROJECT_TAG = "supervision-reminders";

/**
 * Builds every stack of a stage from its config alone. `today` (London) only decides whether
 * synth warns that the bank holiday list is running out.
 */
export function buildApp(app: App, stageName: string, today: IsoDate = londonDateOf(new Date())) {
  const config = loadStageConfig(stageName);
  // Pinned: a deploy with credentials for any other account or region fails, not misdeploys.
  const env = { region: config.region, ...(config.account ? { account: config.account } : {}) };
  const data = new DataStack(app, `SupervisionReminders-${config.stage}-Data`, { env, config });
  const stateless = new AppStack(app, `SupervisionReminders-${config.stage}-App`, {
    env,
    config,
    table: data.table,
  });
  for (const stack of [data, stateless]) {
    tagEverything(stack, config);
    if (!config.account) refuseDeployment(stack, config.stage);
  }
  const holidays = bankHolidaysRunningOut(config.calendar, today);
  if (holidays)
    Annotations.of(stateless).addWarningV2("supervision:bank-holidays-ending", holidays);
  return { config, data, app: stateless };
}

/** Who owns it, which stage, and how sensitive its data is: on every taggable resource. */
function tagEverything(stack: Stack, config: AppConfig): void {
  Tags.of(stack).add("project", PROJECT_TAG);
  Tags.of(stack).add("stage", config.stage);
  Tags.of(stack).add("data-classification", config.operations.dataClassification);
}

/**
 * A stage with no account (`local`, which is also what a synth without `-c stage=` builds)
 * synthesises for checking but must never be deployed: CloudFormation evaluates this rule
 * before creating anything and stops with its message.
 */
function refuseDeployment(stack: Stack, stage: string): void {
  const confirm = new CfnParameter(stack, "DeployableStage", {
    type: "String",
    default: "no",
    description: `Stage '${stage}' pins no AWS account and is not for deployment.`,
  });
  new CfnRule(stack, "NotDeployable", {
    assertions: [
      {
        assert: Fn.conditionEquals(confirm.valueAsString, "yes"),
        assertDescription: `Stage '${stage}' is for local runs and offline synth only: deploy a stage that pins its account, e.g. cdk deploy -c stage=prod --all`,
      },
    ],
  });
}
