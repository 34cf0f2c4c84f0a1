import * as z from "zod/mini";
import "../domain/zod-english";
import { SES_REVIEW_AT } from "./sending-identity";

/** Policy 8.12 asks for at least two years; a little over, so a record is never cut short. */
export const DEFAULT_KEEP_AFTER_LEAVING_DAYS = 800;

export const operationsSchema = z.strictObject({
  /**
   * The `data-classification` tag on every resource: the table and bucket hold staff names,
   * emails and absence dates (UK Government Security Classifications: OFFICIAL-SENSITIVE).
   */
  dataClassification: z._default(
    z
      .string()
      .check(z.regex(/^[\w .:/=+@-]{1,256}$/, "letters, digits, spaces and _ . : / = + - @")),
    "official-sensitive",
  ),
  /** Who is emailed (SNS) when an alarm fires. */
  alarmEmails: z._default(z.array(z.email()), []),
  /** Failed reminder emails in a day above which the SES alarm fires. */
  sesFailuresPerDay: z._default(z.int().check(z.minimum(0)), 5),
  /**
   * The configuration set's bounce rate (SES's `Reputation.BounceRate`, a fraction: 0.02 is
   * 2%) at which the alarm fires: well below the 5% at which SES places the account under
   * review, so there is time to act.
   */
  bounceRateAlarm: z._default(
    z
      .number()
      .check(
        z.gt(0, "must be above 0"),
        z.lt(
          SES_REVIEW_AT.bounceRate,
          `must be below SES's own review threshold ${SES_REVIEW_AT.bounceRate} (a fraction: 0.02 is 2%)`,
        ),
      ),
    0.02,
  ),
  /**
   * The complaint rate (`Reputation.ComplaintRate`, a fraction: 0.0005 is 0.05%) at which the
   * alarm fires: well below SES's review threshold of 0.1%.
   */
  complaintRateAlarm: z._default(
    z
      .number()
      .check(
        z.gt(0, "must be above 0"),
        z.lt(
          SES_REVIEW_AT.complaintRate,
          `must be below SES's own review threshold ${SES_REVIEW_AT.complaintRate} (a fraction: 0.0005 is 0.05%)`,
        ),
      ),
    0.0005,
  ),
  /** Who is told the result of an import dropped in the bucket. */
  importNotifyEmails: z._default(z.array(z.email()), []),
  /**
   * A file in the import bucket larger than this is refused (the import function reads whole
   * files into memory). Measured: 10,000 staff with three years of history make a 10.6 MB
   * supervisions.csv, which takes about 300 MB to parse; the function has 3 GB.
   */
  importMaxFileMegabytes: z._default(z.int().check(z.minimum(1), z.maximum(100)), 25),
  /**
   * Raw HR exports in the import bucket are deleted this many days after upload (and their
   * older versions too): they hold the same personal data as the table, so they must not
   * outlive the leavers' retention.
   */
  importFilesKeepDays: z._default(z.int().check(z.minimum(1), z.maximum(365)), 90),
  logRetentionDays: z._default(
    z.union([z.literal(90), z.literal(180), z.literal(365), z.literal(731), z.literal(1827)]),
    365,
  ),
  /** Staff and their records are kept this long after they leave, then expire (policy 8.12: ≥ 2 years). */
  keepAfterLeavingDays: z._default(
    z.int().check(z.minimum(730), z.maximum(3650)),
    DEFAULT_KEEP_AFTER_LEAVING_DAYS,
  ),
});

export type OperationsConfig = z.infer<typeof operationsSchema>;
