import { CreateScheduleCommand, type SchedulerClient } from "@aws-sdk/client-scheduler";
import type { ContinuationScheduler } from "../../ports/continuation-scheduler";

export interface EventBridgeContinuationOptions {
  client: SchedulerClient;
  /** The schedule group the job's role may create schedules in (and nowhere else). */
  groupName: string;
  /** The function to invoke, and the role EventBridge Scheduler assumes to invoke it. */
  functionArn: string;
  roleArn: string;
  /** Names schedules so an admin can tell whose they are: `<prefix>-<date>-<attempt>`. */
  namePrefix: string;
}

/** A schedule's `at()` expression: UTC, to the second. */
export function atExpression(instantMs: number): string {
  return `at(${new Date(instantMs).toISOString().slice(0, 19)})`;
}

/**
 * Continues a run with a one-off EventBridge Scheduler schedule that deletes itself after it
 * fires. The payload is the original scheduled time (identifiers only, no personal data), so
 * the continuation computes the same business date.
 */
export class EventBridgeContinuation implements ContinuationScheduler {
  constructor(private readonly options: EventBridgeContinuationOptions) {}

  async scheduleContinuation(request: {
    scheduledTime: string;
    attempt: number;
    notBeforeMs: number;
  }) {
    // At least a minute ahead: Scheduler will not fire an `at()` that is already past.
    const at = Math.max(request.notBeforeMs, Date.now() + 60_000);
    const day = request.scheduledTime.slice(0, 10);
    await this.options.client.send(
      new CreateScheduleCommand({
        Name: `${this.options.namePrefix}-${day}-${request.attempt}-${Date.now().toString(36)}`.slice(
          0,
          64,
        ),
        GroupName: this.options.groupName,
        ScheduleExpression: atExpression(at),
        ScheduleExpressionTimezone: "UTC",
        FlexibleTimeWindow: { Mode: "OFF" },
        ActionAfterCompletion: "DELETE",
        Target: {
          Arn: this.options.functionArn,
          RoleArn: this.options.roleArn,
          Input: JSON.stringify({
            scheduledTime: request.scheduledTime,
            continuation: request.attempt,
          }),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        },
        Description: "Continuation of a supervision reminder run",
      }),
    );
  }
}

/** Locally and in tests: remembers continuations; the caller runs them when due. */
export class InProcessContinuation implements ContinuationScheduler {
  readonly requests: { scheduledTime: string; attempt: number; notBeforeMs: number }[] = [];

  async scheduleContinuation(request: {
    scheduledTime: string;
    attempt: number;
    notBeforeMs: number;
  }) {
    this.requests.push(request);
  }

  /** The next one to run, removed from the list. */
  take() {
    return this.requests.shift();
  }
}
