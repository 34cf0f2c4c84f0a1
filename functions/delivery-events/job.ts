import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { JOB, METRIC, type MetricName } from "../../shared/config/job-names";
import type { DeliveryOutcome } from "../../shared/domain/delivery";
import type { DeliveryLedger } from "../../shared/ports/delivery-ledger";
import { recordDeliveryEvent } from "../../shared/use-cases/record-delivery-event";
import { jobHandler } from "../commons/job-handler";
import { deliveryEventOf, type SesEvent, sesEventSchema, taggedEmailKind } from "./event";

/**
 * A reminder or escalation SES sent within the hour may not be recorded yet (the record follows
 * SES's reply): worth Lambda's retries. Older, its send died before it was recorded.
 */
function mayBeUnrecordedYet(event: SesEvent, nowMs: number): boolean {
  const kind = taggedEmailKind(event);
  const age = nowMs - Date.parse(event.detail.mail.timestamp);
  return (kind === "reminder" || kind === "escalation") && age < 60 * 60_000;
}

export interface DeliveryDependencies {
  deliveries: DeliveryLedger;
  nowMs: () => number;
}

const COUNTED: Partial<Record<DeliveryOutcome, MetricName>> = {
  delivered: METRIC.EmailsDelivered,
  bounced_hard: METRIC.EmailsHardBounced,
  bounced_soft: METRIC.EmailsBounced,
  complained: METRIC.EmailsComplained,
  rejected: METRIC.EmailsRejected,
  delayed: METRIC.EmailsDelayed,
};

/**
 * The delivery-events job: one SES event from EventBridge, recorded against its message.
 * Logs the message id and outcome only: never an address.
 */
export function createDeliveryEventsHandler(
  build: () => DeliveryDependencies | Promise<DeliveryDependencies>,
) {
  return jobHandler({
    service: JOB.deliveryEvents,
    schema: sesEventSchema,
    build,
    run: async (event, deps, { logger, metrics }) => {
      const delivery = deliveryEventOf(event);
      if (!delivery) return { ignored: event.detail.eventType };
      const result = await recordDeliveryEvent(
        delivery,
        mayBeUnrecordedYet(event, deps.nowMs()),
        deps,
      );
      const metric = COUNTED[result.outcome];
      if (metric) metrics.addMetric(metric, MetricUnit.Count, 1);
      // Hard bounces are bounces too: the bounce count is every bounce.
      if (result.outcome === "bounced_hard")
        metrics.addMetric(METRIC.EmailsBounced, MetricUnit.Count, 1);
      if (!result.matched) metrics.addMetric(METRIC.DeliveryEventUnmatched, MetricUnit.Count, 1);
      logger.info("delivery event recorded", { messageId: delivery.messageId, ...result });
      return result;
    },
  });
}
