import { App, Stack, Validations } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { synthStage } from "../helpers/synth";

const { app, built, data, stateless } = synthStage();

describe("after cdk deploy, the stack says where everything is", () => {
  it("outputs the import bucket, the table, the dashboard URL and the alarm topic", () => {
    const outputs = stateless.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(["ImportBucketName", "TableName", "DashboardUrl", "AlarmTopicArn"]),
    );
    const bucketId = built.app.getLogicalId(built.app.importBucket.node.defaultChild as never);
    expect(outputs.ImportBucketName?.Value).toEqual({ Ref: bucketId });
    expect(JSON.stringify(outputs.TableName?.Value)).toContain("Table");
    expect(outputs.DashboardUrl?.Value).toBe(
      "https://eu-west-2.console.aws.amazon.com/cloudwatch/home?region=eu-west-2#dashboards:name=supervision-reminders-prod",
    );
    const topicId = built.app.getLogicalId(built.app.alarms.topic.node.defaultChild as never);
    expect(outputs.AlarmTopicArn?.Value).toEqual({ Ref: topicId });
  });

  it("tags every taggable resource in both stacks with project, stage and data classification", () => {
    const expected = [
      { Key: "data-classification", Value: "official-sensitive" },
      { Key: "project", Value: "supervision-reminders" },
      { Key: "stage", Value: "prod" },
    ];
    let tagged = 0;
    for (const template of [data, stateless]) {
      const resources = template.toJSON().Resources as Record<
        string,
        { Type: string; Properties?: { Tags?: unknown } }
      >;
      for (const [id, resource] of Object.entries(resources)) {
        const tags = resource.Properties?.Tags;
        if (!Array.isArray(tags)) continue;
        tagged++;
        expect(tags, id).toEqual(expect.arrayContaining(expected));
      }
    }
    // The table, functions, roles, queues, buckets, topic, key, log groups…
    expect(tagged).toBeGreaterThan(15);
    const [table] = Object.values(data.findResources("AWS::DynamoDB::GlobalTable"));
    expect(table?.Properties.Replicas[0].Tags).toEqual(expect.arrayContaining(expected));
  });

  it("has a dashboard per stage with the daily run, dead letters, imports and the monthly KPI", () => {
    const dashboards = Object.values(stateless.findResources("AWS::CloudWatch::Dashboard"));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBe("supervision-reminders-prod");
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const metric of [
      "RunCompleted",
      "RunIncomplete",
      "RemindersSent",
      "RemindersFailed",
      "RemindersUndeliverable",
      "RemindersNotEvaluated",
      "ApproximateNumberOfMessagesVisible",
      "ImportSucceeded",
      "ImportRejected",
      "CompliancePercent",
      "DigestMissing",
    ]) {
      expect(body).toContain(metric);
    }
    // Every job metric is this stage's: a test stage's runs cannot stand in for prod's.
    const jobMetrics = body.match(/\\"SupervisionReminders\\",\\"[A-Za-z]+\\"[^\]]*\]/g) ?? [];
    expect(jobMetrics.length).toBeGreaterThanOrEqual(12);
    for (const m of jobMetrics) expect(m).toContain('\\"stage\\",\\"prod\\"');
    // Four dead-letter queues, each drawn.
    expect(body.match(/ApproximateNumberOfMessagesVisible/g)).toHaveLength(4);
  });
});

describe("cdk-nag acknowledgements", () => {
  const acknowledged = () =>
    app.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .map((m) => ({ construct: c, data: m.data as unknown })),
      );

  it("are never applied to a whole stack or the app, where they would hide future findings", () => {
    const found = acknowledged();
    expect(found.length).toBeGreaterThan(5);
    for (const { construct } of found) {
      expect(construct instanceof Stack || construct instanceof App, construct.node.path).toBe(
        false,
      );
    }
  });

  it("each give a reason", () => {
    const text = JSON.stringify(acknowledged().map((a) => a.data));
    expect(text).not.toContain('"reason":""');
    expect(text).not.toMatch(/only lets the function write to its own log group/);
  });
});

describe("stages", () => {
  it("pin each deployable stage's account and region", () => {
    for (const stage of ["prod", "staging"]) {
      const { built: b } = synthStage(stage);
      expect(b.data.account).toMatch(/^\d{12}$/);
      expect(b.app.account).toBe(b.data.account);
      expect(b.app.region).toBe("eu-west-2");
    }
    expect(synthStage("staging").built.data.account).not.toBe(built.data.account);
  });

  it("the local stage synthesises but refuses deployment, with a CloudFormation rule that says why", () => {
    const local = synthStage("local");
    for (const template of [local.data, local.stateless]) {
      const rules = template.toJSON().Rules as Record<string, { Assertions: unknown[] }>;
      expect(JSON.stringify(rules.NotDeployable)).toContain(
        "Stage 'local' is for local runs and offline synth only",
      );
    }
    expect(stateless.toJSON().Rules?.NotDeployable).toBeUndefined();
  });
});
