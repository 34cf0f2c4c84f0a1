import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { DigestStore } from "../../shared/ports/digest-store";
import { jobHandler } from "../../shared/runtime/job-handler";
import { checkDigestRecorded } from "../../shared/use-cases/check-digest-recorded";
import { endedIncomplete } from "../../shared/use-cases/reminder-run-outcome";
import { type ReminderDeps, sendDueReminders } from "../../shared/use-cases/send-due-reminders";
import { awsReminderDependencies } from "./dependencies";
import { reminderEventSchema } from "./event";

/** The digest store too: the daily job also checks last month's digest was recorded. */
export type ReminderDependencies = Omit<ReminderDeps, "remainingMs"> & { digests: DigestStore };

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
      metrics.addMetric("RemindersNotEvaluated", MetricUnit.Count, summary.notEvaluated);
      metrics.addMetric(
        "RemindersPossibleDuplicates",
        MetricUnit.Count,
        summary.possibleDuplicates,
      );
      if (summary.complete) metrics.addMetric("RunCompleted", MetricUnit.Count, 1);
      if (endedIncomplete(summary)) {
        metrics.addMetric("RunIncomplete", MetricUnit.Count, 1);
        logger.error("reminder run stopped with emails unsent", { summary });
      } else logger.info("reminder run finished", { summary });
      // Every day, working or not, so a missed digest alarms on the day it becomes late.
      const digest = await checkDigestRecorded(summary.date, deps);
      metrics.addMetric("DigestMissing", MetricUnit.Count, digest.missing ? 1 : 0);
      if (digest.missing) logger.error("last month's digest is not recorded", { digest });
      return summary;
    },
  });
}

export const handler = createReminderHandler(awsReminderDependencies);
