import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

export const METRICS_NAMESPACE = "SupervisionReminders";

/**
 * The dimensions every metric of a job carries: its service and its stage, so one stage's
 * `RunCompleted` can never hide another's missed run. The stack's alarms and dashboard use
 * the same function, so the two cannot drift.
 */
export function metricDimensions(service: string, stage: string) {
  return { service, stage };
}

/**
 * Structured JSON logs and EMF metrics for one job; counts and identifiers only, never names.
 * The stage comes from `STAGE`, which the stack sets on every function (`local` elsewhere).
 */
export function observabilityFor(serviceName: string, stage = process.env.STAGE ?? "local") {
  const { stage: stageDimension } = metricDimensions(serviceName, stage);
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
