import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { LambdaDestination } from "aws-cdk-lib/aws-s3-notifications";
import { ScheduleGroup } from "aws-cdk-lib/aws-scheduler";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import {
  digestPk,
  emailPk,
  IMPORT_PK,
  MONTH_INDEX,
  messagePk,
  notePk,
  ROSTER_INDEX,
  runPk,
  staffPk,
  toldAboutPk,
} from "../../shared/adapters/dynamodb/table-design";
import type { AppConfig } from "../../shared/config/app-config";
import { JOB } from "../../shared/config/job-names";
import { OperationsAlarms } from "../constructs/alarms";
import { JobFunction } from "../constructs/job-function";
import { JobSchedule } from "../constructs/job-schedule";
import { OperationsDashboard } from "../constructs/operations-dashboard";
import {
  allowOneOffSchedules,
  allowReadImports,
  allowReadSendQuota,
  allowSendEmail,
  allowTable,
} from "../constructs/permissions";
import { SendingIdentity } from "../constructs/sending-identity";

export interface AppStackProps extends StackProps {
  readonly config: AppConfig;
  readonly table: ITableV2;
}

const LEDGER_WRITES = [
  "GetItem",
  "PutItem",
  "UpdateItem",
  "BatchGetItem",
  "BatchWriteItem",
  "Query",
];

/**
 * The partition keys each job writes (see table-design.ts): nothing else is theirs to change.
 * Reminders keep what each email said under its recipient (`EMAIL#`) and about each person
 * (`TOLD#`); the digest records no notifications (`NOTE#`), only its claims, its trail entry
 * and its snapshot. Both record which email each SES message id is (`MSG#<id>`), for the
 * delivery events. A test runs each job on the stand-ins and checks every item it wrote is here.
 */
export const REMINDER_WRITE_KEYS = [
  emailPk("*"),
  notePk("*"),
  toldAboutPk("*"),
  runPk("*"),
  messagePk("*"),
];
export const DIGEST_WRITE_KEYS = [emailPk("*"), digestPk("*"), messagePk("*")];
/**
 * What the reminder job may do on the table. Its reads are not held to keys: besides the roster
 * (through its index) and its own ledger items, it reads `DIGEST#<month>`, the monthly digest's
 * manifest (`GetItem`: was last month's recorded?) and its chunks (`Query`: the files drawn for
 * the service managers' audits, named in their reminders), but its writes are held to
 * `REMINDER_WRITE_KEYS`, which has no `DIGEST#`. A test records every request a run makes on the
 * stand-ins and holds it to these.
 */
export const REMINDER_TABLE_ACTIONS = LEDGER_WRITES;
export const REMINDER_INDEXES: string[] = [ROSTER_INDEX.name];
/** Staff records and their history; the import's lock, journal and audit trail. */
export const IMPORT_WRITE_KEYS = [staffPk("*"), IMPORT_PK];
/**
 * The delivery events' function reads a message's `SENT` item and merges what SES said into
 * its `DELIVERY` item (`MSG#`), and marks a hard-bounced address under its recipient (`EMAIL#`).
 * It queries no index: it only writes the month index's attributes on its items.
 */
const DELIVERY_ACTIONS = ["GetItem", "PutItem", "UpdateItem", "Query"];
export const DELIVERY_WRITE_KEYS = [messagePk("*"), emailPk("*")];

/**
 * The stateless half: one function per job, their schedules, the import bucket, the alarms and
 * the dashboard. Everything here can be destroyed and redeployed; data lives in the data stack
 * (and the retained import bucket).
 */
