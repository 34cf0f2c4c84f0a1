import { localLambdaContext } from "../../functions/commons/local-context";
import { sleep } from "../adapters/backoff";
import { InProcessContinuationScheduler } from "../adapters/scheduler/in-process-continuation-scheduler";
import { firstRunTime } from "../config/schedules";
import { type IsoDate, londonTimeToUtc } from "../domain/dates";
import type { ReminderSummary } from "../use-cases/send-due-reminders";
import { type CommandContext, mailOf } from "./commands/command-context";
import { openLocalMail } from "./local-mail";

export interface LocalReminderRun {
  summary: ReminderSummary;
  /** Where copies of the emails are, unless they went to real SES. */
  outbox?: string;
  runs: number;
}

const MAX_RUNS = 20;

/**
 * Runs a day's reminders exactly as the Lambda does (same handler, same event), against the
 * local store and the SES the CLI chose (`mail`), keeping a copy of every email sent to an
 * emulator under `<dataDir>/outbox/<date>/`. Continuations run here, in turn, instead of on a
 * schedule.
 */
export async function runRemindersLocally(
  date: IsoDate,
  ctx: CommandContext,
): Promise<LocalReminderRun> {
  const { config } = ctx;
  const mail = await openLocalMail(config, ctx.dataDir, date, mailOf(ctx));
  const continuation = new InProcessContinuationScheduler();
  // Imported here so the CLI can quieten Powertools (logs and metrics go to stdout) first.
  const { createReminderHandler } = await import("../../functions/send-due-reminders/job");
  const handler = createReminderHandler(() => ({
    config,
    ...ctx.ports,
    mailer: mail.mailer,
    sendingLimits: mail.sendingLimits,
    continuation,
    // The ledger's send times, leases and expiry: the wall clock, whatever day this run is for.
    nowMs: ctx.clockMs,
  }));
  const startsAt = firstRunTime(config.schedules.dailyReminders);
  try {
    let event = { scheduledTime: londonTimeToUtc(date, startsAt).toISOString(), continuation: 0 };
    let totals: ReminderSummary | undefined;
    let runs = 0;
    for (; runs < MAX_RUNS; ) {
      runs++;
      const summary = (await handler(
        event,
        localLambdaContext("send-due-reminders-local", { nowMs: ctx.clockMs }),
      )) as ReminderSummary;
      totals = totals ? addUp(totals, summary) : summary;
      const next = continuation.take();
      if (!next) break;
      await sleep(Math.max(0, next.notBeforeMs - ctx.clockMs()));
      event = { scheduledTime: next.scheduledTime, continuation: next.attempt };
    }
    return {
      summary: totals as ReminderSummary,
      ...(mail.outbox ? { outbox: mail.outbox } : {}),
      runs,
    };
  } finally {
    await mail.close();
  }
}

function addUp(a: ReminderSummary, b: ReminderSummary): ReminderSummary {
  return {
    ...b,
    recipients: Math.max(a.recipients, b.recipients),
    sent: a.sent + b.sent,
    failed: a.failed + b.failed,
    skipped: b.skipped,
    possibleDuplicates: a.possibleDuplicates + b.possibleDuplicates,
    deliveryNotices: a.deliveryNotices + b.deliveryNotices,
  };
}
