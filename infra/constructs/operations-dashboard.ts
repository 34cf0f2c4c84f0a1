import { Duration, Stack } from "aws-cdk-lib";
import {
  Dashboard,
  GraphWidget,
  GraphWidgetView,
  type IMetric,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { AppConfig } from "../../shared/config/app-config";
import { type JobName, METRIC, type MetricName } from "../../shared/config/job-names";
import { firstRunTime } from "../../shared/config/schedules";
import { jobMetric, reputationMetric } from "./alarms";

export interface OperationsDashboardProps {
  readonly config: AppConfig;
  readonly dashboardName: string;
  /** Every dead-letter queue, with the job it belongs to. */
  readonly deadLetterQueues: { label: string; queue: IQueue }[];
  readonly dailyJobService: JobName;
  readonly digestService: JobName;
  readonly importService: JobName;
  /** The job recording SES's delivery events. */
  readonly deliveryService: JobName;
  /** The SES configuration set every email is sent in. */
  readonly configurationSetName: string;
}

/**
 * One dashboard per stage, answering an admin's first questions: did today's run complete,
 * what went and what failed, is anything stuck in a dead-letter queue, did the last import
 * apply, how is the monthly KPI trending against its target, and are the emails arriving.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;
  readonly url: string;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { stage } = props.config;
    const metric = (service: JobName, name: MetricName, label: string, statistic = "Sum") =>
      jobMetric(service, stage, name, { label, statistic });
    const daily = (name: MetricName, label: string) => metric(props.dailyJobService, name, label);
    const graph = (title: string, left: IMetric[], width = 12) =>
      new GraphWidget({
        title,
        left,
        width,
        height: 6,
        period: Duration.days(1),
        view: GraphWidgetView.BAR,
      });

    this.dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(35),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Supervision reminders — ${stage}\nDaily figures are per day (the daily run starts at ${firstRunTime(props.config.schedules.dailyReminders)} ${props.config.schedules.dailyReminders.timeZone}). Alarms and the runbook: README "Runbook".`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph("Daily run: completed / incomplete", [
        daily(METRIC.RunCompleted, "completed"),
        daily(METRIC.RunIncomplete, "incomplete"),
      ]),
      graph("Reminder emails per day", [
        daily(METRIC.RemindersSent, "sent"),
        daily(METRIC.RemindersFailed, "failed"),
        daily(METRIC.RemindersUndeliverable, "undeliverable (nobody to tell)"),
        daily(METRIC.RemindersNotEvaluated, "not evaluated (malformed record)"),
      ]),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "Dead-letter queues (messages waiting)",
        left: props.deadLetterQueues.map(({ label, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({
            label,
            statistic: "Maximum",
            period: Duration.minutes(5),
          }),
        ),
        width: 12,
        height: 6,
      }),
      graph("Imports: the latest bar is the last import's outcome", [
        metric(props.importService, METRIC.ImportSucceeded, "succeeded"),
        metric(props.importService, METRIC.ImportRejected, "rejected or refused"),
        metric(props.importService, METRIC.ImportFailed, "failed (retried)"),
        metric(props.importService, METRIC.ImportNotifyFailed, "result email not sent"),
      ]),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "Monthly KPI: % of operational staff supervised",
        left: [
          metric(props.digestService, METRIC.CompliancePercent, "compliance %", "Maximum").with({
            period: Duration.days(1),
          }),
        ],
        leftYAxis: { min: 0, max: 100, showUnits: false },
        leftAnnotations: [
          { value: props.config.policy.kpi.targetPercent, label: "target", color: "#2ca02c" },
        ],
        view: GraphWidgetView.TIME_SERIES,
        // The trend is monthly: show thirteen months whatever the dashboard's range.
        start: "-P400D",
        width: 12,
        height: 6,
      }),
      graph("Monthly digest", [
        metric(props.digestService, METRIC.DigestsSent, "sent"),
        metric(props.digestService, METRIC.DigestsFailed, "failed"),
        metric(
          props.dailyJobService,
          METRIC.DigestMissing,
          "not recorded by 3rd working day",
          "Maximum",
        ),
      ]),
    );
    const delivery = (name: MetricName, label: string) =>
      metric(props.deliveryService, name, label);
    const { bounceRateAlarm, complaintRateAlarm } = props.config.operations;
    this.dashboard.addWidgets(
      graph("Email delivery per day (SES events)", [
        delivery(METRIC.EmailsDelivered, "delivered"),
        delivery(METRIC.EmailsBounced, "bounced (hard and soft)"),
        delivery(METRIC.EmailsHardBounced, "bounced hard (the address does not work)"),
        delivery(METRIC.EmailsComplained, "complained"),
        delivery(METRIC.EmailsRejected, "rejected"),
        delivery(METRIC.EmailsDelayed, "delayed"),
      ]),
      new GraphWidget({
        title: `SES reputation of ${props.configurationSetName} (alarm lines)`,
        left: [reputationMetric(props.configurationSetName, "BounceRate", "bounce rate")],
        right: [reputationMetric(props.configurationSetName, "ComplaintRate", "complaint rate")],
        leftAnnotations: [{ value: bounceRateAlarm, label: "bounce alarm", color: "#d62728" }],
        rightAnnotations: [
          { value: complaintRateAlarm, label: "complaint alarm", color: "#ff7f0e" },
        ],
        view: GraphWidgetView.TIME_SERIES,
        width: 12,
        height: 6,
      }),
    );
    const region = Stack.of(this).region;
    this.url = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${props.dashboardName}`;
  }
}
