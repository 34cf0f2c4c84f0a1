import type { ReminderSummary } from "./send-due-reminders";

/**
 * A run that stopped with emails unsent and nothing scheduled to finish it (SES quota reached,
 * account paused, SES unreachable): only the next day's run will try again, so say so loudly.
 * Running out of time or finding emails in flight elsewhere hands on to a continuation instead.
 */
export function endedIncomplete(summary: ReminderSummary): boolean {
  return !summary.complete && summary.stoppedBecause === "sending_paused";
}
