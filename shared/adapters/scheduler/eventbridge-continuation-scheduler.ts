import type { ContinuationScheduler } from "../../ports/continuation-scheduler";
import {
  EventBridgeOneOffScheduler,
  type EventBridgeScheduleOptions,
} from "./eventbridge-one-off-scheduler";

/** Continues a reminder run later; the payload is the original scheduled time, so the date is the same. */
export class EventBridgeContinuationScheduler implements ContinuationScheduler {
  private readonly oneOff: EventBridgeOneOffScheduler;

  constructor(options: EventBridgeScheduleOptions) {
    this.oneOff = new EventBridgeOneOffScheduler(options);
  }

  async scheduleContinuation(request: {
    scheduledTime: string;
    attempt: number;
    notBeforeMs: number;
  }) {
    await this.oneOff.scheduleOnce({
      name: `${request.scheduledTime.slice(0, 10)}-${request.attempt}`,
      atMs: request.notBeforeMs,
      payload: { scheduledTime: request.scheduledTime, continuation: request.attempt },
    });
  }
}
