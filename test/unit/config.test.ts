import { describe, expect, it } from "vitest";
import { InvalidConfigError, parseAppConfig } from "../../shared/config/app-config";
import { loadStageConfig } from "../../shared/config/load-stage-config";
import { firstRunTime } from "../../shared/config/schedules";
import { defaultPolicy } from "../../shared/domain/settings/policy";

describe("config", () => {
  it("fills in the policy defaults", () => {
    const config = loadStageConfig("local");
    // The one policy setting local makes: the demo department's monthly file audits count.
    expect(config.policy).toEqual({
      ...defaultPolicy,
      audits: { ...defaultPolicy.audits, monthlyFrom: "2025-01" },
    });
    expect(defaultPolicy.audits.monthlyFrom).toBeUndefined();
    expect(loadStageConfig("prod").policy.audits.monthlyFrom).toBe("2026-12");
    expect(defaultPolicy.supervision).toMatchObject({
      intervalDays: 28,
      overdueAfterDays: 14,
      escalateAfterMonths: 2,
    });
    expect(defaultPolicy.kpi).toEqual({
      targetPercent: 90,
      nearTargetPoints: 5,
      excludeWhenUnavailableDays: 14,
    });
  });

  it("rejects a bad value naming the field and the rule", () => {
    const bad = {
      stage: "prod",
      region: "eu-west-2",
      policy: { supervision: { intervalDays: 0 }, kpi: { targetPercent: 120 } },
    };
    expect(() => parseAppConfig(bad, "shared/config/stages.ts")).toThrow(InvalidConfigError);
    try {
      parseAppConfig(bad, "shared/config/stages.ts");
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("shared/config/stages.ts");
      expect(message).toContain("policy.supervision.intervalDays");
      expect(message).toContain("policy.kpi.targetPercent");
    }
  });

  it("has a weekly rhythm on Mondays by default, and refuses a weekend or an unknown frequency by name", () => {
    expect(loadStageConfig("local").reminders).toMatchObject({
      summaryWeekday: "monday",
      defaultFrequency: "weekly",
    });
    const bad = {
      stage: "prod",
      region: "eu-west-2",
      reminders: { summaryWeekday: "sunday", defaultFrequency: "hourly" },
    };
    expect(() => parseAppConfig(bad, "stages.ts")).toThrow(
      /reminders\.summaryWeekday[\s\S]*reminders\.defaultFrequency|reminders\.defaultFrequency[\s\S]*reminders\.summaryWeekday/,
    );
  });

  it("rejects an unknown stage with the ones that exist", () => {
    expect(() => loadStageConfig("qa")).toThrow(
      /Unknown stage 'qa': expected one of local, staging, prod/,
    );
  });

  it("refuses a misspelt key anywhere, naming its full path, instead of taking the default", () => {
    const typo = {
      stage: "prod",
      account: "222222222222",
      region: "eu-west-2",
      reminders: { summaryWeekdy: "friday" },
      policy: { supervision: { asye: { weeklyForWeek: 4 } } },
      schedules: { dailyReminders: { hours: "6" } },
      operation: {},
    };
    expect(() => parseAppConfig(typo, "stages.ts")).toThrow(InvalidConfigError);
    const message = (() => {
      try {
        parseAppConfig(typo, "stages.ts");
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const path of [
      "reminders.summaryWeekdy",
      "policy.supervision.asye.weeklyForWeek",
      "schedules.dailyReminders.hours",
      "→ at operation",
    ]) {
      expect(message).toContain(path);
    }
    expect(message).toContain("unknown key 'summaryWeekdy'");
  });

  it("pins every stage but local to an account, and has a staging example", () => {
    expect(loadStageConfig("prod").account).toMatch(/^\d{12}$/);
    expect(loadStageConfig("staging")).toMatchObject({
      stage: "staging",
      account: expect.stringMatching(/^\d{12}$/),
      region: "eu-west-2",
    });
    expect(loadStageConfig("local").account).toBeUndefined();
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

  it("takes just an hour (a number, as the doc comment says) and keeps the schedule's other defaults", () => {
    const config = parseAppConfig(
      {
        stage: "prod",
        region: "eu-west-2",
        schedules: { dailyReminders: { hour: 6 }, monthlyDigest: { minute: 30 } },
      },
      "stages.ts",
    );
    expect(config.schedules.dailyReminders).toEqual({
      minute: "0",
      hour: "6",
      timeZone: "Europe/London",
      enabled: true,
      description: "Daily supervision reminders and escalations (skips weekends and bank holidays)",
    });
    expect(config.schedules.monthlyDigest).toMatchObject({
      minute: "30",
      hour: "7",
      day: "1",
      description: "Monthly compliance digest for the month just ended",
    });
    expect(
      parseAppConfig(
        { stage: "prod", region: "eu-west-2", schedules: { dailyReminders: { hour: "7,13" } } },
        "s",
      ).schedules.dailyReminders.hour,
    ).toBe("7,13");
    expect(() =>
      parseAppConfig(
        { stage: "prod", region: "eu-west-2", schedules: { dailyReminders: { hour: 2 } } },
        "s",
      ),
    ).toThrow(/clock changes/);
  });

  it("refuses an absurd hour or minute with a readable error, whatever its type", () => {
    for (const absurd of [{ hour: -1 }, { hour: 7.5 }, { hour: true }, { minute: -5 }]) {
      expect(() => parseAppConfig(withDaily(absurd), "stages.ts")).toThrow(InvalidConfigError);
      expect(() => parseAppConfig(withDaily(absurd), "stages.ts")).toThrow(
        /schedules\.dailyReminders\.(hour|minute)/,
      );
    }
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

describe("when a deferred run goes", () => {
  it("at the schedule's earliest time of day, whatever order the hours are listed in", () => {
    expect(firstRunTime({ hour: "7", minute: "0" })).toBe("07:00");
    expect(firstRunTime({ hour: "13,7", minute: "30" })).toBe("07:30");
    expect(firstRunTime({ hour: "16,9,12", minute: "5" })).toBe("09:05");
  });
});

describe("when proposed sessions go (email.invites)", () => {
  const withInvites = (invites: object) => ({
    stage: "prod",
    region: "eu-west-2",
    email: { invites },
  });

  it("defaults to 1-hour sessions between 09:30 and 16:30, three a day", () => {
    expect(loadStageConfig("local").email.invites).toEqual({
      dayStarts: "09:30",
      dayEnds: "16:30",
      minutes: 60,
      perDay: 3,
    });
  });

  it("refuses more a day than the hours hold, and a time that is not HH:MM, naming the field", () => {
    expect(() =>
      parseAppConfig(withInvites({ dayStarts: "10:00", dayEnds: "12:00", perDay: 3 }), "stages.ts"),
    ).toThrow(
      /10:00–12:00 has room for 2 sessions of 60 minutes, not 3[\s\S]*email\.invites\.perDay/,
    );
    expect(() =>
      parseAppConfig(withInvites({ dayStarts: "17:00", dayEnds: "09:00" }), "stages.ts"),
    ).toThrow(/room for 0 sessions/);
    expect(() => parseAppConfig(withInvites({ dayStarts: "9:30" }), "stages.ts")).toThrow(
      /HH:MM, 24-hour[\s\S]*email\.invites\.dayStarts/,
    );
    expect(
      parseAppConfig(withInvites({ dayStarts: "13:00", minutes: 90, perDay: 2 }), "stages.ts").email
        .invites,
    ).toEqual({ dayStarts: "13:00", dayEnds: "16:30", minutes: 90, perDay: 2 });
  });
});
