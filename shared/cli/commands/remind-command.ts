import { isIsoDate } from "../../domain/dates";
import { runRemindersLocally } from "../../runtime/local-reminders";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

/** `remind --date D`: the daily reminder job for that date, through the Lambda handler. */
export async function remindCommand(
  date: string | undefined,
  json: boolean,
  ctx: CommandContext,
): Promise<number> {
  if (!date || !isIsoDate(date))
    throw new UsageError("remind needs --date YYYY-MM-DD (a real date)");
  const { summary, outbox } = await runRemindersLocally(date, ctx.opened, ctx.config, ctx.dataDir);
  if (json) {
    const { sent, failed, skipped, recipients } = summary;
    ctx.out(JSON.stringify({ date, sent, failed, skipped, recipients }));
    return 0;
  }
  ctx.out(formatReminderSummary(summary, outbox));
  return 0;
}

export function formatReminderSummary(
  s: Awaited<ReturnType<typeof runRemindersLocally>>["summary"],
  outbox: string,
): string {
  if (!s.workingDay)
    return `Reminders for ${s.date}: not a working day (weekend, bank holiday or closure); nothing sent.`;
  const lines = [
    `Reminders for ${s.date}: ${s.sent} sent, ${s.failed} failed, ${s.skipped} skipped, ${s.recipients} recipients with something new` +
      (s.undeliverable
        ? `; ${s.undeliverable} obligations with nobody to tell (no active supervisor)`
        : "") +
      (s.complete ? "" : `; incomplete (${s.stoppedBecause}), run again to finish`),
  ];
  if (s.sent > 0)
    lines.push(
      `Emails sent are copied to ${outbox} (.eml for a mail client, .html for a browser).`,
    );
  return lines.join("\n");
}
