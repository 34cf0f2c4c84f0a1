import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { observabilityFor } from "../../shared/runtime/observability";
import {
  type ReminderDeps,
  type ReminderSummary,
  sendDueReminders,
} from "../../shared/use-cases/send-due-reminders";
import { awsReminderDependencies } from "./dependencies";
import { type ReminderEvent, reminderEventSchema } from "./event";

export type ReminderDependencies = Omit<ReminderDeps, "remainingMs">;

/**
 * The daily reminder job: parse the Scheduler event, call the use case, report counts.
 * Dependencies are built once per container by `build`.
 */
export function createReminderHandler(
  build: () => ReminderDependencies | Promise<ReminderDependencies>,
) {
  const { logger, metrics } = observabilityFor("send-due-reminders");
  let deps: Promise<ReminderDependencies> | undefined;
  return middy<ReminderEvent, ReminderSummary, Error, Context>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(parser({ schema: reminderEventSchema }))
    .handler(async (event, context) => {
      deps ??= Promise.resolve(build());
      const summary = await sendDueReminders(
        {
          scheduledTime: event.scheduledTime,
          runId: context.awsRequestId,
          attempt: event.continuation,
        },
        { ...(await deps), remainingMs: () => context.getRemainingTimeInMillis() },
      );
      metrics.addMetric("RemindersSent", MetricUnit.Count, summary.sent);
      metrics.addMetric("RemindersFailed", MetricUnit.Count, summary.failed);
      metrics.addMetric("RemindersSkipped", MetricUnit.Count, summary.skipped);
      metrics.addMetric("RemindersUndeliverable", MetricUnit.Count, summary.undeliverable);
      metrics.addMetric(
        "RemindersPossibleDuplicates",
        MetricUnit.Count,
        summary.possibleDuplicates,
      );
      if (summary.complete) metrics.addMetric("RunCompleted", MetricUnit.Count, 1);
      logger.info("reminder run finished", { summary });
      return summary;
    });
}

export const handler = createReminderHandler(awsReminderDependencies);