export class AppStack extends Stack {
  readonly reminders: JobFunction;
  readonly digest: JobFunction;
  readonly importer: JobFunction;
  /** Records SES's delivery events (EventBridge) against the messages sent. */
  readonly deliveryEvents: JobFunction;
  readonly sending: SendingIdentity;
  readonly importBucket: Bucket;
  readonly alarms: OperationsAlarms;
  readonly dashboard: OperationsDashboard;
  /** The recurring schedules' group, and each job's group for its one-off schedules. */
  readonly scheduleGroups: { recurring: string; reminders: string; digest: string };

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, table } = props;
    const prefix = `supervision-reminders-${config.stage}`;
    this.scheduleGroups = {
      recurring: prefix,
      reminders: `${prefix}-continuations`,
      digest: `${prefix}-deferrals`,
    };
    const group = new ScheduleGroup(this, "Schedules", {
      scheduleGroupName: this.scheduleGroups.recurring,
    });
    const scheduleDeadLetters = new Queue(this, "ScheduleDeadLetters", {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(scheduleDeadLetters).acknowledge(
      { id: "AwsSolutions-SQS3", reason: "This queue is the schedules' dead-letter queue." },
      {
        id: "Serverless-SQSRedrivePolicy",
        reason: "A dead-letter queue has no further DLQ; it is redriven by hand (README runbook).",
      },
    );

    this.reminders = new JobFunction(this, "SendDueReminders", {
      job: JOB.dailyReminders,
      config,
      timeout: Duration.minutes(15),
    });
    // The construct id and the Lambda name predate the job's rename: changing either would
    // replace the deployed function.
    this.digest = new JobFunction(this, "MonthlyComplianceSummary", {
      job: JOB.monthlyDigest,
      config,
      timeout: Duration.minutes(10),
    });
    this.importer = new JobFunction(this, "ImportFromS3", {
      job: JOB.importFromS3,
      config,
      timeout: Duration.minutes(15),
      // Whole files in memory: 10,000 staff with 3 years of history take about 1 GB to import.
      memorySize: 3008,
      // One import at a time: the lock would turn a second away anyway, but not run two.
      reservedConcurrentExecutions: 1,
    });
    this.allowOneOffs(this.reminders, "Continuations", this.scheduleGroups.reminders);
    this.allowOneOffs(this.digest, "Deferrals", this.scheduleGroups.digest);
    this.sending = new SendingIdentity(this, "Sending", { config });
    for (const job of [this.reminders, this.digest, this.importer]) {
      job.fn.addEnvironment("TABLE_NAME", table.tableName);
      // Every send names it (the identity's default too, when the stack created it).
      job.fn.addEnvironment("SES_CONFIGURATION_SET", this.sending.configurationSetName);
      allowSendEmail(job.fn, config);
    }
    allowReadSendQuota(this.reminders.fn);
    allowTable(
      this.reminders.fn,
      table,
      REMINDER_TABLE_ACTIONS,
      REMINDER_INDEXES,
      REMINDER_WRITE_KEYS,
    );
    allowTable(
      this.digest.fn,
      table,
      LEDGER_WRITES,
      [ROSTER_INDEX.name, MONTH_INDEX.name],
      DIGEST_WRITE_KEYS,
    );
    // The lock and journal are single conditional items (Get/Put/Update); the records go in batches.
    allowTable(this.importer.fn, table, LEDGER_WRITES, [ROSTER_INDEX.name], IMPORT_WRITE_KEYS);
    this.deliveryEvents = new JobFunction(this, "DeliveryEvents", {
      job: JOB.deliveryEvents,
      config,
      // One event, a few small items: seconds at most.
      timeout: Duration.minutes(1),
    });
    this.deliveryEvents.fn.addEnvironment("TABLE_NAME", table.tableName);
    allowTable(this.deliveryEvents.fn, table, DELIVERY_ACTIONS, [], DELIVERY_WRITE_KEYS);
    const deliveryDeadLetters = this.receiveDeliveryEvents(this.deliveryEvents);

    new JobSchedule(this, "DailyReminders", {
      config: config.schedules.dailyReminders,
      group,
      target: this.reminders.fn,
      deadLetterQueue: scheduleDeadLetters,
    });
    // The construct id predates the rename: changing it would replace the deployed schedule.
    new JobSchedule(this, "MonthlySummary", {
      config: config.schedules.monthlyDigest,
      group,
      target: this.digest.fn,
      deadLetterQueue: scheduleDeadLetters,
    });

    const accessLogs = new Bucket(this, "ImportAccessLogs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This is the access-log bucket; logging it to itself would loop.",
    });
    this.importBucket = new Bucket(this, "ImportBucket", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "import-bucket/",
      // Raw HR exports hold the table's personal data: they must not outlive its retention.
      lifecycleRules: [
        {
          id: "expire-raw-exports",
          expiration: Duration.days(config.operations.importFilesKeepDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    allowReadImports(this.importer.fn, this.importBucket);
    this.importBucket.addEventNotification(
      EventType.OBJECT_CREATED,
      new LambdaDestination(this.importer.fn),
      {
        prefix: "imports/",
        suffix: "/READY",
      },
    );

    const deadLetterQueues = [
      { label: "schedules", queue: scheduleDeadLetters },
      { label: JOB.dailyReminders, queue: this.reminders.failures },
      { label: JOB.monthlyDigest, queue: this.digest.failures },
      { label: JOB.importFromS3, queue: this.importer.failures },
      { label: "delivery events (EventBridge)", queue: deliveryDeadLetters },
      { label: JOB.deliveryEvents, queue: this.deliveryEvents.failures },
    ];
    this.alarms = new OperationsAlarms(this, "Alarms", {
      config,
      functions: [this.reminders.fn, this.digest.fn, this.importer.fn, this.deliveryEvents.fn],
      deadLetterQueues: deadLetterQueues.map((d) => d.queue),
      dailyJobService: JOB.dailyReminders,
      importService: JOB.importFromS3,
      configurationSetName: this.sending.configurationSetName,
      deliveryService: JOB.deliveryEvents,
    });
    this.dashboard = new OperationsDashboard(this, "Dashboard", {
      config,
      dashboardName: prefix,
      deadLetterQueues,
      dailyJobService: JOB.dailyReminders,
      digestService: JOB.monthlyDigest,
      importService: JOB.importFromS3,
      deliveryService: JOB.deliveryEvents,
      configurationSetName: this.sending.configurationSetName,
    });
    this.acknowledgeGeneratedResources();

    // What an admin needs after `cdk deploy`: printed by the CLI, and in the stack's Outputs.
    new CfnOutput(this, "ImportBucketName", {
      description: "Upload HR exports to s3://<this>/imports/<name>/, then an empty READY file",
      value: this.importBucket.bucketName,
    });
    new CfnOutput(this, "TableName", {
      description: "The DynamoDB table (STORE=aws TABLE_NAME=<this> for the CLI)",
      value: table.tableName,
    });
    new CfnOutput(this, "DashboardUrl", {
      description: "CloudWatch dashboard: daily runs, dead letters, imports, monthly KPI",
      value: this.dashboard.url,
    });
    new CfnOutput(this, "AlarmTopicArn", {
      description: "SNS topic every alarm notifies; subscribe more people to it here",
      value: this.alarms.topic.topicArn,
    });
  }

  /**
   * SES publishes the configuration set's events to the default bus; a rule there sends this
   * stage's (tagged with its configuration set) to the delivery-events function. EventBridge
   * retries a failed delivery for up to a day, then leaves the event in a dead-letter queue;
   * the function's own failures go to its onFailure queue, as every job's do.
   */
  private receiveDeliveryEvents(job: JobFunction): Queue {
    const deadLetters = new Queue(this, "DeliveryEventDeadLetters", {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(deadLetters).acknowledge(
      {
        id: "AwsSolutions-SQS3",
        reason: "This queue is the delivery-events rule's dead-letter queue.",
      },
      {
        id: "Serverless-SQSRedrivePolicy",
        reason: "A dead-letter queue has no further DLQ; it is redriven by hand (README runbook).",
      },
    );
    new Rule(this, "DeliveryEventsRule", {
      description: `SES delivery events of the configuration set ${this.sending.configurationSetName} to the delivery-events function`,
      eventPattern: {
        // Every event type the configuration set publishes (DELIVERY_EVENT_TYPES): no
        // detail-type filter to drift from it.
        source: ["aws.ses"],
        detail: {
          mail: { tags: { "ses:configuration-set": [this.sending.configurationSetName] } },
        },
      },
      targets: [
        new LambdaFunction(job.fn, {
          deadLetterQueue: deadLetters,
          retryAttempts: 20,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    return deadLetters;
  }

  /**
   * A job's one-off schedules (continuations, deferrals) live in a group of their own, run as a
   * role that may invoke that job alone, and the job may create and delete schedules only there.
   */
  private allowOneOffs(job: JobFunction, id: string, groupName: string): void {
    new ScheduleGroup(this, `${id}Group`, { scheduleGroupName: groupName });
    const role = new Role(this, `${id}Role`, {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
      description: `Lets one-off schedules in ${groupName} invoke ${job.functionName}`,
    });
    role.addToPolicy(
      new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [job.arnOf()] }),
    );
    const environment = {
      SCHEDULE_GROUP: groupName,
      SCHEDULER_ROLE_ARN: role.roleArn,
      FUNCTION_ARN: job.arnOf(),
    };
    for (const [k, v] of Object.entries(environment)) job.fn.addEnvironment(k, v);
    allowOneOffSchedules(job.fn, groupName, role);
  }

  /** Findings on resources CDK generates, acknowledged on those resources with the truth. */
  private acknowledgeGeneratedResources(): void {
    // The bucket-notification custom resource's handler: a CDK singleton with no role option.
    const notifications = this.node.tryFindChild(
      "BucketNotificationsHandler050a0587b7544547bf325f094a3db834",
    );
    if (!notifications)
      throw new Error("CDK's bucket-notification handler moved: re-check cdk-nag");
    Validations.of(notifications).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason:
        "CDK's bucket-notification handler (it sets the import bucket's notification at deploy time) has AWSLambdaBasicExecutionRole, which may create log groups and write logs anywhere in the account; CDK offers no way to narrow it.",
    });
  }
}
