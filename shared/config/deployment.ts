import { z } from "zod";

const HOURS_TO_AVOID = new Set([1, 2]);

/** A cron field: `*`, a number, a list, a range or a step, as EventBridge Scheduler takes them. */
const cronField = z
  .string()
  .regex(
    /^(\*|\?|L|\d{1,2}(-\d{1,2})?(\/\d{1,2})?(,\d{1,2}(-\d{1,2})?)*|[A-Z]{3}(-[A-Z]{3})?(,[A-Z]{3})*)$/,
    "a cron field such as 0, 7, 1-5, MON-FRI or *",
  );

/** One schedule an admin sets: when it runs, in which time zone, whether it runs at all. */
export const scheduleSchema = z
  .object({
    minute: z.string().regex(/^\d{1,2}$/, "a single minute, 0–59"),
    /** Hours as numbers (e.g. `7` or `7,12`): never 01:00–02:59, which clock changes skip or repeat. */
    hour: z.string().regex(/^\d{1,2}(,\d{1,2})*$/, "hours as numbers, e.g. 7 or 7,13"),
    day: cronField.optional(),
    month: cronField.optional(),
    weekDay: cronField.optional(),
    timeZone: z.string().default("Europe/London"),
    enabled: z.boolean().default(true),
    description: z.string().min(1).max(512),
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
      ctx.addIssue({ code: "custom", path: ["weekDay"], message: "set day or weekDay, not both" });
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
  });

export type ScheduleConfig = z.infer<typeof scheduleSchema>;

export const schedulesSchema = z.object({
  /** Every day (the job itself skips weekends and bank holidays), so a missing run is visible daily. */
  dailyReminders: scheduleSchema.default({
    minute: "0",
    hour: "7",
    timeZone: "Europe/London",
    enabled: true,
    description: "Daily supervision reminders and escalations (skips weekends and bank holidays)",
  }),
  /** The 1st of each month; on a weekend or bank holiday it defers itself to the next working day. */
  monthlySummary: scheduleSchema.default({
    minute: "0",
    hour: "7",
    day: "1",
    timeZone: "Europe/London",
    enabled: true,
    description: "Monthly compliance digest for the month just ended",
  }),
});

export type SchedulesConfig = z.infer<typeof schedulesSchema>;

export const operationsSchema = z.object({
  /** Who is emailed (SNS) when an alarm fires. */
  alarmEmails: z.array(z.email()).default([]),
  /** Failed reminder emails in a day above which the SES alarm fires. */
  sesFailuresPerDay: z.number().int().min(0).default(5),
  /** Who is told the result of an import dropped in the bucket. */
  importNotifyEmails: z.array(z.email()).default([]),
  logRetentionDays: z
    .union([z.literal(90), z.literal(180), z.literal(365), z.literal(731), z.literal(1827)])
    .default(365),
  /** Staff and their records are kept this long after they leave, then expire (policy 8.12: ≥ 2 years). */
  keepAfterLeavingDays: z.number().int().min(730).max(3650).default(800),
});

export type OperationsConfig = z.infer<typeof operationsSchema>;
