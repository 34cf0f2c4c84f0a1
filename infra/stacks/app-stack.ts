import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
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
import { MONTH_INDEX, ROSTER_INDEX } from "../../shared/adapters/dynamodb/table-design";
import type { AppConfig } from "../../shared/config/app-config";
import { OperationsAlarms } from "../constructs/alarms";
import { JobFunction } from "../constructs/job-function";
import { JobSchedule } from "../constructs/job-schedule";
import {
  allowOneOffSchedules,
  allowReadImports,
  allowSendEmail,
  allowTable,
} from "../constructs/permissions";

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
 * The stateless half: one function per job, their schedules in a named group, the import
 * bucket, and the alarms. Everything here can be destroyed and redeployed; data lives in the
 * data stack (and the retained import bucket).
 */
export class AppStack extends Stack {
  readonly reminders: JobFunction;
  readonly summary: JobFunction;
  readonly importer: JobFunction;
  readonly importBucket: Bucket;
  readonly alarms: OperationsAlarms;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, table } = props;
    const groupName = `supervision-reminders-${config.stage}`;
    const group = new ScheduleGroup(this, "Schedules", { scheduleGroupName: groupName });
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
    // The role one-off schedules (continuations, deferrals) run as: it may invoke the two jobs only.
    const schedulerRole = new Role(this, "OneOffScheduleRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
      description: "Lets one-off EventBridge schedules invoke the supervision reminder jobs",
    });
    const common = {
      TABLE_NAME: table.tableName,
      SCHEDULE_GROUP: groupName,
      SCHEDULER_ROLE_ARN: schedulerRole.roleArn,
    };

    this.reminders = new JobFunction(this, "SendDueReminders", {
      job: "send-due-reminders",
      config,
      timeout: Duration.minutes(15),
    });
    this.summary = new JobFunction(this, "MonthlyComplianceSummary", {
      job: "monthly-compliance-summary",
      config,
      timeout: Duration.minutes(10),
    });
    this.importer = new JobFunction(this, "ImportFromS3", {
      job: "import-from-s3",
      config,
      timeout: Duration.minutes(15),
      memorySize: 1024,
    });
    for (const job of [this.reminders, this.summary]) {
      for (const [k, v] of Object.entries({ ...common, FUNCTION_ARN: job.arnOf() }))
        job.fn.addEnvironment(k, v);
      schedulerRole.addToPolicy(
        new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [job.arnOf()] }),
      );
      allowOneOffSchedules(job.fn, groupName, schedulerRole);
      allowSendEmail(job.fn, config);
    }
    this.importer.fn.addEnvironment("TABLE_NAME", table.tableName);
    allowSendEmail(this.importer.fn, config);
    allowTable(this.reminders.fn, table, LEDGER_WRITES, [ROSTER_INDEX.name]);
    allowTable(this.summary.fn, table, LEDGER_WRITES, [ROSTER_INDEX.name, MONTH_INDEX.name]);
    allowTable(
      this.importer.fn,
      table,
      ["BatchGetItem", "BatchWriteItem", "Query"],
      [ROSTER_INDEX.name],
    );

    new JobSchedule(this, "DailyReminders", {
      config: config.schedules.dailyReminders,
      group,
      target: this.reminders.fn,
      deadLetterQueue: scheduleDeadLetters,
    });
    new JobSchedule(this, "MonthlySummary", {
      config: config.schedules.monthlySummary,
      group,
      target: this.summary.fn,
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

    this.alarms = new OperationsAlarms(this, "Alarms", {
      config,
      functions: [this.reminders.fn, this.summary.fn, this.importer.fn],
      deadLetterQueues: [
        scheduleDeadLetters,
        this.reminders.failures,
        this.summary.failures,
        this.importer.failures,
      ],
      dailyJobService: "send-due-reminders",
    });
    this.acknowledgeGeneratedResources();
  }

  /** Findings on resources CDK generates (no handle to them here), each with its reason. */
  private acknowledgeGeneratedResources(): void {
    const invokeArn = (job: JobFunction) =>
      `AwsSolutions-IAM5[Resource::<${this.getLogicalId(job.fn.node.defaultChild as never)}.Arn>:*]`;
    Validations.of(this).acknowledge(
      {
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        reason:
          "CDK's bucket-notification helper only writes its own logs with the basic execution role.",
      },
      {
        id: invokeArn(this.reminders),
        reason:
          "The schedule's role may invoke the reminders function's versions and aliases, nothing else.",
      },
      {
        id: invokeArn(this.summary),
        reason:
          "The schedule's role may invoke the summary function's versions and aliases, nothing else.",
      },
      {
        id: "Serverless-SNSRedrivePolicy",
        reason:
          "Alarm email subscriptions: an undelivered alarm email is not worth redriving; the alarm stays in ALARM.",
      },
      {
        id: "@aws-cdk/core:crossStackReferencesDefaultStrong",
        reason:
          "The app stack depends on the data stack's table on purpose; the table is retained.",
      },
    );
  }
}
