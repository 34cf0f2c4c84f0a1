import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import type { Obligation } from "../../shared/domain/obligations";
import {
  notificationKey,
  type PlannedEmail,
  planReminders,
  proposedSessions,
} from "../../shared/domain/reminder-plan";
import { isWorkingDay, workingDayOnOrAfter } from "../../shared/domain/working-days";
import { defaultCalendar } from "../helpers/calendar";
import { aPerson } from "../helpers/people";

const reminders = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test").reminders;
const roster = [
  aPerson({ staffId: "D", supervisorId: undefined, role: "other" }),
  aPerson({ staffId: "HS", supervisorId: "D", role: "head_of_service" }),
  aPerson({ staffId: "TM", supervisorId: "HS", role: "team_manager" }),
  aPerson({ staffId: "W1", supervisorId: "TM" }),
];

function obligation(overrides: Partial<Obligation>): Obligation {
  return {
    staffId: "W1",
    supervisorId: "TM",
    kind: "supervision",
    stage: "overdue",
    dueDate: "2024-03-01",
    overdueFrom: "2024-03-15",
    escalatedFrom: "2024-05-02",
    ...overrides,
  };
}

describe("reminder cadence", () => {
  it("tells the supervisor of due soon and due once per due date", () => {
    for (const stage of ["due_soon", "due"] as const) {
      const a = planReminders("2024-03-01", [obligation({ stage })], roster, reminders);
      const b = planReminders("2024-03-04", [obligation({ stage })], roster, reminders);
      expect(a.emails).toHaveLength(1);
      expect(a.emails[0]?.recipientId).toBe("TM");
      expect(notificationKey(a.emails[0]?.notifications[0] as never)).toBe(
        notificationKey(b.emails[0]?.notifications[0] as never),
      );
    }
  });

  it("repeats overdue weekly from the day it became overdue", () => {
    const key = (date: string) =>
      notificationKey(
        planReminders(date, [obligation({})], roster, reminders).emails[0]
          ?.notifications[0] as never,
      );
    expect(key("2024-03-15")).toBe(key("2024-03-21"));
    expect(key("2024-03-22")).not.toBe(key("2024-03-21"));
    expect(key("2024-03-22")).toBe(key("2024-03-28"));
  });

  it("sends nothing for not due or paused", () => {
    const plan = planReminders(
      "2024-03-01",
      [obligation({ stage: "paused" }), obligation({ stage: "not_due" })],
      roster,
      reminders,
    );
    expect(plan.emails).toEqual([]);
  });
});

describe("escalation", () => {
  const escalated = obligation({ stage: "escalated" });

  it("goes to the supervisor's manager, weekly, besides the supervisor's own reminder", () => {
    const plan = planReminders("2024-05-02", [escalated], roster, reminders);
    expect(plan.emails.map((e) => [e.emailKind, e.recipientId])).toEqual([
      ["reminder", "TM"],
      ["escalation", "HS"],
    ]);
    const week = (date: string) =>
      planReminders(date, [escalated], roster, reminders).emails[1]?.notifications[0]?.period;
    expect(week("2024-05-08")).toBe("w0");
    expect(week("2024-05-09")).toBe("w1");
  });

  it("climbs one level each period it stays unresolved, and stops at the top", () => {
    const recipient = (date: string) =>
      planReminders(date, [escalated], roster, reminders).emails.find(
        (e) => e.emailKind === "escalation",
      )?.recipientId;
    expect(recipient("2024-05-29")).toBe("HS"); // 27 days
    expect(recipient("2024-05-30")).toBe("D"); // 28 days: one level up
    expect(recipient("2024-09-30")).toBe("D"); // nobody above the director
  });

  it("sends a manager's own training reminder to their manager", () => {
    const training = obligation({
      staffId: "TM",
      supervisorId: "HS",
      kind: "training",
      stage: "due",
    });
    expect(planReminders("2024-03-01", [training], roster, reminders).emails[0]?.recipientId).toBe(
      "HS",
    );
  });

  it("records what nobody can be told about, and goes on", () => {
    const plan = planReminders(
      "2024-05-02",
      [
        obligation({ staffId: "D", supervisorId: undefined, kind: "appraisal" }),
        obligation({ staffId: "W9", supervisorId: "GONE" }),
        obligation({ staffId: "HS", supervisorId: "D", stage: "escalated" }),
        obligation({}),
      ],
      roster,
      reminders,
    );
    expect(plan.undeliverable).toEqual([
      { staffId: "D", kind: "appraisal", reason: "no_supervisor" },
      { staffId: "W9", kind: "supervision", reason: "supervisor_not_active" },
      { staffId: "HS", kind: "supervision", reason: "no_manager_to_escalate_to" },
    ]);
    expect(plan.emails.map((e) => e.recipientId).sort()).toEqual(["D", "TM"]);
  });
});

describe("working days", () => {
  it("skips weekends, England and Wales bank holidays and closure days", () => {
    expect(isWorkingDay("2024-03-20", defaultCalendar)).toBe(true);
    expect(isWorkingDay("2024-03-23", defaultCalendar)).toBe(false); // Saturday
    expect(isWorkingDay("2024-03-29", defaultCalendar)).toBe(false); // Good Friday
    expect(isWorkingDay("2026-12-28", defaultCalendar)).toBe(false); // Boxing Day substitute
    expect(isWorkingDay("2024-12-27", { ...defaultCalendar, closureDays: ["2024-12-27"] })).toBe(
      false,
    );
    expect(workingDayOnOrAfter("2024-03-29", defaultCalendar)).toBe("2024-04-02");
  });

  it("has eight bank holidays in every year it lists (a year half filled in is a mistake)", () => {
    const years = new Set(defaultCalendar.bankHolidays.map((d) => d.slice(0, 4)));
    for (const year of years) {
      expect(
        defaultCalendar.bankHolidays.filter((d) => d.startsWith(`${year}-`)).length,
        year,
      ).toBeGreaterThanOrEqual(8);
    }
  });
});

describe("sessions a reminder proposes", () => {
  const note = (staffId: string, kind: Obligation["kind"], stage: Obligation["stage"]) => ({
    staffId,
    recipientId: "TM",
    kind,
    stage,
    dueDate: "2024-03-20",
    period: "w0",
    emailKind: "reminder" as const,
    level: 0,
  });
  const planned: PlannedEmail = {
    recipientId: "TM",
    emailKind: "reminder",
    notifications: [
      note("W1", "supervision", "overdue"),
      note("W2", "supervision", "escalated"),
      note("W3", "supervision", "due"),
      note("W4", "appraisal", "overdue"),
    ],
  };

  it("proposes one for each overdue or escalated supervision, none for anything else", () => {
    const sessions = proposedSessions(planned, "2024-03-20", defaultCalendar);
    expect(sessions.map((s) => s.staffId)).toEqual(["W1", "W2"]);
    expect(sessions[0]).toEqual({ staffId: "W1", dueDate: "2024-03-20", date: "2024-03-21" });
  });

  it("on the next working day: over a weekend, and over Easter", () => {
    expect(proposedSessions(planned, "2024-03-22", defaultCalendar)[0]?.date).toBe("2024-03-25");
    // Maundy Thursday 2024: Good Friday and Easter Monday are bank holidays.
    expect(proposedSessions(planned, "2024-03-28", defaultCalendar)[0]?.date).toBe("2024-04-02");
  });
});
