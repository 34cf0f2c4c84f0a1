import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";
import { sleep } from "../adapters/backoff";
import { DynamoDbDigestStore } from "../adapters/dynamodb/dynamodb-digest-store";
import { DynamoDbEmailLedger } from "../adapters/dynamodb/dynamodb-email-ledger";
import type { OpenStore } from "../adapters/dynamodb/open-store";
import { InProcessContinuationScheduler } from "../adapters/scheduler/in-process-continuation-scheduler";
import type { AppConfig } from "../config/app-config";
import { type IsoDate, londonTimeToUtc } from "../domain/dates";
import type { ReminderSummary } from "../use-cases/send-due-reminders";
import { type MailTarget, openLocalMail } from "./local-mail";

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
  opened: OpenStore,
  config: AppConfig,
  dataDir: string,
  mailTarget: MailTarget,
): Promise<LocalReminderRun> {
  const mail = await openLocalMail(config, dataDir, date, mailTarget);
  const continuation = new InProcessContinuationScheduler();
  // Imported here so the CLI can quieten Powertools (logs and metrics go to stdout) first.
  const { createReminderHandler } = await import("../../functions/send-due-reminders/job");
  const handler = createReminderHandler(() => ({
    config,
    store: opened.store,
    ledger: new DynamoDbEmailLedger({
      client: opened.documents,
      tableName: opened.tableName,
      retentionDays: config.reminders.ledgerRetentionDays,
    }),
    mailer: mail.mailer,
    continuation,
    digests: new DynamoDbDigestStore({ client: opened.documents, tableName: opened.tableName }),
    nowMs: () => Date.now(),
  }));
  try {
    let event = { scheduledTime: londonTimeToUtc(date, "07:00").toISOString(), continuation: 0 };
    let totals: ReminderSummary | undefined;
    let runs = 0;
    for (; runs < MAX_RUNS; ) {
      runs++;
      const summary = (await handler(event, localContext())) as ReminderSummary;
      totals = totals ? addUp(totals, summary) : summary;
      const next = continuation.take();
      if (!next) break;
      await sleep(Math.max(0, next.notBeforeMs - Date.now()));
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
  };
}

function localContext(): Context {
  const deadline = Date.now() + 15 * 60_000;
  return {
    awsRequestId: randomUUID(),
    functionName: "send-due-reminders-local",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:local:000000000000:function:send-due-reminders-local",
    memoryLimitInMB: "512",
    logGroupName: "local",
    logStreamName: "local",
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
