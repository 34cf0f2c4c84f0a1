import * as z from "zod";

/** How reminder and escalation emails are paced, routed and kept. */
export const remindersSchema = z.strictObject({
  /** An overdue (or escalated) obligation is mentioned again after this many days. */
  overdueRepeatDays: z.number().int().min(1).max(60).default(7),
  /** The escalation email about a person repeats this often while unresolved. */
  escalationRepeatDays: z.number().int().min(1).max(60).default(7),
  /** Unresolved this many days after escalation, it goes one manager higher, and so on. */
  escalateUpEveryDays: z.number().int().min(1).max(365).default(28),
  /**
   * A cap on the SES sending rate (messages per second). Unset (the default): each run reads
   * the account's own rate (1 in the sandbox, 14+ with production access) and paces at 90% of
   * it; set, never faster than this. If the account cannot be read, runs pace at this cap, or
   * at 1/s without one.
   */
  maxSendRatePerSecond: z.number().min(0.1).max(500).optional(),
  /** Throttled sends are retried this many times with backoff before the email is failed. */
  throttleRetries: z.number().int().min(0).max(20).default(6),
  /** A claim not marked sent within this time is taken to have crashed and may be re-claimed. */
  claimLeaseSeconds: z.number().int().min(30).max(3600).default(120),
  /** Stop sending when less than this much of the Lambda's time is left; a continuation goes on. */
  stopWhenRemainingMs: z.number().int().min(5_000).max(300_000).default(30_000),
  /** How long the ledger (who was told what, when) is kept: at least 2 years (policy 8.12). */
  ledgerRetentionDays: z.number().int().min(730).max(3650).default(800),
});

export const emailSchema = z.strictObject({
  /** Address the emails come from. */
  from: z.email().default("supervision-reminders@example.gov.uk"),
  /** The verified SES identity sending is allowed from (a domain or the address); default the from address's domain. */
  identity: z.string().min(3).optional(),
  /** Where replies go (the workforce or performance team). */
  replyTo: z.email().optional(),
  /** Named in every email so recipients know who to ask. */
  senderName: z.string().min(1).default("Children's Services supervision reminders"),
  /** Start of the proposed session in an .ics invitation (local time, HH:MM). */
  inviteTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour")
    .default("10:00"),
  inviteMinutes: z.number().int().min(15).max(240).default(60),
});

export type RemindersConfig = z.infer<typeof remindersSchema>;
export type EmailConfig = z.infer<typeof emailSchema>;
