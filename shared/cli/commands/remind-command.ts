import { isIsoDate } from "../../domain/dates";
import type { ReminderSummary } from "../../use-cases/send-due-reminders";
import { runRemindersLocally } from "../local-reminders";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

/**
 * `remind --date D`: the daily reminder job for that date, through the Lambda handler. Exits 1
 * when any email failed or the run could not finish, so a script or an admin cannot miss it.
 */
export async function remindCommand(
  date: string | undefined,
  json: boolean,
  ctx: CommandContext,
): Promise<number> {
  if (!date || !isIsoDate(date))
    throw new UsageError("remind needs --date YYYY-MM-DD (a real date)");
  const { summary, outbox } = await runRemindersLocally(date, ctx);
  if (json) {
    const { sent, failed, skipped, recipients, undeliverable, notEvaluated } = summary;
    const { possibleDuplicates, notArriving, deliveryNotices, complete } = summary;
    ctx.out(
      JSON.stringify({
        date,
        sent,
        failed,
        skipped,
        recipients,
        undeliverable,
        notEvaluated,
        possibleDuplicates,
        notArriving,
        deliveryNotices,
        complete,
      }),
    );
  } else ctx.out(formatReminderSummary(summary, outbox));
  return remindExitCode(summary);
}

/** 0 when everything due went; 1 when an email failed or the run stopped before the end. */
export function remindExitCode(summary: ReminderSummary): number {
  return summary.failed > 0 || !summary.complete ? 1 : 0;
}

export function formatReminderSummary(s: ReminderSummary, outbox: string | undefined): string {
  if (!s.workingDay)
    return `Reminders for ${s.date}: not a working day (weekend, bank holiday or closure); nothing sent.`;
  const lines = [
    `Reminders for ${s.date}: ${s.sent} sent, ${s.failed} failed, ${s.skipped} skipped, ${s.recipients} due to go today` +
      (s.undeliverable
        ? `; ${s.undeliverable} obligations with nobody to tell (no active supervisor)`
        : "") +
      (s.possibleDuplicates ? `; ${s.possibleDuplicates} possibly sent twice` : "") +
      (s.notArriving
        ? `; ${s.notArriving} held back because the address bounced (${s.deliveryNotices} managers told)`
        : "") +
      (s.notEvaluated
        ? `; ${s.notEvaluated} people could not be evaluated (malformed record; see status)`
        : "") +
      (s.complete ? "" : `; incomplete (${s.stoppedBecause}), run again to finish`),
  ];
  if (s.failed > 0)
    lines.push("Failed emails are retried by the next run; `sent` and the ledger say why.");
  if (s.sent > 0 && outbox)
    lines.push(
      `Emails sent are copied to ${outbox} (.eml for a mail client, .html for a browser).`,
    );
  return lines.join("\n");
}
