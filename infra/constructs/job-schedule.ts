import { Duration, TimeZone } from "aws-cdk-lib";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  type ScheduleGroup,
  ScheduleTargetInput,
} from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { ScheduleConfig } from "../../shared/config/deployment";

export interface JobScheduleProps {
  readonly config: ScheduleConfig;
  readonly group: ScheduleGroup;
  readonly target: IFunction;
  /** Where events the scheduler could not deliver go. */
  readonly deadLetterQueue: IQueue;
  /** @default 3 */
  readonly retryAttempts?: number;
  /** @default Duration.hours(2) */
  readonly maxEventAge?: Duration;
}

/**
 * A job's schedule, explicit in everything: cron fields and time zone from config, the
 * scheduled time passed in the payload (the job's business date), bounded retries, a DLQ.
 */
export class JobSchedule extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: JobScheduleProps) {
    super(scope, id);
    const c = props.config;
    this.schedule = new Schedule(this, "Schedule", {
      scheduleGroup: props.group,
      description: c.description,
      enabled: c.enabled,
      schedule: ScheduleExpression.cron({
        minute: c.minute,
        hour: c.hour,
        ...(c.day ? { day: c.day } : {}),
        ...(c.month ? { month: c.month } : {}),
        ...(c.weekDay ? { weekDay: c.weekDay } : {}),
        timeZone: TimeZone.of(c.timeZone),
      }),
      target: new LambdaInvoke(props.target, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: props.retryAttempts ?? 3,
        maxEventAge: props.maxEventAge ?? Duration.hours(2),
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
  }
}
