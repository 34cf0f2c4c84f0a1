import type { IsoDate } from "./dates";
import type { Notification, PlannedEmail, ReminderPlan } from "./reminder-plan";

/**
 * What an email is: the `weekly_summary` of everything open (also an escalation, which is
 * weekly too), an `update` between summaries with only what is urgent and what rides on it, or
 * a `daily` recipient's list of everything open.
 */
export type EmailRhythm = "weekly_summary" | "update" | "daily";

export interface TodaysEmail extends PlannedEmail {
  rhythm: EmailRhythm;
}

/** Newly overdue or past the limit: worth an email between summaries. */
export function isUrgent(n: Notification): boolean {
  return n.backlog !== true && (n.stage === "overdue" || n.stage === "escalated");
}

/** How the ledger's `weeklySent` names a recipient's weekly email of a kind. */
export function weeklyEmailId(email: Pick<PlannedEmail, "recipientId" | "emailKind">): string {
  return `${email.emailKind}#${email.recipientId}`;
}

/** Whether an email goes weekly (so `weeklySent` is asked about it between summary days). */
export function isWeekly(email: PlannedEmail): boolean {
  return email.emailKind !== "reminder" || email.frequency === "weekly";
}

/**
 * Which planned emails go today, and what each says, given what the ledger has already sent:
 * `isSent` for each notification, `weeklySent` for whether the recipient's weekly email of
 * that kind went this reminder week.
 *
 * - Weekly recipients (the default) get, on the week's summary day, everything open. Until
 *   their week's summary has gone (it failed, the run stopped at the quota, the store is new,
 *   they have just become someone's supervisor, or nothing was open on the summary day), the
 *   next working day with anything to tell sends it in full. After it, an email goes only
 *   when something is urgent (overdue or past the limit, never told at that stage this
 *   week), with only what is new: the urgent items, and what is due or falls due before the
 *   next summary (due soon items due later wait for it).
 * - Daily recipients get everything open whenever anything is new.
 * - Escalations (planned weekly, see `planReminders`) go on the summary day, or later in the
 *   week only while that week's has not gone.
 *
 * At most one email per recipient and kind a day: the plan holds one, and the ledger's claim
 * is per day.
 */
export function todaysEmails(
  plan: ReminderPlan,
  asOf: IsoDate,
  isSent: (n: Notification) => boolean,
  weeklySent: (email: PlannedEmail) => boolean,
): TodaysEmail[] {
  const summaryDay = asOf === plan.week.summaryDay;
  return plan.emails.flatMap((email): TodaysEmail[] => {
    const unsent = email.notifications.filter((n) => !isSent(n));
    if (unsent.length === 0) return [];
    if (!isWeekly(email)) return [{ ...email, rhythm: "daily" }];
    if (summaryDay || !weeklySent(email)) return [{ ...email, rhythm: "weekly_summary" }];
    if (email.emailKind !== "reminder" || !unsent.some(isUrgent)) return [];
    const news = unsent.filter(
      (n) => n.stage !== "due_soon" || n.dueDate < plan.week.nextSummaryDay,
    );
    return [{ ...email, notifications: news, rhythm: "update" }];
  });
}
