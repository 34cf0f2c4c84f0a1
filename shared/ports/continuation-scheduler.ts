/** Hands the rest of a run to a later invocation (a one-off schedule on AWS). */
export interface ContinuationScheduler {
  scheduleContinuation(request: {
    /** The original run's scheduled time: the continuation computes the same date. */
    scheduledTime: string;
    attempt: number;
    notBeforeMs: number;
  }): Promise<void>;
}
