import { type AppConfig, InvalidConfigError, parseAppConfig } from "./app-config";
import { LOCAL_STAGE, type StageName, stages } from "./stages";

export function isStageName(name: string): name is StageName {
  return Object.hasOwn(stages, name);
}

/** The validated config of a stage; throws a readable error for an unknown stage or bad value. */
export function loadStageConfig(name: string): AppConfig {
  if (!isStageName(name)) {
    throw new InvalidConfigError(
      `Unknown stage '${name}': expected one of ${Object.keys(stages).join(", ")} (shared/config/stages.ts)`,
    );
  }
  const source = `shared/config/stages.ts (stage '${name}')`;
  const config = parseAppConfig(stages[name], source);
  if (config.stage !== name)
    throw new InvalidConfigError(`Invalid config in ${source}: stage must be '${name}'`);
  // A stage that could deploy to whatever account the admin's credentials happen to be for
  // is one slip away from writing to the wrong department's table.
  if (name !== LOCAL_STAGE && !config.account)
    throw new InvalidConfigError(
      `Invalid config in ${source}: a deployable stage pins its AWS account (account: "<12 digits>")`,
    );
  return config;
}
