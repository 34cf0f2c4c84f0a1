import { Match } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { synthStage } from "../helpers/synth";

// The prod Data stack, which holds the table.
const { data: template } = await synthStage("prod");

describe("data stack", () => {
  it("keeps the table safe: retained, deletion protection, PITR, encrypted, on demand", () => {
    template.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        TableName: "supervision-reminders-prod",
        BillingMode: "PAY_PER_REQUEST",
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it("has the keys and indexes the store queries", () => {
    const [table] = Object.values(template.findResources("AWS::DynamoDB::GlobalTable"));
    const props = table?.Properties;
    expect(props.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(
      props.GlobalSecondaryIndexes.map((i: { IndexName: string; KeySchema: unknown }) => [
        i.IndexName,
        i.KeySchema,
      ]),
    ).toEqual([
      [
        "roster",
        [
          { AttributeName: "gsi1pk", KeyType: "HASH" },
          { AttributeName: "gsi1sk", KeyType: "RANGE" },
        ],
      ],
      [
        "by-month",
        [
          { AttributeName: "gsi2pk", KeyType: "HASH" },
          { AttributeName: "gsi2sk", KeyType: "RANGE" },
        ],
      ],
    ]);
  });
});
