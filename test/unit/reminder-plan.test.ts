import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import { addDays } from "../../shared/domain/dates";
import type { Obligation } from "../../shared/domain/obligations";
import {
  type Notification,
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

// 2024-03-04 and 2024-03-11 are Mondays; the default summary weekday is Monday.
const plan = (date: string, list: Obligation[], people = roster, cadence = reminders) =>
  planReminders(date, list, people, cadence, defaultCalendar);
const keyOf = (n: Notification | undefined) => notificationKey(n as Notification);

describe("reminder weeks", () => {
  it("keys every open item by its reminder week: one key Monday to Sunday, a new one each Monday", () => {
    for (const stage of ["due_soon", "due", "overdue"] as const) {
      const key = (date: string) =>
        keyOf(plan(date, [obligation({ stage })]).emails[0]?.notifications[0]);
      expect(key("2024-03-04")).toBe(key("2024-03-10"));
      expect(key("2024-03-11")).not.toBe(key("2024-03-10"));
      expect(plan("2024-03-07", [obligation({ stage })]).emails[0]?.notifications[0]?.period).toBe(
        "wk2024-03-04",
      );
    }
  });

  it("gives a stage its own key, so going overdue mid-week is news that week", () => {
    const due = plan("2024-03-12", [obligation({ stage: "due" })]).emails[0]?.notifications[0];
    const overdue = plan("2024-03-15", [obligation({})]).emails[0]?.notifications[0];
    expect(due?.period).toBe(overdue?.period);
    expect(keyOf(due)).not.toBe(keyOf(overdue));
  });

  it("sends nothing for not due or paused", () => {
    expect(
      plan("2024-03-01", [obligation({ stage: "paused" }), obligation({ stage: "not_due" })])
        .emails,
    ).toEqual([]);
  });

  it("takes each supervisor's own frequency, else the configured default", () => {
    const people = [
      ...roster,
      aPerson({ staffId: "TM2", supervisorId: "HS", reminderFrequency: "daily" }),
      aPerson({ staffId: "W2", supervisorId: "TM2" }),
    ];
    const list = [obligation({}), obligation({ staffId: "W2", supervisorId: "TM2" })];
    const frequencies = (cadence = reminders) =>
      plan("2024-03-20", list, people, cadence).emails.map((e) => [e.recipientId, e.frequency]);
    expect(frequencies()).toEqual([
      ["TM", "weekly"],
      ["TM2", "daily"],
    ]);
    expect(frequencies({ ...reminders, defaultFrequency: "daily" })).toEqual([
      ["TM", "daily"],
      ["TM2", "daily"],
    ]);
  });
});

describe("the backlog from before go-live", () => {
  const live = { ...reminders, goLiveDate: "2024-04-01" }; // a Monday
  // Overdue since 15 March, past the limit from 2 May: already overdue at go-live.
  const old = obligation({});
  // Due 1 April, overdue from 15 April: after go-live.
  const fresh = obligation({
    staffId: "W2",
    dueDate: "2024-04-01",
    overdueFrom: "2024-04-15",
    escalatedFrom: "2024-06-02",
  });
  const planLive = (date: string, list: Obligation[]) =>
    plan(
      date,
      list.map((o) => ({ ...o, stage: date >= o.escalatedFrom ? "escalated" : "overdue" })),
      roster,
      live,
    );

  it("tells the supervisor of what was overdue before go-live as backlog, in the reminder week", () => {
    const [email] = planLive("2024-04-16", [old, fresh]).emails;
    expect(email?.notifications.map((n) => [n.staffId, n.period, n.backlog ?? false])).toEqual([
      ["W1", "wk2024-04-15", true],
      ["W2", "wk2024-04-15", false],
    ]);
  });

  it("keeps one key all week, even when the item passes the limit mid-week", () => {
    const key = (date: string) => keyOf(planLive(date, [old]).emails[0]?.notifications[0]);
    // 2 May, a Thursday, is past the limit; the week began on Monday 29 April. The next one's
    // Monday is a bank holiday: it begins on Tuesday 7 May.
    expect(key("2024-05-01")).toBe(key("2024-05-02"));
    expect(key("2024-05-06")).toBe(key("2024-05-02"));
    expect(key("2024-05-07")).not.toBe(key("2024-05-06"));
    expect(planLive("2024-05-07", [old]).emails[0]?.notifications[0]?.stage).toBe("escalated");
  });

  it("never escalates the backlog; what went overdue after go-live escalates as usual", () => {
    // 3 June 2024 is a Monday: W2 has been past the limit since 2 June.
    const emails = planLive("2024-06-03", [old, fresh]).emails;
    expect(emails.map((e) => [e.emailKind, e.notifications.map((n) => n.staffId)])).toEqual([
      ["reminder", ["W1", "W2"]],
      ["escalation", ["W2"]],
    ]);
  });

  it("is nothing without a go-live date, and proposes no sessions", () => {
    const without = plan("2024-04-16", [old]);
    expect(without.emails[0]?.notifications[0]?.backlog).toBeUndefined();
    const planned = planLive("2024-04-16", [old]).emails[0] as PlannedEmail;
    expect(proposedSessions(planned, "2024-04-16", defaultCalendar, hoursForTests)).toEqual([]);
  });
});

const hoursForTests = { dayStarts: "09:30", dayEnds: "16:30", minutes: 60, perDay: 3 };

describe("escalation", () => {
  const escalated = obligation({ stage: "escalated" }); // past the limit from Thursday 2 May 2024

  it("goes to the supervisor's manager on the week's summary day, besides the supervisor's own reminder", () => {
    // Past the limit on Thursday: the supervisor hears now, the manager on the next summary
    // day, Tuesday 7 May (Monday 6 May is a bank holiday).
    expect(plan("2024-05-02", [escalated]).emails.map((e) => [e.emailKind, e.recipientId])).toEqual(
      [["reminder", "TM"]],
    );
    const summaryDay = plan("2024-05-07", [escalated]);
    expect(summaryDay.week.summaryDay).toBe("2024-05-07");
    expect(summaryDay.emails.map((e) => [e.emailKind, e.recipientId, e.frequency])).toEqual([
      ["reminder", "TM", "weekly"],
      ["escalation", "HS", "weekly"],
    ]);
    // The same key all week, so a manager hears once a week.
    const key = (date: string) => keyOf(plan(date, [escalated]).emails[1]?.notifications[0]);
    expect(key("2024-05-10")).toBe(key("2024-05-07"));
    expect(key("2024-05-13")).not.toBe(key("2024-05-07"));
  });

  it("climbs one level for each escalateUpEveryDays it stays unresolved by the summary day, and stops at the top", () => {
    const recipient = (date: string) =>
      plan(date, [escalated]).emails.find((e) => e.emailKind === "escalation")?.recipientId;
    expect(recipient("2024-05-28")).toBe("HS"); // the summary day (Monday a bank holiday), 26 days
    expect(recipient("2024-05-31")).toBe("HS"); // still as on that summary day
    expect(recipient("2024-06-03")).toBe("D"); // Monday, 32 days: one level up
    expect(recipient("2024-09-30")).toBe("D"); // nobody above the director
  });

  it("sends a manager's own training reminder to their manager", () => {
    const training = obligation({
      staffId: "TM",
      supervisorId: "HS",
      kind: "training",
      stage: "due",
    });
    expect(plan("2024-03-01", [training]).emails[0]?.recipientId).toBe("HS");
  });

  it("records what nobody can be told about, and goes on", () => {
    const result = plan("2024-05-07", [
      obligation({ staffId: "D", supervisorId: undefined, kind: "appraisal" }),
      obligation({ staffId: "W9", supervisorId: "GONE" }),
      obligation({ staffId: "HS", supervisorId: "D", stage: "escalated" }),
      obligation({}),
    ]);
    expect(result.undeliverable).toEqual([
      { staffId: "D", kind: "appraisal", reason: "no_supervisor" },
      { staffId: "W9", kind: "supervision", reason: "supervisor_not_active" },
      { staffId: "HS", kind: "supervision", reason: "no_manager_to_escalate_to" },
    ]);
    expect(result.emails.map((e) => e.recipientId).sort()).toEqual(["D", "TM"]);
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
  const hours = { dayStarts: "09:30", dayEnds: "16:30", minutes: 60, perDay: 3 };
  const note = (
    staffId: string,
    kind: Obligation["kind"],
    stage: Obligation["stage"],
    dueDate = "2024-03-01",
  ): Notification => ({
    staffId,
    recipientId: "TM",
    kind,
    stage,
    dueDate,
    period: "wk2024-03-18",
    emailKind: "reminder" as const,
    level: 0,
    lateFrom: addDays(dueDate, 14),
  });
  const planned: PlannedEmail = {
    recipientId: "TM",
    emailKind: "reminder",
    frequency: "weekly",
    notifications: [
      note("W1", "supervision", "overdue"),
      note("W2", "supervision", "escalated", "2024-02-01"),
      note("W3", "supervision", "due"),
      note("W4", "appraisal", "overdue"),
    ],
  };

  it("proposes one for each overdue or escalated supervision, past the limit first, none for anything else", () => {
    const sessions = proposedSessions(planned, "2024-03-20", defaultCalendar, hours);
    expect(sessions.map((s) => s.staffId)).toEqual(["W2", "W1"]);
    expect(sessions[0]).toEqual({
      staffId: "W2",
      dueDate: "2024-02-01",
      date: "2024-03-21",
      time: "09:30",
      minutes: 60,
      sequence: 34, // first past due + 14 on 15 February
    });
    expect(sessions[1]).toMatchObject({ staffId: "W1", date: "2024-03-21", time: "11:30" });
  });

  it("starts on the next working day: over a weekend, and over Easter", () => {
    const first = (runDate: string) =>
      proposedSessions(planned, runDate, defaultCalendar, hours)[0]?.date;
    expect(first("2024-03-22")).toBe("2024-03-25");
    // Maundy Thursday 2024: Good Friday and Easter Monday are bank holidays.
    expect(first("2024-03-28")).toBe("2024-04-02");
  });

  it("spreads a long list: three a day through the hours, then the following working days", () => {
    const many: PlannedEmail = {
      ...planned,
      notifications: Array.from({ length: 7 }, (_, i) =>
        note(`W${i + 1}`, "supervision", "overdue", `2024-03-0${i + 1}`),
      ),
    };
    const sessions = proposedSessions(many, "2024-03-20", defaultCalendar, hours);
    expect(sessions.map((s) => `${s.staffId} ${s.date} ${s.time}`)).toEqual([
      "W1 2024-03-21 09:30",
      "W2 2024-03-21 11:30",
      "W3 2024-03-21 13:30",
      "W4 2024-03-22 09:30",
      "W5 2024-03-22 11:30",
      "W6 2024-03-22 13:30",
      "W7 2024-03-25 09:30", // Friday, then the weekend
    ]);
  });

  it("proposes only with news about the supervision: an email about something else moves no session", () => {
    const told = new Set([notificationKey(note("W1", "supervision", "overdue"))]);
    const sessions = proposedSessions(
      planned,
      "2024-03-20",
      defaultCalendar,
      hours,
      (n) => !told.has(notificationKey(n)),
    );
    expect(sessions.map((s) => s.staffId)).toEqual(["W2"]);
  });

  it("numbers each later invitation for the same session higher (SEQUENCE: days since it went late)", () => {
    const sequences = ["2024-03-15", "2024-03-22", "2024-03-29", "2024-04-02", "2024-04-05"].map(
      (runDate) => proposedSessions(planned, runDate, defaultCalendar, hours)[1]?.sequence,
    );
    expect(sequences).toEqual([0, 7, 14, 18, 21]);
    // Overdue, then past the limit: the same session (UID) goes on rising.
    const escalated = { ...note("W1", "supervision", "escalated"), period: "w0" };
    const later = proposedSessions(
      { ...planned, notifications: [escalated] },
      "2024-04-16",
      defaultCalendar,
      hours,
    );
    expect(later[0]?.sequence).toBe(32);
  });

  it("property: one per supervisee, on the next working days, within the hours, never two at once", () => {
    const day = (from: string, max: number) =>
      fc.integer({ min: 0, max }).map((n) => addDays(from, n));
    const settings = fc
      .record({
        start: fc.integer({ min: 6 * 4, max: 12 * 4 }).map((q) => q * 15),
        minutes: fc.constantFrom(15, 30, 45, 50, 60, 75, 90, 120),
        perDay: fc.integer({ min: 1, max: 6 }),
        spare: fc.integer({ min: 0, max: 4 }),
      })
      .filter((h) => h.start + h.minutes * (h.perDay + h.spare) <= 23 * 60 + 59)
      .map((h) => ({
        dayStarts: clock(h.start),
        dayEnds: clock(h.start + h.minutes * (h.perDay + h.spare)),
        minutes: h.minutes,
        perDay: h.perDay,
      }));
    fc.assert(
      fc.property(
        day("2024-01-01", 1500),
        settings,
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }),
        fc.array(
          fc.record({
            stage: fc.constantFrom<Obligation["stage"]>("overdue", "escalated", "due", "due_soon"),
            kind: fc.constantFrom<Obligation["kind"]>("supervision", "supervision", "appraisal"),
            dueBefore: fc.integer({ min: 0, max: 400 }),
          }),
          { maxLength: 30 },
        ),
        (runDate, h, closedAfter, items) => {
          const calendar = {
            bankHolidays: defaultCalendar.bankHolidays,
            closureDays: closedAfter.map((n) => addDays(runDate, n)),
          };
          const email: PlannedEmail = {
            recipientId: "TM",
            emailKind: "reminder",
            frequency: "weekly",
            notifications: items.map((item, i) =>
              note(`P${i % 20}`, item.kind, item.stage, addDays(runDate, -item.dueBefore)),
            ),
          };
          const sessions = proposedSessions(email, runDate, calendar, h);
          const booked = new Set(
            email.notifications
              .filter((n) => n.kind === "supervision" && ["overdue", "escalated"].includes(n.stage))
              .map((n) => n.staffId),
          );
          // One per supervisee who needs one, and only them.
          expect(sessions.map((s) => s.staffId).sort()).toEqual([...booked].sort());
          const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
          const byDay = new Map<string, number[]>();
          for (const s of sessions) {
            expect(isWorkingDay(s.date, calendar)).toBe(true);
            expect(s.date > runDate).toBe(true);
            expect(toMinutes(s.time)).toBeGreaterThanOrEqual(toMinutes(h.dayStarts));
            expect(toMinutes(s.time) + s.minutes).toBeLessThanOrEqual(toMinutes(h.dayEnds));
            expect(s.sequence).toBeGreaterThanOrEqual(0);
            byDay.set(s.date, [...(byDay.get(s.date) ?? []), toMinutes(s.time)]);
          }
          // At most perDay a day, none overlapping, on consecutive working days from the next.
          let expectedDay = runDate;
          for (const [date, starts] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
            expectedDay = workingDayOnOrAfter(addDays(expectedDay, 1), calendar);
            expect(date).toBe(expectedDay);
            expect(starts.length).toBeLessThanOrEqual(h.perDay);
            const sorted = [...starts].sort((a, b) => a - b);
            for (let i = 1; i < sorted.length; i++)
              expect(sorted[i] as number).toBeGreaterThanOrEqual(
                (sorted[i - 1] as number) + h.minutes,
              );
          }
          // The same email gives the same sessions.
          expect(proposedSessions(email, runDate, calendar, h)).toEqual(sessions);
        },
      ),
      { numRuns: 300 },
    );
  });
});

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
