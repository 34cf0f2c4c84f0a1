import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

export const METRICS_NAMESPACE = "SupervisionReminders";

/** Structured JSON logs and EMF metrics for one job; counts and identifiers only, never names. */
export function observabilityFor(serviceName: string) {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
  };
}
