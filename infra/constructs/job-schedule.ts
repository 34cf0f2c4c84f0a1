import { Duration, Stack, TimeZone, Validations } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
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
import type { ScheduleConfig } from "../../shared/config/schedules";

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
    // Our own role rather than CDK's shared one, so its acknowledgement sits on it alone.
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: `Lets the ${id} schedule invoke its job`,
    });
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
        role,
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: props.retryAttempts ?? 3,
        maxEventAge: props.maxEventAge ?? Duration.hours(2),
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.target.node.defaultChild as never)}.Arn>:*]`,
      reason:
        "Lambda's grantInvoke also names the function's versions and aliases (<function ARN>:*); the role can invoke this one job and nothing else.",
    });
  }
}
