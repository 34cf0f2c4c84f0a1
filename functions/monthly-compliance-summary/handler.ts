import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { observabilityFor } from "../../shared/runtime/observability";
import {
  runMonthlySummary,
  type SummaryDeps,
  type SummaryRunResult,
} from "../../shared/use-cases/compile-monthly-summary";
import { awsSummaryDependencies } from "./dependencies";
import { type SummaryEvent, summaryEventSchema } from "./event";

/** The monthly compliance summary job: parse, run, report counts. */
export function createSummaryHandler(build: () => SummaryDeps | Promise<SummaryDeps>) {
  const { logger, metrics } = observabilityFor("monthly-compliance-summary");
  let deps: Promise<SummaryDeps> | undefined;
  return middy<SummaryEvent, SummaryRunResult, Error, Context>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(parser({ schema: summaryEventSchema }))
    .handler(async (event) => {
      deps ??= Promise.resolve(build());
      const result = await runMonthlySummary(event, await deps);
      metrics.addMetric("DigestsSent", MetricUnit.Count, result.sent);
      metrics.addMetric("DigestsFailed", MetricUnit.Count, result.failed);
      if (result.deferredTo) metrics.addMetric("DigestDeferred", MetricUnit.Count, 1);
      else metrics.addMetric("RunCompleted", MetricUnit.Count, 1);
      logger.info("monthly summary run finished", { result });
      return result;
    });
}

export const handler = createSummaryHandler(awsSummaryDependencies);
