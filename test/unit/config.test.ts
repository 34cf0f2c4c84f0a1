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

describe("schedules in config", () => {
  const withDaily = (daily: object) => ({
    stage: "prod",
    region: "eu-west-2",
    schedules: { dailyReminders: { minute: "0", hour: "7", description: "x", ...daily } },
  });

  it("refuses 01:00–02:59 local, which clock changes skip or repeat, naming the field", () => {
    expect(() => parseAppConfig(withDaily({ hour: "1" }), "stages.ts")).toThrow(/01:00–02:59/);
    expect(() => parseAppConfig(withDaily({ hour: "1" }), "stages.ts")).toThrow(
      /schedules\.dailyReminders\.hour/,
    );
    expect(() => parseAppConfig(withDaily({ hour: "7,2" }), "stages.ts")).toThrow(/clock changes/);
    expect(
      parseAppConfig(withDaily({ hour: "6" }), "stages.ts").schedules.dailyReminders.timeZone,
    ).toBe("Europe/London");
  });

  it("refuses an unknown time zone and day with weekDay together", () => {
    expect(() => parseAppConfig(withDaily({ timeZone: "Europe/Atlantis" }), "stages.ts")).toThrow(
      /Europe\/Atlantis/,
    );
    expect(() => parseAppConfig(withDaily({ day: "1", weekDay: "MON" }), "stages.ts")).toThrow(
      /day or weekDay/,
    );
  });
});
