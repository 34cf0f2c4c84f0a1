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
import { reminderWeek, SUMMARY_WEEKDAYS, weekPeriod } from "../../shared/domain/reminder-rhythm";
import { stageOn } from "../../shared/domain/stage";
import { isUrgent, type TodaysEmail, todaysEmails } from "../../shared/domain/todays-emails";
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
const what = (n: Notification) => `${n.staffId}:${n.stage}`;

/** What the ledger knows, as the run keeps it: notifications told, and weekly emails sent. */
class Told {
  readonly keys = new Set<string>();
  readonly weekly = new Set<string>();
  /** The run's choice for the day, recorded as sent. */
  day(plan: ReminderPlan, asOf: string): TodaysEmail[] {
    const week = weekPeriod(plan.week);
    const emails = todaysEmails(
      plan,
      asOf,
      (n) => this.keys.has(notificationKey(n)),
      (e) => this.weekly.has(`${week}|${e.emailKind}#${e.recipientId}`),
    );
    for (const e of emails) {
      for (const n of e.notifications) this.keys.add(notificationKey(n));
      if (e.rhythm === "weekly_summary") this.weekly.add(`${week}|${e.emailKind}#${e.recipientId}`);
    }
    return emails;
  }
}

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
  const shown = (emails: TodaysEmail[]) =>
    emails.map((e) => [e.emailKind, e.rhythm, e.notifications.map(what)]);

  it("sends a weekly recipient everything open on the summary day", () => {
    expect(shown(new Told().day(planOn("2026-03-02", dues), "2026-03-02"))).toEqual([
      ["reminder", "weekly_summary", ["W1:due", "W2:due_soon", "W3:due_soon"]],
    ]);
  });

  it("between summaries sends only urgent news, with what falls due before the next summary", () => {
    const ledger = new Told();
    const day = (date: string) => shown(ledger.day(planOn(date, dues), date));
    day("2026-03-02");
    // Tuesday: W2 falls due, not urgent: no email.
    expect(day("2026-03-03")).toEqual([]);
    // Wednesday: W1 goes overdue; W2 (due) rides on it; W4, due soon but after next Monday, waits.
    expect(day("2026-03-04")).toEqual([["reminder", "update", ["W1:overdue", "W2:due"]]]);
    expect(day("2026-03-05")).toEqual([]);
    // Monday: everything again.
    expect(day("2026-03-09")).toEqual([
      ["reminder", "weekly_summary", ["W1:overdue", "W2:due", "W3:due", "W4:due_soon"]],
    ]);
  });

  it("sends a daily recipient everything open whenever anything is new", () => {
    const people = roster.map((p) =>
      p.staffId === "TM" ? { ...p, reminderFrequency: "daily" as const } : p,
    );
    const ledger = new Told();
    const day = (date: string) =>
      ledger.day(planOn(date, dues, people), date).map((e) => [e.rhythm, e.notifications.length]);
    expect(day("2026-03-02")).toEqual([["daily", 3]]);
    expect(day("2026-03-03")).toEqual([["daily", 3]]); // W2 now due: news
    expect(day("2026-03-03")).toEqual([]); // nothing new on a rerun
  });

  it("sends the week's summary with the next news until it has gone: a failed send, a new store, a new supervisee", () => {
    // Monday's failed (nothing recorded): Tuesday sends it, whatever is urgent.
    const ledger = new Told();
    expect(shown(ledger.day(planOn("2026-03-03", dues), "2026-03-03"))).toEqual([
      ["reminder", "weekly_summary", ["W1:due", "W2:due", "W3:due_soon"]],
    ]);
    expect(ledger.day(planOn("2026-03-03", dues), "2026-03-03")).toEqual([]);
    // Once it has gone, a supervisee back from an absence (W5, due since February) waits.
    const back = { ...dues, W5: "2026-02-20" };
    const people = [...roster, aPerson({ staffId: "W5", supervisorId: "TM" })];
    expect(
      ledger.day(planOn("2026-03-04", back, people), "2026-03-04").map((e) => e.rhythm),
    ).toEqual(
      ["update"], // W1 newly overdue
    );
    expect(ledger.day(planOn("2026-03-05", back, people), "2026-03-05")).toEqual([]);
  });

  it("sends escalations on the summary day; later in the week only if that week's did not go", () => {
    const escalatedDues = { W1: "2025-12-01" };
    const ledger = new Told();
    expect(shown(ledger.day(planOn("2026-03-02", escalatedDues), "2026-03-02"))).toEqual([
      ["reminder", "weekly_summary", ["W1:escalated"]],
      ["escalation", "weekly_summary", ["W1:escalated"]],
    ]);
    // Wednesday: W2 has passed the limit too, by Monday, under a supervisor new to HS's line:
    // the manager already had this week's escalation, so W2 waits for next Monday.
    const both = { ...escalatedDues, W2: "2025-12-20" };
    const wednesday = ledger.day(planOn("2026-03-04", both), "2026-03-04");
    expect(wednesday.filter((e) => e.emailKind === "escalation")).toEqual([]);
    // Had Monday's escalation not gone, Wednesday sends the week's, both people on it.
    const fresh = new Told().day(planOn("2026-03-04", both), "2026-03-04");
    expect(shown(fresh.filter((e) => e.emailKind === "escalation"))).toEqual([
      ["escalation", "weekly_summary", ["W1:escalated", "W2:escalated"]],
    ]);
  });

  it("over any five weeks and summary weekday: everything open in the week's summary, urgent news the day it happens, nothing else between", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -90, max: 40 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom(...SUMMARY_WEEKDAYS),
        (dueOffsets, startOffset, weekday) => {
          const start = addDays("2025-01-06", startOffset);
          const people = [
            ...roster.slice(0, 2),
            ...dueOffsets.map((_, i) => aPerson({ staffId: `P${i}`, supervisorId: "TM" })),
          ];
          const dues = Object.fromEntries(dueOffsets.map((d, i) => [`P${i}`, addDays(start, d)]));
          const cadence = { ...reminders, summaryWeekday: weekday };
          const ledger = new Told();
          for (let i = 0; i < 35; i++) {
            const date = addDays(start, i);
            if (!isWorkingDay(date, defaultCalendar)) continue;
            const plan = planReminders(
              date,
              Object.entries(dues).map(([id, due]) => obligationOn(date, id, due)),
              people,
              cadence,
              defaultCalendar,
            );
            const week = weekPeriod(plan.week);
            const open = plan.emails
              .filter((e) => e.emailKind === "reminder")
              .flatMap((e) => e.notifications);
            const hadSummary = ledger.weekly.has(`${week}|reminder#TM`);
            const unsent = open.filter((n) => !ledger.keys.has(notificationKey(n)));
            const reminder = ledger.day(plan, date).find((e) => e.emailKind === "reminder");
            const carried = new Set(reminder?.notifications.map(notificationKey));
            if (open.length === 0) {
              expect(reminder).toBeUndefined();
            } else if (date === plan.week.summaryDay || !hadSummary) {
              // The week's summary: everything open.
              expect(reminder?.rhythm).toBe("weekly_summary");
              expect(carried.size).toBe(open.length);
            } else {
              // Between summaries: an email only for urgent news, and only what is new.
              expect(reminder !== undefined).toBe(unsent.some(isUrgent));
              if (reminder) expect(reminder.rhythm).toBe("update");
              for (const key of carried) expect(unsent.map(notificationKey)).toContain(key);
            }
            for (const n of unsent.filter(isUrgent))
              expect(carried.has(notificationKey(n)), `${date} ${what(n)}`).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
