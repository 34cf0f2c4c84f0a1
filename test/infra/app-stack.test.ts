import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { REMINDER_TABLE_ACTIONS } from "../../infra/stacks/app-stack";
import { synthStage } from "../helpers/synth";

const { stateless, facts } = await synthStage();
type Statement = {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
};

function statementsOf(functionName: string): Statement[] {
  const fns = stateless.findResources("AWS::Lambda::Function", {
    Properties: { FunctionName: functionName },
  });
  const fn = Object.values(fns)[0] as { Properties: { Role: { "Fn::GetAtt": [string, string] } } };
  const roleId = fn.Properties.Role["Fn::GetAtt"][0];
  const policies = stateless.findResources("AWS::IAM::Policy");
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actions = (s: Statement) => [s.Action].flat();

describe("schedules", () => {
  it("runs the daily reminders at 07:00 London every day, with bounded retries and a DLQ, in the job's group", () => {
    stateless.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 7 * * ? *)",
      ScheduleExpressionTimezone: "Europe/London",
      State: "ENABLED",
      GroupName: Match.anyValue(),
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: Match.objectLike({
        Input: JSON.stringify({ scheduledTime: "<aws.scheduler.scheduled-time>" }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
  });

  it("runs the monthly digest at 07:00 London on the 1st", () => {
    stateless.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 7 1 * ? *)",
      ScheduleExpressionTimezone: "Europe/London",
    });
  });

  it("keeps both recurring schedules in their group, and gives each job's one-off schedules a group of their own", () => {
    const groups = Object.values(stateless.findResources("AWS::Scheduler::ScheduleGroup"))
      .map((g) => g.Properties.Name)
      .sort();
    expect(groups).toEqual([
      "supervision-reminders-prod",
      "supervision-reminders-prod-continuations",
      "supervision-reminders-prod-deferrals",
    ]);
    const schedules = Object.values(stateless.findResources("AWS::Scheduler::Schedule"));
    expect(schedules).toHaveLength(2);
    for (const s of schedules) expect(s.Properties.GroupName).toBe("supervision-reminders-prod");
  });

  it("takes a schedule's hour from config and keeps the rest of its defaults", async () => {
    const staging = (await synthStage("staging")).stateless;
    staging.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 6 * * ? *)",
      Description: "Daily supervision reminders and escalations (skips weekends and bank holidays)",
    });
    staging.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "cron(0 6 1 * ? *)",
    });
  });
});

