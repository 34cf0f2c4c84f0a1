import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { InvalidConfigError, parseAppConfig } from "../../shared/config/app-config";
import { loadStageConfig } from "../../shared/config/load-stage-config";
import { stages } from "../../shared/config/stages";
import { synthStage } from "../helpers/synth";

// The run's one synthesis (test/setup/synthesise-stages.ts): prod, staging and local.
const { stateless } = await synthStage("prod");
const local = (await synthStage("local")).stateless;

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (template: typeof stateless) =>
  template.toJSON().Resources as Record<string, Resource>;

function functionNamed(functionName: string) {
  const [id, fn] = Object.entries(
    stateless.findResources("AWS::Lambda::Function", {
      Properties: { FunctionName: functionName },
    }),
  )[0] as [
    string,
    {
      Properties: {
        Role: { "Fn::GetAtt": [string, string] };
        Environment: { Variables: Record<string, unknown> };
      };
    },
  ];
  return { id, fn };
}

function statementsOf(functionName: string): Statement[] {
  const roleId = functionNamed(functionName).fn.Properties.Role["Fn::GetAtt"][0];
  return Object.values(stateless.findResources("AWS::IAM::Policy"))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actions = (s: Statement) => [s.Action].flat();
const SENDERS = ["send-due-reminders", "monthly-compliance-summary", "import-from-s3"];
const outputs = () => stateless.toJSON().Outputs as Record<string, { Value: unknown }>;

describe("the sending identity (prod creates it)", () => {
  it("is the From address's domain, with Easy DKIM and a custom MAIL FROM, in the configuration set", () => {
    const identities = Object.values(stateless.findResources("AWS::SES::EmailIdentity"));
    expect(identities).toHaveLength(1);
    expect(identities[0]?.Properties).toMatchObject({
      EmailIdentity: "example.gov.uk",
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: "RSA_2048_BIT" },
      MailFromAttributes: {
        MailFromDomain: "bounce.example.gov.uk",
        BehaviorOnMxFailure: "USE_DEFAULT_VALUE",
      },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: expect.any(String) } },
    });
  });

  it("outputs the DNS records to add: three DKIM CNAMEs, and the MAIL FROM's MX and SPF", () => {
    const out = outputs();
    const identityId = Object.keys(stateless.findResources("AWS::SES::EmailIdentity"))[0];
    for (const n of [1, 2, 3]) {
      expect(out[`SesDkimRecord${n}`]?.Value).toEqual({
        "Fn::Join": [
          " ",
          [
            { "Fn::GetAtt": [identityId, `DkimDNSTokenName${n}`] },
            "CNAME",
            { "Fn::GetAtt": [identityId, `DkimDNSTokenValue${n}`] },
          ],
        ],
      });
    }
    expect(out.SesMailFromMxRecord?.Value).toBe(
      "bounce.example.gov.uk MX 10 feedback-smtp.eu-west-2.amazonses.com",
    );
    expect(out.SesMailFromSpfRecord?.Value).toBe(
      'bounce.example.gov.uk TXT "v=spf1 include:amazonses.com ~all"',
    );
    expect(out.SesConfigurationSet?.Value).toBe("supervision-reminders-prod");
  });

  it("is referenced, not created, when a stage names none: local sends from an existing identity", () => {
    expect(local.findResources("AWS::SES::EmailIdentity")).toEqual({});
    const localOutputs = Object.keys(local.toJSON().Outputs ?? {});
    expect(localOutputs.filter((o) => o.startsWith("SesDkim"))).toEqual([]);
    expect(localOutputs).toContain("SesConfigurationSet");
    local.resourceCountIs("AWS::SES::ConfigurationSet", 1);
  });
});

