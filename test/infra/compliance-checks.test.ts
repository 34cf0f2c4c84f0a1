import { describe, expect, it } from "vitest";
import { replaySynth, synthesis } from "../helpers/synth";

// Both apps were synthesised with cdk-nag's checks once for the run (test/setup/synthesise-stages.ts):
// the prod stage, and a stack holding one bucket with neither access logs nor TLS enforcement.
const { nag } = await synthesis();

describe("cdk-nag (AwsSolutions and Serverless packs)", () => {
  it("finds nothing unacknowledged in the stacks", () => {
    expect(replaySynth(nag.prod)).not.toThrow();
  });

  it("does fail synth on a finding, so the check above is real", () => {
    expect(replaySynth(nag.careless)).toThrow(/AwsSolutions-S1|AwsSolutions-S10/);
  });
});
