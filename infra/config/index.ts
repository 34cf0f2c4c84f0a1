import { type AppConfig, InvalidConfigError, parseAppConfig } from "../../shared/config/app-config";
import { type StageName, stages } from "./stages";

export function isStageName(name: string): name is StageName {
  return Object.hasOwn(stages, name);
}

/** The validated config of a stage; throws a readable error for an unknown stage or bad value. */
export function loadStageConfig(name: string): AppConfig {
  if (!isStageName(name)) {
    throw new InvalidConfigError(
      `Unknown stage '${name}': expected one of ${Object.keys(stages).join(", ")} (infra/config/stages.ts)`,
    );
  }
  return parseAppConfig(stages[name], `infra/config/stages.ts (stage '${name}')`);
}
