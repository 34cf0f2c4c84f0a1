import * as z from "zod/mini";
import "../domain/zod-english";

const HOURS_TO_AVOID = new Set([1, 2]);

/** A cron field: `*`, a number, a list, a range or a step, as EventBridge Scheduler takes them. */
const cronField = z
  .string()
  .check(
    z.regex(
      /^(\*|\?|L|\d{1,2}(-\d{1,2})?(\/\d{1,2})?(,\d{1,2}(-\d{1,2})?)*|[A-Z]{3}(-[A-Z]{3})?(,[A-Z]{3})*)$/,
      "a cron field such as 0, 7, 1-5, MON-FRI or *",
    ),
  );

/** A whole number, or digits as a string: admins write `7` or `"7"`; cron wants text. */
const cronNumbers = (pattern: RegExp, hint: string) =>
  z.pipe(
    z.union([z.int().check(z.minimum(0)), z.string().check(z.regex(pattern, hint))]),
    z.transform(String),
  );

/** What a schedule is when a stage says nothing about it. */
interface ScheduleDefaults {
  minute: string;
  hour: string;
  day?: string;
  description: string;
}

/**
 * One schedule an admin sets: when it runs, in which time zone, whether it runs at all. Every
 * field has the schedule's own default, so a stage can set just `hour` and keep the rest.
 */
export function scheduleSchema(defaults: ScheduleDefaults) {
  return z.prefault(
    z
      .strictObject({
        /** A single minute, 0–59: a number (`0`) or a string (`"30"`). */
        minute: z._default(cronNumbers(/^\d{1,2}$/, "a single minute, 0–59"), defaults.minute),
        /**
         * Hours: a number (`7`) or a comma list as a string (`"7,13"`); never 01:00–02:59, which
         * clock changes skip or repeat.
         */
        hour: z._default(
          cronNumbers(/^\d{1,2}(,\d{1,2})*$/, "hours, e.g. 7 or '7,13'"),
          defaults.hour,
        ),
        day:
          defaults.day === undefined
            ? z.optional(cronField)
            : z._default(z.optional(cronField), defaults.day),
        month: z.optional(cronField),
        weekDay: z.optional(cronField),
        timeZone: z._default(z.string(), "Europe/London"),
        enabled: z._default(z.boolean(), true),
        description: z._default(
          z.string().check(z.minLength(1), z.maxLength(512)),
          defaults.description,
        ),
      })
      .check(
        z.superRefine((s, ctx) => {
          // A field that failed its own check reaches here untransformed (a number, say).
          const hours = String(s.hour).split(",").map(Number);
          if (hours.some((h) => h > 23))
            ctx.addIssue({ code: "custom", path: ["hour"], message: "hours run 0–23" });
          if (hours.some((h) => HOURS_TO_AVOID.has(h))) {
            ctx.addIssue({
              code: "custom",
              path: ["hour"],
              message: "avoid 01:00–02:59 local time: clock changes skip or repeat it",
            });
          }
          if (Number(s.minute) > 59)
            ctx.addIssue({ code: "custom", path: ["minute"], message: "minutes run 0–59" });
          if (s.day !== undefined && s.weekDay !== undefined) {
            ctx.addIssue({
              code: "custom",
              path: ["weekDay"],
              message: "set day or weekDay, not both",
            });
          }
          try {
            new Intl.DateTimeFormat("en-GB", { timeZone: s.timeZone });
          } catch {
            ctx.addIssue({
              code: "custom",
              path: ["timeZone"],
              message: `'${s.timeZone}' is not an IANA time zone`,
            });
          }
        }),
      ),
    {},
  );
}

export type ScheduleConfig = z.infer<ReturnType<typeof scheduleSchema>>;

export const schedulesSchema = z.strictObject({
  /** Every day (the job itself skips weekends and bank holidays), so a missing run is visible daily. */
  dailyReminders: scheduleSchema({
    minute: "0",
    hour: "7",
    description: "Daily supervision reminders and escalations (skips weekends and bank holidays)",
  }),
  /** The 1st of each month; on a weekend or bank holiday it defers itself to the next working day. */
  monthlyDigest: scheduleSchema({
    minute: "0",
    hour: "7",
    day: "1",
    description: "Monthly compliance digest for the month just ended",
  }),
});

export type SchedulesConfig = z.infer<typeof schedulesSchema>;

/** The earliest time of day a schedule runs (`HH:MM`): when a deferred run goes. */
export function firstRunTime(schedule: Pick<ScheduleConfig, "hour" | "minute">): string {
  const hour = String(Math.min(...schedule.hour.split(",").map(Number)));
  return `${hour.padStart(2, "0")}:${schedule.minute.padStart(2, "0")}`;
}
