import { describe, expect, it } from "vitest";
import { synthStage } from "../helpers/synth";

const { facts, data, stateless } = await synthStage();

describe("after cdk deploy, the stack says where everything is", () => {
  it("outputs the import bucket, the table, the dashboard URL, the alarm topic and the sending DNS records", () => {
    const outputs = stateless.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        "ImportBucketName",
        "TableName",
        "DashboardUrl",
        "AlarmTopicArn",
        "SesConfigurationSet",
        "SesDkimRecord1",
        "SesMailFromMxRecord",
      ]),
    );
    const bucketId = facts.logicalIds.importBucket;
    expect(outputs.ImportBucketName?.Value).toEqual({ Ref: bucketId });
    expect(JSON.stringify(outputs.TableName?.Value)).toContain("Table");
    expect(outputs.DashboardUrl?.Value).toBe(
      "https://eu-west-2.console.aws.amazon.com/cloudwatch/home?region=eu-west-2#dashboards:name=supervision-reminders-prod",
    );
    const topicId = facts.logicalIds.alarmTopic;
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
    // Six dead-letter queues, each drawn.
    expect(body.match(/ApproximateNumberOfMessagesVisible/g)).toHaveLength(6);
  });
});

describe("cdk-nag acknowledgements", () => {
  // Recorded from prod's construct tree when it was synthesised (test/setup/synthesise-stages.ts).
  const acknowledged = () => facts.acknowledgements;

  it("are never applied to a whole stack or the app, where they would hide future findings", () => {
    const found = acknowledged();
    expect(found.length).toBeGreaterThan(5);
    for (const { path, scope } of found) {
      expect(scope === "stack" || scope === "app", path).toBe(false);
    }
  });

  it("each give a reason", () => {
    const text = JSON.stringify(acknowledged().map((a) => a.data));
    expect(text).not.toContain('"reason":""');
    expect(text).not.toMatch(/only lets the function write to its own log group/);
  });
});

describe("stages", () => {
  it("pin each deployable stage's account and region", async () => {
    for (const stage of ["prod", "staging"] as const) {
      const { facts: b } = await synthStage(stage);
      expect(b.data.account).toMatch(/^\d{12}$/);
      expect(b.app.account).toBe(b.data.account);
      expect(b.app.region).toBe("eu-west-2");
    }
    expect((await synthStage("staging")).facts.data.account).not.toBe(facts.data.account);
  });

  it("the local stage synthesises but refuses deployment, with a CloudFormation rule that says why", async () => {
    const local = await synthStage("local");
    for (const template of [local.data, local.stateless]) {
      const rules = template.toJSON().Rules as Record<string, { Assertions: unknown[] }>;
      expect(JSON.stringify(rules.NotDeployable)).toContain(
        "Stage 'local' is for local runs and offline synth only",
      );
    }
    expect(stateless.toJSON().Rules?.NotDeployable).toBeUndefined();
  });
});
