import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { jobHandler } from "../../shared/runtime/job-handler";
import {
  runMonthlySummary,
  type SummaryDeps,
} from "../../shared/use-cases/compile-monthly-summary";
import { awsSummaryDependencies } from "./dependencies";
import { summaryEventSchema } from "./event";

/** The monthly compliance summary job: parse, run, report counts. */
export function createSummaryHandler(build: () => SummaryDeps | Promise<SummaryDeps>) {
  return jobHandler({
    service: "monthly-compliance-summary",
    schema: summaryEventSchema,
    build,
    run: async (event, deps, { logger, metrics }) => {
      const result = await runMonthlySummary(event, deps);
      metrics.addMetric("DigestsSent", MetricUnit.Count, result.sent);
      metrics.addMetric("DigestsFailed", MetricUnit.Count, result.failed);
      if (result.deferredTo) metrics.addMetric("DigestDeferred", MetricUnit.Count, 1);
      else metrics.addMetric("RunCompleted", MetricUnit.Count, 1);
      // The KPI itself, so the dashboard shows the compliance trend month by month.
      if (typeof result.compliance === "number")
        metrics.addMetric("CompliancePercent", MetricUnit.Percent, result.compliance);
      logger.info("monthly summary run finished", { result });
      return result;
    },
  });
}

export const handler = createSummaryHandler(awsSummaryDependencies);