describe("the configuration set", () => {
  it("publishes reputation metrics, requires TLS and suppresses bounced and complained-about addresses", () => {
    stateless.resourceCountIs("AWS::SES::ConfigurationSet", 1);
    stateless.hasResourceProperties("AWS::SES::ConfigurationSet", {
      Name: "supervision-reminders-prod",
      ReputationOptions: { ReputationMetricsEnabled: true },
      DeliveryOptions: { TlsPolicy: "REQUIRE" },
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
  });

  it("sends send, delivery, bounce, complaint, reject and delivery-delay events to the default bus", () => {
    const destinations = Object.values(
      stateless.findResources("AWS::SES::ConfigurationSetEventDestination"),
    );
    expect(destinations).toHaveLength(1);
    const destination = destinations[0]?.Properties.EventDestination;
    expect(destination.Enabled).toBe(true);
    expect([...destination.MatchingEventTypes].sort()).toEqual(
      ["bounce", "complaint", "delivery", "deliveryDelay", "reject", "send"].sort(),
    );
    expect(JSON.stringify(destination.EventBridgeDestination.EventBusArn)).toContain(
      ":events:eu-west-2:222222222222:event-bus/default",
    );
  });
});

describe("delivery events", () => {
  it("reach the delivery-events function through a rule on this configuration set, with retries and a dead-letter queue", () => {
    const rules = Object.values(stateless.findResources("AWS::Events::Rule"));
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.Properties;
    // The default bus: no EventBusName.
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.EventPattern).toEqual({
      source: ["aws.ses"],
      detail: { mail: { tags: { "ses:configuration-set": ["supervision-reminders-prod"] } } },
    });
    const { id } = functionNamed("supervision-reminders-prod-delivery-events");
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { "Fn::GetAtt": [id, "Arn"] },
        RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [expect.any(String), "Arn"] } },
      }),
    ]);
    stateless.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      FunctionName: { "Fn::GetAtt": [id, "Arn"] },
      Principal: "events.amazonaws.com",
    });
  });

  it("are recorded by a function like the others: its table, logs and onFailure queue", () => {
    stateless.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "supervision-reminders-prod-delivery-events",
      Runtime: "nodejs24.x",
      Environment: {
        Variables: Match.objectLike({
          STAGE: "prod",
          POWERTOOLS_SERVICE_NAME: "delivery-events",
          TABLE_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it("may read and write only message and recipient items: no batch, no Scan, no delete, no index", () => {
    const dynamo = statementsOf("supervision-reminders-prod-delivery-events").filter((s) =>
      actions(s).some((a) => a.startsWith("dynamodb:")),
    );
    expect(dynamo.flatMap(actions).sort()).toEqual(
      ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"].sort(),
    );
    const writing = dynamo.filter((s) => actions(s).includes("dynamodb:PutItem"));
    expect(writing).toHaveLength(1);
    expect(writing[0]?.Condition).toEqual({
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["MSG#*", "EMAIL#*"] },
    });
    expect(JSON.stringify(dynamo.map((s) => s.Resource))).not.toContain("/index/");
    // It sends nothing.
    const ses = statementsOf("supervision-reminders-prod-delivery-events").filter((s) =>
      actions(s).some((a) => a.startsWith("ses:")),
    );
    expect(ses).toEqual([]);
  });
});

describe("every send names the configuration set", () => {
  it("each sending function is told its name, and may send only in it, from the identity", () => {
    for (const name of SENDERS) {
      const functionName = `supervision-reminders-prod-${name}`;
      const { fn } = functionNamed(functionName);
      expect(fn.Properties.Environment.Variables.SES_CONFIGURATION_SET, name).toBe(
        "supervision-reminders-prod",
      );
      const send = statementsOf(functionName).filter((s) => actions(s).includes("ses:SendEmail"));
      expect(send).toHaveLength(1);
      const arns = [send[0]?.Resource].flat().map((r) => JSON.stringify(r));
      expect(arns).toHaveLength(2);
      expect(arns.some((a) => a.includes(':identity/example.gov.uk"'))).toBe(true);
      expect(arns.some((a) => a.includes(':configuration-set/supervision-reminders-prod"'))).toBe(
        true,
      );
    }
  });
});

describe("delivery alarms", () => {
  const alarms = () =>
    Object.values(resources(stateless))
      .filter((r) => r.Type === "AWS::CloudWatch::Alarm")
      .map((r) => r.Properties);

  it("watch the configuration set's bounce and complaint rates at the configured thresholds", () => {
    const operations = loadStageConfig("prod").operations;
    for (const [metricName, threshold] of [
      ["Reputation.BounceRate", operations.bounceRateAlarm],
      ["Reputation.ComplaintRate", operations.complaintRateAlarm],
    ] as const) {
      expect(alarms().filter((a) => a.MetricName === metricName)).toEqual([
        expect.objectContaining({
          Namespace: "AWS/SES",
          Dimensions: [{ Name: "ses:configuration-set", Value: "supervision-reminders-prod" }],
          Threshold: threshold,
          ComparisonOperator: "GreaterThanOrEqualToThreshold",
          TreatMissingData: "notBreaching",
          AlarmActions: [expect.anything()],
          AlarmDescription: expect.stringContaining("README runbook"),
        }),
      ]);
    }
    expect(operations.bounceRateAlarm).toBe(0.02);
    expect(operations.complaintRateAlarm).toBe(0.0005);
  });

  it("fire on any email SES rejected, counted by the delivery-events function", () => {
    expect(alarms().filter((a) => a.MetricName === "EmailsRejected")).toEqual([
      expect.objectContaining({
        Namespace: "SupervisionReminders",
        Dimensions: [
          { Name: "service", Value: "delivery-events" },
          { Name: "stage", Value: "prod" },
        ],
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        Statistic: "Sum",
        AlarmActions: [expect.anything()],
      }),
    ]);
  });

  it("are on the dashboard with the day's delivery outcomes", () => {
    const [dashboard] = Object.values(stateless.findResources("AWS::CloudWatch::Dashboard"));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const metric of [
      "Reputation.BounceRate",
      "Reputation.ComplaintRate",
      "EmailsDelivered",
      "EmailsHardBounced",
      "EmailsComplained",
      "EmailsRejected",
    ])
      expect(body).toContain(metric);
  });
});

describe("a sending identity that cannot work is refused by the config, so cdk synth fails saying why", () => {
  const withEmail = (email: object) => ({
    ...stages.prod,
    email: { ...stages.prod.email, ...email },
  });
  /**
   * The message `cdk synth` prints before exiting 1 (infra/bin/app.ts prints an
   * InvalidConfigError's message, as synth.test.ts checks for an unknown stage), parsed as
   * loadStageConfig parses a stage.
   */
  const failure = (input: object): string => {
    try {
      parseAppConfig(input, "shared/config/stages.ts (stage 'prod')");
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigError);
      return (error as Error).message;
    }
    throw new Error("the config was accepted");
  };

  it("accepts prod as it is", () => {
    expect(parseAppConfig(stages.prod, "stages.ts").email.identity).toEqual({
      domain: "example.gov.uk",
      mailFromSubdomain: "bounce",
    });
  });

  it("a From address at another domain than the identity's", () => {
    const message = failure(withEmail({ identity: { domain: "example.org.uk" } }));
    expect(message).toContain("shared/config/stages.ts (stage 'prod')");
    expect(message).toContain(
      "the From address supervision-reminders@example.gov.uk is not at the identity's domain example.org.uk",
    );
    expect(message).toContain("email.identity.domain");
  });

  it("both or neither of domain and existing, or a MAIL FROM for an existing identity", () => {
    expect(
      failure(withEmail({ identity: { domain: "example.gov.uk", existing: "example.gov.uk" } })),
    ).toMatch(/either domain .* or existing .*, not both[\s\S]*email\.identity/);
    expect(failure(withEmail({ identity: {} }))).toMatch(/give domain .* or existing/);
    expect(
      failure(withEmail({ identity: { existing: "example.gov.uk", mailFromSubdomain: "bounce" } })),
    ).toMatch(/only with domain[\s\S]*email\.identity\.mailFromSubdomain/);
  });

  it("alarm thresholds at or above SES's own review thresholds", () => {
    const message = failure({
      ...stages.prod,
      operations: { ...stages.prod.operations, bounceRateAlarm: 0.05, complaintRateAlarm: 0 },
    });
    expect(message).toMatch(
      /must be below SES's own review threshold 0\.05[\s\S]*operations\.bounceRateAlarm/,
    );
    expect(message).toMatch(/must be above 0[\s\S]*operations\.complaintRateAlarm/);
  });
});
