import { Duration, Validations } from "aws-cdk-lib";
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
import {
  type JobName,
  METRIC,
  METRICS_NAMESPACE,
  type MetricName,
  metricDimensions,
} from "../../shared/config/job-names";

export interface OperationsAlarmsProps {
  readonly config: AppConfig;
  readonly functions: IFunction[];
  readonly deadLetterQueues: IQueue[];
  /** The daily job whose `RunCompleted` metric must appear every day. */
  readonly dailyJobService: JobName;
  /** The import job, whose result email must reach the admins. */
  readonly importService: JobName;
  /** The SES configuration set every email is sent in: its reputation rates are watched. */
  readonly configurationSetName: string;
  /** The job that records SES's delivery events, and counts rejects (`EmailsRejected`). */
  readonly deliveryService: JobName;
}

/**
 * SES's reputation rate for one configuration set (reputation metrics on): a fraction, 0 to 1,
 * over SES's own representative window of recent sends, published to `AWS/SES` with the
 * dimension `ses:configuration-set`.
 */
export function reputationMetric(
  configurationSetName: string,
  rate: "BounceRate" | "ComplaintRate",
  label?: string,
): Metric {
  return new Metric({
    namespace: "AWS/SES",
    metricName: `Reputation.${rate}`,
    dimensionsMap: { "ses:configuration-set": configurationSetName },
    period: Duration.hours(1),
    statistic: "Maximum",
    ...(label ? { label } : {}),
  });
}

/** A job's own metric in this stage: the same dimensions the handlers emit with. */
export function jobMetric(
  service: JobName,
  stage: string,
  metricName: MetricName,
  options: { period?: Duration; statistic?: string; label?: string } = {},
): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: metricDimensions(service, stage),
    period: options.period ?? Duration.days(1),
    statistic: options.statistic ?? "Sum",
    ...(options.label ? { label: options.label } : {}),
  });
}

/**
 * Everything that must wake someone: a message in any dead-letter queue, any function error,
 * SES failures above a threshold, a missed or incomplete daily run, people whose records could
 * not be evaluated, last month's digest not recorded by the 3rd working day, an import whose
 * result email could not be sent, the configuration set's bounce or complaint rate at its
 * threshold, and any email SES rejected.
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
    for (const email of props.config.operations.alarmEmails) {
      const subscription = this.topic.addSubscription(new EmailSubscription(email));
      Validations.of(subscription).acknowledge({
        id: "Serverless-SNSRedrivePolicy",
        reason:
          "An email subscription: an alarm email SNS cannot deliver is not worth redriving, and the alarm stays in ALARM on the console and dashboard.",
      });
    }
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
    const daily = (metricName: MetricName, statistic = "Sum") =>
      jobMetric(props.dailyJobService, props.config.stage, metricName, { statistic });
    const anyInADay = (
      id: string,
      metricName: MetricName,
      description: string,
      statistic = "Sum",
    ) =>
      add(
        new Alarm(this, id, {
          alarmDescription: description,
          metric: daily(metricName, statistic),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    add(
      new Alarm(this, "SesFailures", {
        alarmDescription:
          "More reminder emails failed today than the configured threshold (bad addresses, SES rejecting).",
        metric: daily(METRIC.RemindersFailed),
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
        metric: daily(METRIC.RunCompleted),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );
    anyInADay(
      "IncompleteRun",
      METRIC.RunIncomplete,
      "A reminder run stopped with emails unsent and nothing scheduled to finish it (SES unreachable or quota reached): the next run retries; check SES.",
    );
    anyInADay(
      "NotEvaluated",
      METRIC.RemindersNotEvaluated,
      "Some people's obligations could not be evaluated (a malformed record): nobody is reminded about them until the record is fixed.",
    );
    anyInADay(
      "MissedDigest",
      METRIC.DigestMissing,
      "Last month's compliance digest is not recorded by the 3rd working day: rerun it (README runbook).",
      "Maximum",
    );
    const { bounceRateAlarm, complaintRateAlarm } = props.config.operations;
    const percent = (fraction: number) => `${Number((fraction * 100).toPrecision(3))}%`;
    add(
      new Alarm(this, "BounceRate", {
        alarmDescription: `Emails in the SES configuration set ${props.configurationSetName} bounce at ${percent(bounceRateAlarm)} or more (SES reviews the account at 5% and may stop its sending): find the bounced addresses with \`sent\`, correct them in the HR export and import it (README runbook "Bounce-rate, complaint-rate or reject alarm").`,
        metric: reputationMetric(props.configurationSetName, "BounceRate"),
        threshold: bounceRateAlarm,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // No sends, no rate: nothing to alarm on.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, "ComplaintRate", {
        alarmDescription: `Recipients mark emails in ${props.configurationSetName} as spam at ${percent(complaintRateAlarm)} or more (SES reviews the account at 0.1%): find who complained with \`sent\`, ask why, and check reminders go only to current staff about their own supervisees (README runbook "Bounce-rate, complaint-rate or reject alarm").`,
        metric: reputationMetric(props.configurationSetName, "ComplaintRate"),
        threshold: complaintRateAlarm,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, "EmailRejected", {
        alarmDescription:
          'SES accepted an email and then rejected it (it found a virus in it: an attachment): nothing was delivered. Find it with `sent` and check what it carried (README runbook "Bounce-rate, complaint-rate or reject alarm").',
        metric: jobMetric(props.deliveryService, props.config.stage, METRIC.EmailsRejected, {
          period: Duration.hours(1),
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      new Alarm(this, "ImportResultUnsent", {
        alarmDescription:
          "An import's result email could not be sent: the import itself stands; see `npm run cli -- imports` for its outcome.",
        metric: jobMetric(props.importService, props.config.stage, METRIC.ImportNotifyFailed, {
          period: Duration.hours(1),
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
