import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { JOB, METRIC } from "../../shared/config/job-names";
import type { DigestStore } from "../../shared/ports/digest-store";
import { checkDigestRecorded } from "../../shared/use-cases/check-digest-recorded";
import { endedIncomplete } from "../../shared/use-cases/reminder-run-outcome";
import { type ReminderDeps, sendDueReminders } from "../../shared/use-cases/send-due-reminders";
import { jobHandler } from "../commons/job-handler";
import { reminderEventSchema } from "./event";

/** The digest store too: the daily job also checks last month's digest was recorded. */
export type ReminderDependencies = Omit<ReminderDeps, "remainingMs">;

/** The daily reminder job: parse the Scheduler event, run the use case, report counts. */
export function createReminderHandler(
  build: () => ReminderDependencies | Promise<ReminderDependencies>,
) {
  return jobHandler({
    service: JOB.dailyReminders,
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
      metrics.addMetric(METRIC.RemindersSent, MetricUnit.Count, summary.sent);
      metrics.addMetric(METRIC.RemindersFailed, MetricUnit.Count, summary.failed);
      metrics.addMetric(METRIC.RemindersSkipped, MetricUnit.Count, summary.skipped);
      metrics.addMetric(METRIC.RemindersUndeliverable, MetricUnit.Count, summary.undeliverable);
      metrics.addMetric(METRIC.RemindersNotEvaluated, MetricUnit.Count, summary.notEvaluated);
      metrics.addMetric(
        METRIC.RemindersPossibleDuplicates,
        MetricUnit.Count,
        summary.possibleDuplicates,
      );
      metrics.addMetric(METRIC.DeliveryNoticesSent, MetricUnit.Count, summary.deliveryNotices);
      if (summary.complete) metrics.addMetric(METRIC.RunCompleted, MetricUnit.Count, 1);
      if (endedIncomplete(summary)) {
        metrics.addMetric(METRIC.RunIncomplete, MetricUnit.Count, 1);
        logger.error("reminder run stopped with emails unsent", { summary });
      } else logger.info("reminder run finished", { summary });
      // Every day, working or not, so a missed digest alarms on the day it becomes late.
      const digest = await checkDigestRecorded(summary.date, deps);
      metrics.addMetric(METRIC.DigestMissing, MetricUnit.Count, digest.missing ? 1 : 0);
      if (digest.missing) logger.error("last month's digest is not recorded", { digest });
      return summary;
    },
  });
}
