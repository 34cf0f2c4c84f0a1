import { App, Stack } from "aws-cdk-lib";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app";
import { addComplianceChecks } from "../../infra/compliance-checks";

const noBundling = { "aws:cdk:bundling-stacks": [] };

describe("cdk-nag (AwsSolutions and Serverless packs)", () => {
  it("finds nothing unacknowledged in the stacks", () => {
    const app = new App({ context: noBundling });
    buildApp(app, "prod");
    addComplianceChecks(app);
    expect(() => app.synth()).not.toThrow();
  });

  it("does fail synth on a finding, so the check above is real", () => {
    const app = new App({ context: noBundling });
    new Bucket(new Stack(app, "Careless"), "OpenBucket");
    addComplianceChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-S1|AwsSolutions-S10/);
  });
});
