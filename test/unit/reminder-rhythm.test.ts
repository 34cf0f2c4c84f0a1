import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import { addDays, isoWeekday } from "../../shared/domain/dates";
import type { Obligation } from "../../shared/domain/obligations";
import {
  type Notification,
  notificationKey,
  planReminders,
  type ReminderPlan,
} from "../../shared/domain/reminder-plan";
import { reminderWeek, SUMMARY_WEEKDAYS } from "../../shared/domain/reminder-rhythm";
import { stageOn } from "../../shared/domain/stage";
import { isUrgent, summaryChecks, todaysEmails } from "../../shared/domain/todays-emails";
import { isWorkingDay } from "../../shared/domain/working-days";
import { defaultCalendar } from "../helpers/calendar";
import { aPerson } from "../helpers/people";

const reminders = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test").reminders;
const roster = [
  aPerson({ staffId: "HS", supervisorId: undefined, role: "head_of_service" }),
  aPerson({ staffId: "TM", supervisorId: "HS", role: "team_manager" }),
  ...["W1", "W2", "W3", "W4"].map((id) => aPerson({ staffId: id, supervisorId: "TM" })),
];

/** An obligation as the engine gives it on `asOf`: overdue 14 days after due, past the limit at 60. */
function obligationOn(asOf: string, staffId: string, dueDate: string): Obligation {
  const m = { dueDate, overdueFrom: addDays(dueDate, 14), escalatedFrom: addDays(dueDate, 60) };
  return {
    staffId,
    supervisorId: "TM",
    kind: "supervision",
    stage: stageOn(asOf, m, 7, false),
    ...m,
  };
}

const planOn = (asOf: string, dues: Record<string, string>, people = roster) =>
  planReminders(
    asOf,
    Object.entries(dues).map(([id, due]) => obligationOn(asOf, id, due)),
    people,
    reminders,
    defaultCalendar,
  );

/** The run's choice, with every key sent so far known (the run asks the ledger the same). */
const told = (plan: ReminderPlan, asOf: string, sent: Set<string>) =>
  todaysEmails(plan, asOf, (n) => sent.has(notificationKey(n)));

const what = (n: Notification) => `${n.staffId}:${n.stage}`;

describe("the reminder week", () => {
  it("runs from the configured weekday; its summary is on the first working day", () => {
    expect(reminderWeek("2026-11-25", "monday", defaultCalendar)).toEqual({
      start: "2026-11-23",
      summaryDay: "2026-11-23",
      nextSummaryDay: "2026-11-30",
    });
    expect(reminderWeek("2026-11-23", "wednesday", defaultCalendar)).toEqual({
      start: "2026-11-18",
      summaryDay: "2026-11-18",
      nextSummaryDay: "2026-11-25",
    });
  });

  it("moves a summary to the next working day in a bank holiday week", () => {
    // Easter Monday 2024-04-01: Tuesday's run is the week's summary.
    expect(reminderWeek("2024-04-02", "monday", defaultCalendar).summaryDay).toBe("2024-04-02");
    expect(reminderWeek("2024-03-28", "monday", defaultCalendar).nextSummaryDay).toBe("2024-04-02");
    // The holiday itself still belongs to the week before.
    expect(reminderWeek("2024-04-01", "monday", defaultCalendar).start).toBe("2024-03-25");
    // Christmas 2026 on a Friday, the Boxing Day holiday on Monday 28th: Tuesday 29th.
    expect(reminderWeek("2026-12-30", "friday", defaultCalendar)).toEqual({
      start: "2026-12-25",
      summaryDay: "2026-12-29",
      nextSummaryDay: "2027-01-04",
    });
  });

  it("puts every working day in a week whose summary, a working day, is on or before it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3650 }),
        fc.constantFrom(...SUMMARY_WEEKDAYS),
        (offset, weekday) => {
          const asOf = addDays("2024-01-01", offset);
          const week = reminderWeek(asOf, weekday, defaultCalendar);
          expect(isoWeekday(week.start)).toBe(SUMMARY_WEEKDAYS.indexOf(weekday) + 1);
          expect(isWorkingDay(week.summaryDay, defaultCalendar)).toBe(true);
          expect(week.summaryDay >= week.start).toBe(true);
          expect(week.nextSummaryDay > week.summaryDay).toBe(true);
          if (isWorkingDay(asOf, defaultCalendar)) {
            expect(week.summaryDay <= asOf).toBe(true);
            expect(asOf < week.nextSummaryDay).toBe(true);
          }
        },
      ),
    );
  });
});

