import { CreateScheduleCommand, type SchedulerClient } from "@aws-sdk/client-scheduler";
import type { OneOffScheduler } from "../../ports/one-off-scheduler";

export interface EventBridgeScheduleOptions {
  client: SchedulerClient;
  /** The schedule group the job's role may create schedules in (and nowhere else). */
  groupName: string;
  /** The function to invoke, and the role EventBridge Scheduler assumes to invoke it. */
  functionArn: string;
  roleArn: string;
  /** Names schedules so an admin can tell whose they are: `<prefix>-<date>-<attempt>`. */
  namePrefix: string;
  /** The clock `at()` times are checked against; the wall clock unless a test sets one. */
  nowMs?: () => number;
}

/** A schedule's `at()` expression: UTC, to the second. */
export function atExpression(instantMs: number): string {
  return `at(${new Date(instantMs).toISOString().slice(0, 19)})`;
}

/**
 * A one-off EventBridge Scheduler schedule that deletes itself after it fires, in the job's
 * own schedule group, invoking the job's function with a payload of identifiers only.
 */
export class EventBridgeOneOffScheduler implements OneOffScheduler {
  constructor(private readonly options: EventBridgeScheduleOptions) {}

  async scheduleOnce(request: { name: string; atMs: number; payload: Record<string, unknown> }) {
    // At least a minute ahead: Scheduler will not fire an `at()` that is already past.
    const now = this.options.nowMs?.() ?? Date.now();
    const at = Math.max(request.atMs, now + 60_000);
    await this.options.client.send(
      new CreateScheduleCommand({
        Name: `${this.options.namePrefix}-${request.name}-${now.toString(36)}`.slice(0, 64),
        GroupName: this.options.groupName,
        ScheduleExpression: atExpression(at),
        ScheduleExpressionTimezone: "UTC",
        FlexibleTimeWindow: { Mode: "OFF" },
        ActionAfterCompletion: "DELETE",
        Target: {
          Arn: this.options.functionArn,
          RoleArn: this.options.roleArn,
          Input: JSON.stringify(request.payload),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        },
        Description: `One-off run of ${this.options.namePrefix}`,
      }),
    );
  }
}
