import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { AppConfig } from "../../shared/config/app-config";
import { METRICS_NAMESPACE } from "../../shared/runtime/observability";

export interface OperationsAlarmsProps {
  readonly config: AppConfig;
  readonly functions: IFunction[];
  readonly deadLetterQueues: IQueue[];
  /** The daily job whose `RunCompleted` metric must appear every day. */
  readonly dailyJobService: string;
}

/**
 * Everything that must wake someone: a message in any dead-letter queue, any function error,
 * SES failures above a threshold, and a missed daily run (no `RunCompleted` in a day).
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const key = new Key(this, "TopicKey", {
      enableKeyRotation: true,
      description: "Encrypts the supervision reminders alarm topic",
    });
    key.grantEncryptDecrypt(new ServicePrincipal("cloudwatch.amazonaws.com"));
    this.topic = new Topic(this, "Topic", {
      masterKey: key,
      enforceSSL: true,
      displayName: "Supervision reminders alarms",
    });
    for (const email of props.config.operations.alarmEmails)
      this.topic.addSubscription(new EmailSubscription(email));
    const action = new SnsAction(this.topic);
    const add = (alarm: Alarm) => {
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };

    for (const [i, queue] of props.deadLetterQueues.entries()) {
      add(
        new Alarm(this, `DeadLetters${i}`, {
          alarmDescription:
            "A scheduled or async invocation failed for good: see the runbook to redrive it.",
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(5),
            statistic: "Maximum",
          }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const [i, fn] of props.functions.entries()) {
      add(
        new Alarm(this, `Errors${i}`, {
          alarmDescription: "A job threw: it will be retried; check its logs.",
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    const jobMetric = (metricName: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: props.dailyJobService },
        period: Duration.days(1),
        statistic: "Sum",
      });
    add(
      new Alarm(this, "SesFailures", {
        alarmDescription:
          "More reminder emails failed today than the configured threshold (bad addresses, SES rejecting).",
        metric: jobMetric("RemindersFailed"),
        threshold: props.config.operations.sesFailuresPerDay,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, "MissedRun", {
        alarmDescription:
          "No reminder run completed today: the schedule did not fire, or every attempt failed.",
        metric: jobMetric("RunCompleted"),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );
  }
}