describe("functions", () => {
  it("run current Node.js on ARM64 with JSON logs, tracing and an onFailure destination", () => {
    for (const name of ["send-due-reminders", "monthly-compliance-summary", "import-from-s3"]) {
      stateless.hasResourceProperties("AWS::Lambda::Function", {
        FunctionName: `supervision-reminders-prod-${name}`,
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        LoggingConfig: Match.objectLike({ LogFormat: "JSON" }),
        TracingConfig: { Mode: "Active" },
        Environment: {
          Variables: Match.objectLike({ STAGE: "prod", POWERTOOLS_SERVICE_NAME: name }),
        },
      });
    }
    // The three jobs and the delivery-events function.
    expect(Object.keys(stateless.findResources("AWS::Lambda::EventInvokeConfig")).length).toBe(4);
    stateless.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/aws/lambda/supervision-reminders-prod-send-due-reminders",
      RetentionInDays: 365,
    });
  });

  it("send email only from the configured identity and From address, in the configuration set", () => {
    for (const name of ["send-due-reminders", "monthly-compliance-summary", "import-from-s3"]) {
      const statements = statementsOf(`supervision-reminders-prod-${name}`);
      const ses = statements.filter((s) => actions(s).some((a) => a.startsWith("ses:Send")));
      expect(ses).toHaveLength(1);
      // Reading the account's send rate and quota is the only other SES action.
      const otherSes = statements.filter(
        (s) => actions(s).some((a) => a.startsWith("ses:")) && !ses.includes(s),
      );
      // Only the reminder run reads the account's rate and quota, to pace itself.
      expect(otherSes.map(actions)).toEqual(
        name === "send-due-reminders" ? [["ses:GetAccount"]] : [],
      );
      // SES v2 SendEmail (simple content with attachments) needs only ses:SendEmail: no raw MIME.
      expect(actions(ses[0] as Statement)).toEqual(["ses:SendEmail"]);
      expect(JSON.stringify(ses[0]?.Resource)).toContain(":identity/example.gov.uk");
      expect(JSON.stringify(ses[0]?.Resource)).toContain(
        ":configuration-set/supervision-reminders-prod",
      );
      expect(ses[0]?.Condition).toEqual({
        StringEquals: { "ses:FromAddress": "supervision-reminders@example.gov.uk" },
      });
    }
  });

  it("touch DynamoDB only on the table and the indexes each job queries, never Scan or delete", () => {
    const dynamo = (name: string) =>
      statementsOf(`supervision-reminders-prod-${name}`).filter((s) =>
        actions(s).some((a) => a.startsWith("dynamodb:")),
      );
    for (const name of ["send-due-reminders", "monthly-compliance-summary", "import-from-s3"]) {
      for (const s of dynamo(name)) {
        expect(s.Resource).not.toBe("*");
        expect(actions(s)).not.toContain("dynamodb:Scan");
        expect(actions(s)).not.toContain("dynamodb:DeleteItem");
      }
    }
    const indexes = (name: string) =>
      JSON.stringify(
        dynamo(name)
          .filter((s) => JSON.stringify(s.Resource).includes("/index/"))
          .map((s) => s.Resource),
      );
    expect(indexes("send-due-reminders")).toContain("/index/roster");
    expect(indexes("send-due-reminders")).not.toContain("/index/by-month");
    expect(indexes("monthly-compliance-summary")).toContain("/index/by-month");
  });

  it("let the jobs write only items under their own partition keys (dynamodb:LeadingKeys)", () => {
    const writes = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"];
    for (const [name, keys] of [
      ["send-due-reminders", ["EMAIL#*", "NOTE#*", "TOLD#*", "RUN#*", "MSG#*"]],
      ["monthly-compliance-summary", ["EMAIL#*", "DIGEST#*", "MSG#*"]],
      ["import-from-s3", ["STAFF#*", "IMPORT"]],
    ] as const) {
      const statements = statementsOf(`supervision-reminders-prod-${name}`);
      const writing = statements.filter((s) => actions(s).some((a) => writes.includes(a)));
      expect(writing).toHaveLength(1);
      expect(actions(writing[0] as Statement).sort()).toEqual([...writes].sort());
      expect(writing[0]?.Condition).toEqual({
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": keys },
      });
    }
  });

  it("let the reminder job read the digest's items (the audit draws), on the table, but not write them", () => {
    const statements = statementsOf("supervision-reminders-prod-send-due-reminders");
    const onTable = statements.filter(
      (s) =>
        actions(s).some((a) => a.startsWith("dynamodb:")) &&
        !JSON.stringify(s.Resource).includes("/index/"),
    );
    const reads = onTable.filter((s) => actions(s).includes("dynamodb:GetItem"));
    expect(reads).toHaveLength(1);
    // The actions a run on the stand-ins is held to (write-keys.test.ts): Get then Query of
    // DIGEST#<month>, the manifest and its chunks, among them.
    expect(actions(reads[0] as Statement).sort()).toEqual(
      REMINDER_TABLE_ACTIONS.filter((a) => ["GetItem", "BatchGetItem", "Query"].includes(a))
        .map((a) => `dynamodb:${a}`)
        .sort(),
    );
    // Reads are not held to keys (the roster, the ledger and the digest are all read).
    expect(reads[0]?.Condition).toBeUndefined();
    const writes = onTable.filter((s) => actions(s).includes("dynamodb:PutItem"));
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0]?.Condition)).not.toContain("DIGEST#");
  });

  it("write logs only to their own log group, not through the account-wide basic execution role", () => {
    for (const name of ["send-due-reminders", "monthly-compliance-summary", "import-from-s3"]) {
      const logs = statementsOf(`supervision-reminders-prod-${name}`).filter((s) =>
        actions(s).some((a) => a.startsWith("logs:")),
      );
      expect(logs).toHaveLength(1);
      expect(JSON.stringify(logs[0]?.Resource)).toContain("Logs");
      expect(logs[0]?.Resource).not.toBe("*");
    }
    const roles = Object.values(stateless.findResources("AWS::IAM::Role"));
    const basic = roles.filter((r) =>
      JSON.stringify(r.Properties.ManagedPolicyArns ?? []).includes("AWSLambdaBasicExecutionRole"),
    );
    // Only CDK's own bucket-notification handler still has it (acknowledged on that handler).
    expect(basic).toHaveLength(1);
  });

  it("create and delete schedules only in their own one-off group, never the recurring schedules' group", () => {
    for (const [name, group, role] of [
      ["send-due-reminders", "continuations", "ContinuationsRole"],
      ["monthly-compliance-summary", "deferrals", "DeferralsRole"],
    ] as const) {
      const statements = statementsOf(`supervision-reminders-prod-${name}`);
      const scheduler = statements.filter((s) =>
        actions(s).some((a) => a.startsWith("scheduler:")),
      );
      expect(scheduler).toHaveLength(1);
      expect(actions(scheduler[0] as Statement).sort()).toEqual([
        "scheduler:CreateSchedule",
        "scheduler:DeleteSchedule",
      ]);
      expect(JSON.stringify(scheduler[0]?.Resource)).toContain(
        `:schedule/supervision-reminders-prod-${group}/*`,
      );
      expect(JSON.stringify(scheduler[0]?.Resource)).not.toContain(
        ":schedule/supervision-reminders-prod/",
      );
      const fn = Object.values(
        stateless.findResources("AWS::Lambda::Function", {
          Properties: { FunctionName: `supervision-reminders-prod-${name}` },
        }),
      )[0];
      expect(fn?.Properties.Environment.Variables.SCHEDULE_GROUP).toBe(
        `supervision-reminders-prod-${group}`,
      );
      const pass = statements.find((s) => actions(s).includes("iam:PassRole"));
      expect(pass?.Resource).toEqual({
        "Fn::GetAtt": [expect.stringContaining(role), "Arn"],
      });
      expect(pass?.Condition).toEqual({
        StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" },
      });
    }
    expect(
      statementsOf("supervision-reminders-prod-import-from-s3").some((s) =>
        actions(s).includes("iam:PassRole"),
      ),
    ).toBe(false);
  });

  it("never give Resource * to SES, DynamoDB, Scheduler or PassRole", () => {
    for (const name of ["send-due-reminders", "monthly-compliance-summary", "import-from-s3"]) {
      for (const s of statementsOf(`supervision-reminders-prod-${name}`)) {
        // ses:GetAccount (the account's send rate and quota) has no resource to name.
        const onlyGetAccount = actions(s).join() === "ses:GetAccount";
        if (actions(s).some((a) => /^(ses|dynamodb|scheduler|iam):/.test(a)) && !onlyGetAccount)
          expect(s.Resource).not.toEqual("*");
      }
    }
  });
});

