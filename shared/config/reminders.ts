import * as z from "zod/mini";
import { isIsoDate } from "../domain/dates";
import { REMINDER_FREQUENCIES, SUMMARY_WEEKDAYS } from "../domain/reminder-rhythm";
import "../domain/zod-english";
import { fromMismatch, sendingIdentityOf, sendingIdentitySchema } from "./sending-identity";

/** How reminder and escalation emails are paced, routed and kept. */
export const remindersSchema = z.strictObject({
  /**
   * The day of the week each supervisor gets a summary of everything open for their
   * supervisees, and each manager the escalations in their part of the organisation (the next
   * working day when it is a bank holiday). Between summaries a supervisor hears only of what
   * newly goes overdue or past the limit.
   */
  summaryWeekday: z._default(z.enum(SUMMARY_WEEKDAYS), "monday"),
  /**
   * For everyone whose staff record has no `reminder_frequency`: `weekly` (the summary, and
   * urgent news between) or `daily` (an email whenever anything is new for them).
   */
  defaultFrequency: z._default(z.enum(REMINDER_FREQUENCIES), "weekly"),
  /** Unresolved this many days after escalation, it goes one manager higher, and so on. */
  escalateUpEveryDays: z._default(z.int().check(z.minimum(1), z.maximum(365)), 28),
  /**
   * A cap on the SES sending rate (messages per second). Unset (the default): each run reads
   * the account's own rate (1 in the sandbox, 14+ with production access) and paces at 90% of
   * it; set, never faster than this. If the account cannot be read, runs pace at this cap, or
   * at 1/s without one.
   */
  maxSendRatePerSecond: z.optional(z.number().check(z.minimum(0.1), z.maximum(500))),
  /** Throttled sends are retried this many times with backoff before the email is failed. */
  throttleRetries: z._default(z.int().check(z.minimum(0), z.maximum(20)), 6),
  /** A claim not marked sent within this time is taken to have crashed and may be re-claimed. */
  claimLeaseSeconds: z._default(z.int().check(z.minimum(30), z.maximum(3600)), 120),
  /** Stop sending when less than this much of the Lambda's time is left; a continuation goes on. */
  stopWhenRemainingMs: z._default(z.int().check(z.minimum(5_000), z.maximum(300_000)), 30_000),
  /**
   * The day reminders began (go-live), `YYYY-MM-DD`. Whatever was already overdue or past the
   * limit before it (records an export brings in incomplete, years-old gaps) is the backlog:
   * not listed item by item nor escalated, but counted weekly in a short section of the
   * supervisor's reminder, with the names in an attached CSV, until it is cleared. Anything
   * that goes overdue from this day on is reminded and escalated as usual. Unset: no backlog.
   */
  goLiveDate: z.optional(
    z.string().check(
      z.refine(isIsoDate, {
        error: (issue) => `'${String(issue.input)}' is not a real date YYYY-MM-DD`,
      }),
    ),
  ),
  /** How long the ledger (who was told what, when) is kept: at least 2 years (policy 8.12). */
  ledgerRetentionDays: z._default(z.int().check(z.minimum(730), z.maximum(3650)), 800),
});

const clockTime = (fallback: string) =>
  z._default(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM, 24-hour")), fallback);

const minutesOf = (time: string) => {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return h * 60 + m;
};

/** The proposed sessions' working hours, length and how many a supervisor gets in one day. */
function invitesSchema() {
  return z
    .strictObject({
      /** The earliest a proposed session starts (London time, HH:MM). */
      dayStarts: clockTime("09:30"),
      /** The latest a proposed session ends. */
      dayEnds: clockTime("16:30"),
      /** How long each proposed session is. */
      minutes: z._default(z.int().check(z.minimum(15), z.maximum(240)), 60),
      /** At most this many proposed sessions on one day; more go on the following working days. */
      perDay: z._default(z.int().check(z.minimum(1), z.maximum(12)), 3),
    })
    .check(
      z.superRefine((invites, ctx) => {
        // A field that failed its own check reaches here as it was given.
        if (typeof invites.dayStarts !== "string" || typeof invites.dayEnds !== "string") return;
        const room = minutesOf(invites.dayEnds) - minutesOf(invites.dayStarts);
        const fits = Math.floor(room / invites.minutes);
        if (fits < invites.perDay) {
          ctx.addIssue({
            code: "custom",
            path: ["perDay"],
            message: `${invites.dayStarts}–${invites.dayEnds} has room for ${Math.max(0, fits)} sessions of ${invites.minutes} minutes, not ${invites.perDay}`,
          });
        }
      }),
    );
}

export const emailSchema = z
  .strictObject({
    /** Address the emails come from. */
    from: z._default(z.email(), "supervision-reminders@example.gov.uk"),
    /**
     * The SES identity the emails are sent from: `{ domain, mailFromSubdomain? }` (the stack
     * creates it, with Easy DKIM) or `{ existing }` (verified already; referenced only). Unset:
     * an existing identity for the From address's domain. The From address must be at its
     * domain (or be the existing address), or synth fails.
     */
    identity: z.optional(sendingIdentitySchema),
    /** Where replies go (the workforce or performance team). */
    replyTo: z.optional(z.email()),
    /** Named in every email so recipients know who to ask. */
    senderName: z._default(
      z.string().check(z.minLength(1)),
      "Children's Services supervision reminders",
    ),
    /**
     * When the sessions proposed in .ics invitations go: on the supervisor's next working days,
     * within these hours (London time), never two at once for one supervisor.
     */
    invites: z.prefault(invitesSchema(), {}),
  })
  .check(
    z.superRefine((email, ctx) => {
      // A field that failed its own check reaches here as it was given: leave it to that check.
      if (
        !z.email().safeParse(email.from).success ||
        (email.identity !== undefined && !sendingIdentitySchema.safeParse(email.identity).success)
      )
        return;
      const identity = sendingIdentityOf(email);
      const mismatch = fromMismatch(email.from, identity);
      if (mismatch)
        ctx.addIssue({
          code: "custom",
          path: ["identity", email.identity?.domain !== undefined ? "domain" : "existing"],
          message: mismatch,
        });
    }),
  );

export type RemindersConfig = z.infer<typeof remindersSchema>;
export type EmailConfig = z.infer<typeof emailSchema>;
