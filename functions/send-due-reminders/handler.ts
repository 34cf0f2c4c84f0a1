import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { jobHandler } from "../../shared/runtime/job-handler";
import { type ReminderDeps, sendDueReminders } from "../../shared/use-cases/send-due-reminders";
import { awsReminderDependencies } from "./dependencies";
import { reminderEventSchema } from "./event";

export type ReminderDependencies = Omit<ReminderDeps, "remainingMs">;

/** The daily reminder job: parse the Scheduler event, run the use case, report counts. */
export function createReminderHandler(
  build: () => ReminderDependencies | Promise<ReminderDependencies>,
) {
  return jobHandler({
    service: "send-due-reminders",
    schema: reminderEventSchema,
    build,
    run: async (event, deps, { context, logger, metrics }) => {
      const summary = await sendDueReminders(
        {
          scheduledTime: event.scheduledTime,
          runId: context.awsRequestId,
          attempt: event.continuation,
        },
        { ...deps, remainingMs: () => context.getRemainingTimeInMillis() },
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
    },
  });
}

export const handler = createReminderHandler(awsReminderDependencies);
