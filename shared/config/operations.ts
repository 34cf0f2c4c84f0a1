import * as z from "zod";

/** Policy 8.12 asks for at least two years; a little over, so a record is never cut short. */
export const DEFAULT_KEEP_AFTER_LEAVING_DAYS = 800;

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
  keepAfterLeavingDays: z
    .number()
    .int()
    .min(730)
    .max(3650)
    .default(DEFAULT_KEEP_AFTER_LEAVING_DAYS),
});

export type OperationsConfig = z.infer<typeof operationsSchema>;
