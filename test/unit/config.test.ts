import { describe, expect, it } from "vitest";
import { loadStageConfig } from "../../infra/config";
import { InvalidConfigError, parseAppConfig } from "../../shared/config/app-config";
import { defaultPolicy } from "../../shared/config/policy";

describe("config", () => {
  it("fills in the policy defaults", () => {
    const config = loadStageConfig("local");
    expect(config.policy).toEqual(defaultPolicy);
    expect(defaultPolicy.supervision).toMatchObject({
      intervalDays: 28,
      overdueAfterDays: 14,
      escalateAfterMonths: 2,
    });
    expect(defaultPolicy.kpi).toEqual({ targetPercent: 90, excludeWhenUnavailableDays: 14 });
  });

  it("rejects a bad value naming the field and the rule", () => {
    const bad = {
      stage: "prod",
      region: "eu-west-2",
      policy: { supervision: { intervalDays: 0 }, kpi: { targetPercent: 120 } },
    };
    expect(() => parseAppConfig(bad, "infra/config/stages.ts")).toThrow(InvalidConfigError);
    try {
      parseAppConfig(bad, "infra/config/stages.ts");
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("infra/config/stages.ts");
      expect(message).toContain("policy.supervision.intervalDays");
      expect(message).toContain("policy.kpi.targetPercent");
    }
  });

  it("rejects an unknown stage with the ones that exist", () => {
    expect(() => loadStageConfig("staging")).toThrow(
      /Unknown stage 'staging': expected one of local, prod/,
    );
  });
});
