import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { type JobName, METRICS_NAMESPACE, metricDimensions } from "../../shared/config/job-names";

/**
 * Structured JSON logs and EMF metrics for one job; counts and identifiers only, never names.
 * The stage comes from `STAGE`, which the stack sets on every function (`local` elsewhere).
 * The stack's alarms and dashboard build their metrics from the same names and dimensions.
 */
export function observabilityFor(job: JobName, stage = process.env.STAGE ?? "local") {
  const { service: serviceName, stage: stageDimension } = metricDimensions(job, stage);
  return {
    logger: new Logger({ serviceName, persistentKeys: { stage } }),
    metrics: new Metrics({
      namespace: METRICS_NAMESPACE,
      serviceName,
      // `service` is Powertools' own default dimension; `stage` is added to it.
      defaultDimensions: { stage: stageDimension },
    }),
  };
}