describe("import bucket", () => {
  it("is private, encrypted, versioned and TLS-only, and triggers the import on a READY file", () => {
    stateless.hasResourceProperties("AWS::S3::Bucket", {
      VersioningConfiguration: { Status: "Enabled" },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: "import-bucket/" }),
    });
    const importBucketId = facts.logicalIds.importBucket;
    stateless.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: importBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
    stateless.hasResourceProperties("Custom::S3BucketNotifications", {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ["s3:ObjectCreated:*"],
            Filter: {
              Key: {
                FilterRules: Match.arrayWith([
                  { Name: "suffix", Value: "/READY" },
                  { Name: "prefix", Value: "imports/" },
                ]),
              },
            },
          }),
        ],
      },
    });
    stateless.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Retain" });
  });

  it("deletes raw exports (and their old versions) well inside the leavers' retention", () => {
    stateless.hasResourceProperties("AWS::S3::Bucket", {
      VersioningConfiguration: { Status: "Enabled" },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Id: "expire-raw-exports",
            Status: "Enabled",
            ExpirationInDays: 90,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          }),
        ],
      },
    });
  });

  it("runs one import at a time, and alarms when an import's result email is not sent", () => {
    stateless.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "supervision-reminders-prod-import-from-s3",
      ReservedConcurrentExecutions: 1,
    });
    const alarms = Object.values(stateless.findResources("AWS::CloudWatch::Alarm")).map(
      (a) => a.Properties,
    );
    expect(alarms.find((a) => a.MetricName === "ImportNotifyFailed")).toMatchObject({
      Namespace: "SupervisionReminders",
      Dimensions: [
        { Name: "service", Value: "import-from-s3" },
        { Name: "stage", Value: "prod" },
      ],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: expect.any(Array),
    });
  });
});

describe("alarms", () => {
  it("email the configured people through an encrypted topic", () => {
    stateless.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "platform-support@example.gov.uk",
    });
    stateless.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
  });

  it("watch every dead-letter queue, every function, SES failures and a missed daily run", () => {
    const alarms = Object.values(stateless.findResources("AWS::CloudWatch::Alarm")).map(
      (a) => a.Properties,
    );
    // Schedules', each function's onFailure queue, and the delivery-events rule's.
    expect(
      alarms.filter((a) => a.MetricName === "ApproximateNumberOfMessagesVisible"),
    ).toHaveLength(6);
    expect(
      alarms.filter((a) => a.MetricName === "Errors" && a.Namespace === "AWS/Lambda"),
    ).toHaveLength(4);
    const dimensions = [
      { Name: "service", Value: "send-due-reminders" },
      { Name: "stage", Value: "prod" },
    ];
    expect(alarms.find((a) => a.MetricName === "RemindersFailed")).toMatchObject({
      Namespace: "SupervisionReminders",
      Threshold: 5,
      Dimensions: dimensions,
    });
    for (const metric of ["RunIncomplete", "RemindersNotEvaluated", "DigestMissing"]) {
      expect(alarms.find((a) => a.MetricName === metric)).toMatchObject({
        Namespace: "SupervisionReminders",
        Dimensions: dimensions,
        ComparisonOperator: "GreaterThanThreshold",
        Threshold: 0,
      });
    }
    expect(alarms.find((a) => a.MetricName === "RunCompleted")).toMatchObject({
      Dimensions: dimensions,
      ComparisonOperator: "LessThanThreshold",
      Threshold: 1,
      Period: 86400,
      TreatMissingData: "breaching",
    });
    for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
  });
});
