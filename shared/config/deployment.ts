import { z } from "zod";

const HOURS_TO_AVOID = new Set([1, 2]);

/** A cron field: `*`, a number, a list, a range or a step, as EventBridge Scheduler takes them. */
const cronField = z
  .string()
  .regex(
    /^(\*|\?|L|\d{1,2}(-\d{1,2})?(\/\d{1,2})?(,\d{1,2}(-\d{1,2})?)*|[A-Z]{3}(-[A-Z]{3})?(,[A-Z]{3})*)$/,
    "a cron field such as 0, 7, 1-5, MON-FRI or *",
  );

/** A whole number, or digits as a string: admins write `7` or `"7"`; cron wants text. */
const cronNumbers = (pattern: RegExp, hint: string) =>
  z.union([z.number().int().min(0), z.string().regex(pattern, hint)]).transform(String);

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
  return z
    .strictObject({
      /** A single minute, 0–59: a number (`0`) or a string (`"30"`). */
      minute: cronNumbers(/^\d{1,2}$/, "a single minute, 0–59").default(defaults.minute),
      /**
       * Hours: a number (`7`) or a comma list as a string (`"7,13"`); never 01:00–02:59, which
       * clock changes skip or repeat.
       */
      hour: cronNumbers(/^\d{1,2}(,\d{1,2})*$/, "hours, e.g. 7 or '7,13'").default(defaults.hour),
      day:
        defaults.day === undefined
          ? cronField.optional()
          : cronField.optional().default(defaults.day),
      month: cronField.optional(),
      weekDay: cronField.optional(),
      timeZone: z.string().default("Europe/London"),
      enabled: z.boolean().default(true),
      description: z.string().min(1).max(512).default(defaults.description),
    })
    .superRefine((s, ctx) => {
      const hours = s.hour.split(",").map(Number);
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
    })
    .prefault({});
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
  monthlySummary: scheduleSchema({
    minute: "0",
    hour: "7",
    day: "1",
    description: "Monthly compliance digest for the month just ended",
  }),
});

export type SchedulesConfig = z.infer<typeof schedulesSchema>;

export const operationsSchema = z.strictObject({
  /**
   * The `data-classification` tag on every resource: the table and bucket hold staff names,
   * emails and absence dates (UK Government Security Classifications: OFFICIAL-SENSITIVE).
   */
  dataClassification: z
    .string()
    .regex(/^[\w .:/=+@-]{1,256}$/, "letters, digits, spaces and _ . : / = + - @")
    .default("official-sensitive"),
  /** Who is emailed (SNS) when an alarm fires. */
  alarmEmails: z.array(z.email()).default([]),
  /** Failed reminder emails in a day above which the SES alarm fires. */
  sesFailuresPerDay: z.number().int().min(0).default(5),
  /** Who is told the result of an import dropped in the bucket. */
  importNotifyEmails: z.array(z.email()).default([]),
  /**
   * A file in the import bucket larger than this is refused (the import function reads whole
   * files into memory). Measured: 10,000 staff with three years of history make a 10.6 MB
   * supervisions.csv, which takes about 300 MB to parse; the function has 3 GB.
   */
  importMaxFileMegabytes: z.number().int().min(1).max(100).default(25),
  /**
   * Raw HR exports in the import bucket are deleted this many days after upload (and their
   * older versions too): they hold the same personal data as the table, so they must not
   * outlive the leavers' retention.
   */
  importFilesKeepDays: z.number().int().min(1).max(365).default(90),
  logRetentionDays: z
    .union([z.literal(90), z.literal(180), z.literal(365), z.literal(731), z.literal(1827)])
    .default(365),
  /** Staff and their records are kept this long after they leave, then expire (policy 8.12: ≥ 2 years). */
  keepAfterLeavingDays: z.number().int().min(730).max(3650).default(800),
});

export type OperationsConfig = z.infer<typeof operationsSchema>;
