import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { JOB, METRIC } from "../../shared/config/job-names";
import { type DigestDeps, runMonthlyDigest } from "../../shared/use-cases/run-monthly-digest";
import { jobHandler } from "../commons/job-handler";
import { digestEventSchema } from "./event";

/** The monthly digest job: parse, run, report counts. */
export function createDigestHandler(build: () => DigestDeps | Promise<DigestDeps>) {
  return jobHandler({
    service: JOB.monthlyDigest,
    schema: digestEventSchema,
    build,
    run: async (event, deps, { logger, metrics }) => {
      const result = await runMonthlyDigest(event, deps);
      metrics.addMetric(METRIC.DigestsSent, MetricUnit.Count, result.sent);
      metrics.addMetric(METRIC.DigestsFailed, MetricUnit.Count, result.failed);
      if (result.deferredTo) metrics.addMetric(METRIC.DigestDeferred, MetricUnit.Count, 1);
      else metrics.addMetric(METRIC.RunCompleted, MetricUnit.Count, 1);
      // The KPI itself, so the dashboard shows the compliance trend month by month.
      if (typeof result.compliance === "number")
        metrics.addMetric(METRIC.CompliancePercent, MetricUnit.Percent, result.compliance);
      logger.info("monthly digest run finished", { result });
      return result;
    },
  });
}