describe("what goes today", () => {
  // Monday 2 March 2026 is a summary day; W1 goes overdue on Wednesday 4 March.
  const dues = { W1: "2026-02-18", W2: "2026-03-03", W3: "2026-03-06", W4: "2026-03-11" };

  it("sends a weekly recipient everything open on the summary day", () => {
    const monday = told(planOn("2026-03-02", dues), "2026-03-02", new Set());
    expect(monday.map((e) => [e.recipientId, e.rhythm])).toEqual([["TM", "weekly_summary"]]);
    expect(monday[0]?.notifications.map(what)).toEqual(["W1:due", "W2:due_soon", "W3:due_soon"]);
  });

  it("between summaries sends only urgent news, with what falls due before the next summary", () => {
    const sent = new Set<string>();
    const day = (date: string) => {
      const emails = told(planOn(date, dues), date, sent);
      for (const n of emails.flatMap((e) => e.notifications)) sent.add(notificationKey(n));
      return emails.map((e) => [e.rhythm, e.notifications.map(what)]);
    };
    day("2026-03-02");
    // Tuesday: W2 falls due, not urgent: no email.
    expect(day("2026-03-03")).toEqual([]);
    // Wednesday: W1 goes overdue; W2 (due) rides on it; W4, due soon but after next Monday, waits.
    expect(day("2026-03-04")).toEqual([["update", ["W1:overdue", "W2:due"]]]);
    expect(day("2026-03-05")).toEqual([]);
    // Monday: everything again.
    expect(day("2026-03-09")).toEqual([
      ["weekly_summary", ["W1:overdue", "W2:due", "W3:due", "W4:due_soon"]],
    ]);
  });

  it("sends a daily recipient everything open whenever anything is new", () => {
    const people = roster.map((p) =>
      p.staffId === "TM" ? { ...p, reminderFrequency: "daily" as const } : p,
    );
    const sent = new Set<string>();
    const day = (date: string) => {
      const emails = told(planOn(date, dues, people), date, sent);
      for (const n of emails.flatMap((e) => e.notifications)) sent.add(notificationKey(n));
      return emails.map((e) => [e.rhythm, e.notifications.length]);
    };
    expect(day("2026-03-02")).toEqual([["daily", 3]]);
    expect(day("2026-03-03")).toEqual([["daily", 3]]); // W2 now due: news
    expect(day("2026-03-03")).toEqual([]); // nothing new on a rerun
  });

  it("sends a summary the next working day when the summary day's email did not go", () => {
    const tuesday = told(planOn("2026-03-03", dues), "2026-03-03", new Set());
    expect(tuesday.map((e) => [e.rhythm, e.notifications.length])).toEqual([["weekly_summary", 3]]);
  });

  it("does not resend the summary for an item told nowhere this week when other items were told", () => {
    // W1 is absent on Monday (paused: not listed); back and due on Tuesday. TM had a summary.
    const monday = planOn("2026-03-02", { W2: "2026-03-03" });
    const sent = new Set(
      told(monday, "2026-03-02", new Set()).flatMap((e) => e.notifications.map(notificationKey)),
    );
    expect(sent.size).toBe(1);
    const tuesday = told(
      planOn("2026-03-03", { W1: "2026-02-25", W2: "2026-03-03" }),
      "2026-03-03",
      sent,
    );
    expect(tuesday).toEqual([]);
  });

  it("asks the ledger, for a summary that may have been missed, about the same items at earlier stages", () => {
    const tuesday = planOn("2026-03-03", { W1: "2026-02-25", W2: "2026-03-03" });
    expect(summaryChecks(tuesday, "2026-03-03", () => false).map(what)).toEqual([
      "W1:due_soon",
      "W2:due_soon",
    ]);
    expect(summaryChecks(planOn("2026-03-02", dues), "2026-03-02", () => false)).toEqual([]);
    // Something of theirs already told today's way: nothing to check.
    expect(summaryChecks(tuesday, "2026-03-03", (n) => n.staffId === "W1")).toEqual([]);
  });

  it("sends escalations only as planned (the summary day's), once", () => {
    const escalatedDues = { W1: "2025-12-01" };
    const monday = told(planOn("2026-03-02", escalatedDues), "2026-03-02", new Set());
    expect(monday.map((e) => [e.emailKind, e.recipientId])).toEqual([
      ["reminder", "TM"],
      ["escalation", "HS"],
    ]);
    const sent = new Set(monday.flatMap((e) => e.notifications.map(notificationKey)));
    expect(told(planOn("2026-03-04", escalatedDues), "2026-03-04", sent)).toEqual([]);
  });

  it("over any five weeks: everything open told each summary day, urgent news the day it happens, nothing else between", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -90, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 200 }),
        (dueOffsets, startOffset) => {
          const start = addDays("2025-01-06", startOffset);
          const people = [
            ...roster.slice(0, 2),
            ...dueOffsets.map((_, i) => aPerson({ staffId: `P${i}`, supervisorId: "TM" })),
          ];
          const dues = Object.fromEntries(dueOffsets.map((d, i) => [`P${i}`, addDays(start, d)]));
          const sent = new Set<string>();
          for (let i = 0; i < 35; i++) {
            const date = addDays(start, i);
            if (!isWorkingDay(date, defaultCalendar)) continue;
            const plan = planOn(date, dues, people);
            const emails = told(plan, date, sent);
            const unsentBefore = plan.emails
              .filter((e) => e.emailKind === "reminder")
              .flatMap((e) => e.notifications)
              .filter((n) => !sent.has(notificationKey(n)));
            const reminder = emails.find((e) => e.emailKind === "reminder");
            const carried = new Set(reminder?.notifications.map(notificationKey));
            if (date === plan.week.summaryDay) {
              // Everything open, as there is anything.
              expect(carried.size).toBe(unsentBefore.length);
            } else if (reminder) {
              expect(reminder.rhythm === "update" || reminder.rhythm === "weekly_summary").toBe(
                true,
              );
              if (reminder.rhythm === "update")
                expect(reminder.notifications.some(isUrgent)).toBe(true);
            }
            // Newly overdue or past the limit: told today.
            for (const n of unsentBefore.filter(isUrgent))
              expect(carried.has(notificationKey(n)), `${date} ${what(n)}`).toBe(true);
            for (const key of carried) sent.add(key);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
