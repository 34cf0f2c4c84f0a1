import * as z from "zod";
import { calendarSchema } from "../domain/settings/calendar";
import { digestSchema } from "../domain/settings/digest";
import { policySchema } from "../domain/settings/policy";
import { operationsSchema } from "./operations";
import { emailSchema, remindersSchema } from "./reminders";
import { schedulesSchema } from "./schedules";

/**
 * The one configuration shared by the CDK app and the functions. Admins edit a stage's
 * values in `shared/config/stages.ts`; this schema says what is allowed and fills in the defaults.
 * Every object is strict: a misspelt key fails rather than silently taking the default.
 */
export const appConfigSchema = z.strictObject({
  stage: z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, "lower-case letters, digits and '-'"),
  /** The AWS account a deployable stage is pinned to (12 digits); `local` has none. */
  account: z
    .string()
    .regex(/^\d{12}$/, "a 12-digit AWS account id")
    .optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-2"),
  table: z
    .strictObject({
      /** Physical table name; the stage is appended by `tableNameFor`. */
      baseName: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{3,200}$/)
        .default("supervision-reminders"),
      /**
       * How far back (days before the newest fact) a person's status item keeps facts.
       * 800 days covers the 12-month session count and gap with room for a year's lookback.
       */
      factsWindowDays: z.number().int().min(400).max(3650).default(800),
    })
    .prefault({}),
  policy: policySchema.prefault({}),
  calendar: calendarSchema.prefault({}),
  reminders: remindersSchema.prefault({}),
  email: emailSchema.prefault({}),
  digest: digestSchema.prefault({}),
  schedules: schedulesSchema.prefault({}),
  operations: operationsSchema.prefault({}),
});

export type AppConfig = z.infer<typeof appConfigSchema>;
export type AppConfigInput = z.input<typeof appConfigSchema>;

export class InvalidConfigError extends Error {
  override readonly name = "InvalidConfigError";
}

/** Parses a stage's config; a bad value throws with every problem and its path named. */
export function parseAppConfig(input: unknown, source: string): AppConfig {
  const result = appConfigSchema.safeParse(input);
  if (!result.success) {
    const readable = new z.ZodError(result.error.issues.flatMap(unknownKeyPerPath));
    throw new InvalidConfigError(`Invalid config in ${source}:\n${z.prettifyError(readable)}`);
  }
  return result.data;
}

/** zod reports unknown keys at their parent; name each one at its own path instead. */
function unknownKeyPerPath(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== "unrecognized_keys") return [issue];
  return issue.keys.map((key) => ({
    code: "custom" as const,
    input: undefined,
    path: [...issue.path, key],
    message: `unknown key '${key}' (misspelt? it would be ignored, so it is refused)`,
  }));
}

export function tableNameFor(config: AppConfig): string {
  return `${config.table.baseName}-${config.stage}`;
}
