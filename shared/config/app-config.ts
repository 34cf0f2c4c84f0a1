import * as z from "zod/mini";
import { $ZodError } from "zod/v4/core";
import { calendarSchema } from "../domain/settings/calendar";
import "../domain/zod-english";
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
  stage: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,20}$/, "lower-case letters, digits and '-'")),
  /** The AWS account a deployable stage is pinned to (12 digits); `local` has none. */
  account: z.optional(z.string().check(z.regex(/^\d{12}$/, "a 12-digit AWS account id"))),
  region: z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region such as eu-west-2")),
  table: z.prefault(
    z.strictObject({
      /** Physical table name; the stage is appended by `tableNameFor`. */
      baseName: z._default(
        z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,200}$/)),
        "supervision-reminders",
      ),
      /**
       * How far back (days before the newest fact) a person's status item keeps facts.
       * 800 days covers the 12-month session count and gap with room for a year's lookback.
       */
      factsWindowDays: z._default(z.int().check(z.minimum(400), z.maximum(3650)), 800),
    }),
    {},
  ),
  policy: z.prefault(policySchema, {}),
  calendar: z.prefault(calendarSchema, {}),
  reminders: z.prefault(remindersSchema, {}),
  email: z.prefault(emailSchema, {}),
  digest: z.prefault(digestSchema, {}),
  schedules: z.prefault(schedulesSchema, {}),
  operations: z.prefault(operationsSchema, {}),
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
    // zod/mini has no ZodError class; the core's is the same error without classic's methods.
    // (Named, not `z.core.…`: reaching through the namespace would bundle all of zod's core.)
    const readable = new $ZodError(result.error.issues.flatMap(unknownKeyPerPath));
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
