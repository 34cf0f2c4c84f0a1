import type { IsoDate } from "./dates";
import type { Notification, PlannedEmail, ReminderPlan } from "./reminder-plan";
import type { ReminderWeek } from "./reminder-rhythm";
import type { Stage } from "./stage";

/**
 * What an email is: the `weekly_summary` of everything open (also an escalation, and a summary
 * owed from a summary day whose email did not go), an `update` between summaries with only
 * what is urgent and what rides on it, or a `daily` recipient's list of everything open.
 */
export type EmailRhythm = "weekly_summary" | "update" | "daily";

export interface TodaysEmail extends PlannedEmail {
  rhythm: EmailRhythm;
}

/** Newly overdue or past the limit: worth an email between summaries. */
export function isUrgent(n: Notification): boolean {
  return n.backlog !== true && (n.stage === "overdue" || n.stage === "escalated");
}

/**
 * Which planned emails go today, and what each says, given what the ledger has already sent.
 *
 * - Weekly recipients (the default) get, on the week's summary day, everything open. On other
 *   days they get an email only when something is urgent (overdue or past the limit, never
 *   told at that stage this week), with only what is new: the urgent items, and what is due
 *   or falls due before the next summary (due soon items due later wait for it). If nothing
 *   now open for them was told this week, at any stage, though some was open by the summary
 *   day (its send failed), the next working day sends the summary in full: the ledger must
 *   have been asked about `summaryChecks` too.
 * - Daily recipients get everything open whenever anything is new.
 * - Escalations are planned weekly already (see `planReminders`): they go when not yet sent.
 *
 * At most one email per recipient and kind a day: the plan holds one, and the ledger's claim
 * is per day.
 */
export function todaysEmails(
  plan: ReminderPlan,
  asOf: IsoDate,
  isSent: (n: Notification) => boolean,
): TodaysEmail[] {
  const summaryDay = asOf === plan.week.summaryDay;
  return plan.emails.flatMap((email): TodaysEmail[] => {
    const unsent = email.notifications.filter((n) => !isSent(n));
    if (unsent.length === 0) return [];
    if (email.emailKind !== "reminder") return [{ ...email, rhythm: "weekly_summary" }];
    if (email.frequency === "daily") return [{ ...email, rhythm: "daily" }];
    const summaryMissed =
      email.notifications.every((n) => neverToldThisWeek(n, isSent)) &&
      unsent.some((n) => openBySummaryDay(n, plan.week));
    if (summaryDay || summaryMissed) return [{ ...email, rhythm: "weekly_summary" }];
    if (!unsent.some(isUrgent)) return [];
    const news = unsent.filter(
      (n) => n.stage !== "due_soon" || n.dueDate < plan.week.nextSummaryDay,
    );
    return [{ ...email, notifications: news, rhythm: "update" }];
  });
}

/**
 * What `todaysEmails` also needs to know was sent, beyond the plan's own notifications: for a
 * weekly recipient between summaries with nothing new to them sent, whether this week's
 * summary told the same items at an earlier stage (so it did go).
 */
export function summaryChecks(
  plan: ReminderPlan,
  asOf: IsoDate,
  isSent: (n: Notification) => boolean,
): Notification[] {
  if (asOf === plan.week.summaryDay) return [];
  return plan.emails
    .filter(
      (e) =>
        e.emailKind === "reminder" &&
        e.frequency === "weekly" &&
        e.notifications.every((n) => !isSent(n)) &&
        e.notifications.some((n) => openBySummaryDay(n, plan.week)),
    )
    .flatMap((e) => e.notifications.flatMap(earlierStages));
}

const TOLD_STAGES: readonly Stage[] = ["due_soon", "due", "overdue", "escalated"];

/** The same item as this week's summary may have told it, at an earlier stage. */
function earlierStages(n: Notification): Notification[] {
  return TOLD_STAGES.slice(0, TOLD_STAGES.indexOf(n.stage)).map((stage) => ({ ...n, stage }));
}

function neverToldThisWeek(n: Notification, isSent: (n: Notification) => boolean): boolean {
  return !isSent(n) && earlierStages(n).every((earlier) => !isSent(earlier));
}

/** Open at this stage by the summary day, so that day's summary should have told it. */
function openBySummaryDay(n: Notification, week: ReminderWeek): boolean {
  return n.backlog === true || (n.stageFrom !== undefined && n.stageFrom <= week.summaryDay);
}
