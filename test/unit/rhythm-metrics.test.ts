import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "../../shared/domain/dates";
import type { WorkingCalendar } from "../../shared/domain/settings/calendar";
import { workingDayOnOrAfter } from "../../shared/domain/working-days";
import {
  type DayCases,
  daysWithEmail,
  emailsPerRecipient,
  lateTellingDelays,
  mentionGaps,
  type OpenCase,
  type SentEmail,
  unmentionedOn,
  workingDaysBetween,
} from "../bench/rhythm-metrics";
import { maximum, median, percentile } from "../bench/statistics";

// November 2025: the 3rd, 10th, 17th and 24th are Mondays; no bank holidays.
const weekdays: WorkingCalendar = { bankHolidays: [], closureDays: [] };

function aCase(overrides: Partial<OpenCase> = {}): OpenCase {
  return {
    supervisorId: "TM",
    staffId: "W1",
    kind: "supervision",
    dueDate: "2025-10-01",
    stage: "overdue",
    overdueFrom: "2025-10-15",
    escalatedFrom: "2025-12-01",
    ...overrides,
  };
}

/** Consecutive days from `from` to `to`; `openOn(date)` lists the cases open that day. */
function window(from: string, to: string, openOn: (date: string) => OpenCase[]): DayCases[] {
  return Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => {
    const date = addDays(from, i);
    return { date, open: openOn(date) };
  });
}

/** The same case open on the days from `first` to `last`. */
const openBetween =
  (first: string, last: string, c: OpenCase = aCase()) =>
  (date: string) =>
    date >= first && date <= last ? [c] : [];

function reminder(date: string, c: OpenCase = aCase(), stage = c.stage): SentEmail {
  return {
    date,
    recipientId: c.supervisorId,
    emailKind: "reminder",
    items: [{ staffId: c.staffId, kind: c.kind, dueDate: c.dueDate, stage }],
  };
}

describe("summaries", () => {
  it("takes the median of odd and even counts, and nothing of none", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
    expect(maximum([2, 9, 4])).toBe(9);
    expect(maximum([])).toBeUndefined();
  });

  it("takes percentiles by nearest rank", () => {
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(oneToTwenty, 95)).toBe(19);
    expect(percentile(oneToTwenty, 100)).toBe(20);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeUndefined();
  });
});

describe("emails per person", () => {
  const emails: SentEmail[] = [
    { date: "2025-11-03", recipientId: "A", emailKind: "reminder", items: [] },
    { date: "2025-11-03", recipientId: "A", emailKind: "escalation", items: [] },
    { date: "2025-11-04", recipientId: "A", emailKind: "reminder", items: [] },
    { date: "2025-11-04", recipientId: "X", emailKind: "reminder", items: [] },
    { date: "2025-11-05", recipientId: "M", emailKind: "escalation", items: [] },
  ];

  it("counts everyone named, with 0 for those who got none, and nobody else", () => {
    expect(Object.fromEntries(emailsPerRecipient(emails, "reminder", ["A", "B"]))).toEqual({
      A: 2,
      B: 0,
    });
  });

  it("without a list, counts only those who got one of that kind", () => {
    expect(Object.fromEntries(emailsPerRecipient(emails, "escalation"))).toEqual({ A: 1, M: 1 });
  });

  it("counts a day with two emails once", () => {
    expect(Object.fromEntries(daysWithEmail(emails, ["A", "B", "M"]))).toEqual({
      A: 2,
      B: 0,
      M: 1,
    });
  });
});

describe("longest gap between mentions of an open case", () => {
  const longest = (days: DayCases[], emails: SentEmail[]) =>
    mentionGaps(days, emails).map((g) => g.longestGap);

  it("is 7 for a case told every Monday, the first on its first day and the last a week before it closes", () => {
    const days = window("2025-11-03", "2025-11-16", openBetween("2025-11-03", "2025-11-16"));
    const gaps = mentionGaps(days, [reminder("2025-11-03"), reminder("2025-11-10")]);
    expect(gaps).toEqual([
      { key: "TM#W1#supervision#2025-10-01", openDays: 14, mentions: 2, longestGap: 7 },
    ]);
  });

  it("is 8 when the second mention comes a day late", () => {
    const days = window("2025-11-03", "2025-11-16", openBetween("2025-11-03", "2025-11-16"));
    expect(longest(days, [reminder("2025-11-03"), reminder("2025-11-11")])).toEqual([8]);
  });

  it("counts the first week from the day before the case opened: first mention by its 7th day", () => {
    const days = window("2025-11-03", "2025-11-16", openBetween("2025-11-05", "2025-11-13"));
    // Opened Wednesday the 5th: told on the following Tuesday (7th day open) is in time…
    expect(longest(days, [reminder("2025-11-11")])).toEqual([7]);
    // …the Wednesday after (8th day) is not.
    expect(longest(days, [reminder("2025-11-12")])).toEqual([8]);
    // Told the day it opened: 1.
    expect(longest(days, [reminder("2025-11-05"), reminder("2025-11-11")])).toEqual([6]);
  });

  it("counts the first week of a case open on day 1 from the day before the window", () => {
    const days = window("2025-11-03", "2025-11-20", openBetween("2025-11-01", "2025-11-20"));
    expect(
      longest(days, [reminder("2025-11-03"), reminder("2025-11-10"), reminder("2025-11-17")]),
    ).toEqual([7]);
    expect(longest(days, [reminder("2025-11-10"), reminder("2025-11-17")])).toEqual([8]);
  });

  it("counts the days after the last mention while it stays open, up to the day after", () => {
    const days = window("2025-11-03", "2025-11-16", openBetween("2025-11-03", "2025-11-11"));
    // Told Monday the 3rd, still open on Tuesday the 11th: the next could come on the 12th.
    expect(longest(days, [reminder("2025-11-03")])).toEqual([9]);
  });

  it("counts a case never mentioned as every day it was open, plus one", () => {
    const days = window("2025-11-03", "2025-11-09", openBetween("2025-11-04", "2025-11-06"));
    expect(longest(days, [])).toEqual([4]);
  });

  it("judges each open spell of a case on its own", () => {
    const days = window("2025-11-03", "2025-11-16", (date) =>
      (date >= "2025-11-03" && date <= "2025-11-04") || date >= "2025-11-14" ? [aCase()] : [],
    );
    // Closed (say paused by an absence) from the 5th to the 13th: not a 11-day gap.
    expect(
      mentionGaps(days, [reminder("2025-11-03"), reminder("2025-11-14")]).map((g) => [
        g.openDays,
        g.mentions,
        g.longestGap,
      ]),
    ).toEqual([[5, 2, 3]]);
  });

  it("counts only reminders to the case's supervisor, on days it was open", () => {
    const days = window("2025-11-03", "2025-11-16", openBetween("2025-11-03", "2025-11-16"));
    const otherSupervisor = reminder("2025-11-10", aCase({ supervisorId: "SP" }));
    const escalation = { ...reminder("2025-11-10"), emailKind: "escalation" };
    const otherDueDate = reminder("2025-11-10", aCase({ dueDate: "2025-10-02" }));
    expect(
      longest(days, [reminder("2025-11-03"), otherSupervisor, escalation, otherDueDate]),
    ).toEqual([14]);
  });

  it("keeps cases apart by supervisor, person, kind and due date", () => {
    const a = aCase();
    const b = aCase({ kind: "appraisal" });
    const days = window("2025-11-03", "2025-11-05", () => [a, b]);
    expect(longest(days, [reminder("2025-11-03", a)])).toEqual([3, 4]);
  });

  it("refuses days that are not consecutive", () => {
    expect(() =>
      mentionGaps(
        [
          { date: "2025-11-03", open: [] },
          { date: "2025-11-05", open: [] },
        ],
        [],
      ),
    ).toThrow(/consecutive/);
  });
});

describe("working days", () => {
  it("counts the working days from the first up to (not including) the second", () => {
    expect(workingDaysBetween("2025-11-07", "2025-11-10", weekdays)).toBe(1);
    expect(workingDaysBetween("2025-11-03", "2025-11-17", weekdays)).toBe(10);
    expect(workingDaysBetween("2025-11-08", "2025-11-10", weekdays)).toBe(0);
    const holidayMonday = { ...weekdays, bankHolidays: ["2025-11-10"] };
    expect(workingDaysBetween("2025-11-07", "2025-11-12", holidayMonday)).toBe(2);
  });

  it("finds the next working day", () => {
    expect(workingDayOnOrAfter("2025-11-08", weekdays)).toBe("2025-11-10");
    expect(workingDayOnOrAfter("2025-11-05", weekdays)).toBe("2025-11-05");
  });
});

describe("delay before a newly late item is told", () => {
  const lateFrom = (overdueFrom: string, overrides: Partial<OpenCase> = {}) =>
    aCase({ overdueFrom, ...overrides });
  const delays = (days: DayCases[], emails: SentEmail[]) =>
    lateTellingDelays(days, emails, weekdays).map((e) => [e.stage, e.became, e.delay, e.censored]);

  it("is 0 told the day it went overdue, 1 the next working day, 3 after a weekend", () => {
    const c = lateFrom("2025-11-05");
    const days = window("2025-11-03", "2025-11-16", (date) =>
      date >= "2025-11-05" ? [c] : [{ ...c, stage: "due" }],
    );
    expect(delays(days, [reminder("2025-11-05", c)])).toEqual([
      ["overdue", "2025-11-05", 0, false],
    ]);
    expect(delays(days, [reminder("2025-11-06", c)])).toEqual([
      ["overdue", "2025-11-05", 1, false],
    ]);
    expect(delays(days, [reminder("2025-11-10", c)])).toEqual([
      ["overdue", "2025-11-05", 3, false],
    ]);
  });

  it("does not count a mention at an earlier stage, or before it went late", () => {
    const c = lateFrom("2025-11-05");
    const days = window("2025-11-03", "2025-11-16", (date) =>
      date >= "2025-11-05" ? [c] : [{ ...c, stage: "due" }],
    );
    const early = reminder("2025-11-04", c, "due");
    const lowerStage = reminder("2025-11-06", c, "due");
    expect(delays(days, [early, lowerStage, reminder("2025-11-07", c)])).toEqual([
      ["overdue", "2025-11-05", 2, false],
    ]);
  });

  it("is 0 for an item late on a Saturday told on Monday", () => {
    const c = lateFrom("2025-11-08");
    const days = window("2025-11-03", "2025-11-16", openBetween("2025-11-08", "2025-11-16", c));
    expect(delays(days, [reminder("2025-11-10", c)])).toEqual([
      ["overdue", "2025-11-08", 0, false],
    ]);
  });

  it("leaves out what was already late before the window", () => {
    const days = window("2025-11-03", "2025-11-09", openBetween("2025-11-03", "2025-11-09"));
    expect(delays(days, [])).toEqual([]);
  });

  it("counts an item past the limit separately, told only at that stage", () => {
    const c = aCase({ overdueFrom: "2025-10-15", escalatedFrom: "2025-11-04" });
    const days = window("2025-11-03", "2025-11-09", (date) =>
      date >= "2025-11-04" ? [{ ...c, stage: "escalated" }] : [c],
    );
    expect(
      delays(days, [reminder("2025-11-04", c, "overdue"), reminder("2025-11-05", c, "escalated")]),
    ).toEqual([["escalated", "2025-11-04", 1, false]]);
  });

  it("counts an item that goes straight past the limit as newly overdue too", () => {
    const c = aCase({
      stage: "escalated",
      overdueFrom: "2025-11-20",
      escalatedFrom: "2025-11-05",
    });
    const days = window("2025-11-03", "2025-11-09", openBetween("2025-11-05", "2025-11-09", c));
    expect(delays(days, [reminder("2025-11-05", c)])).toEqual([
      ["overdue", "2025-11-05", 0, false],
      ["escalated", "2025-11-05", 0, false],
    ]);
  });

  it("starts from the day it is open at that stage (after a pause), not the date it went late", () => {
    const c = lateFrom("2025-11-03");
    const days = window("2025-11-03", "2025-11-09", openBetween("2025-11-06", "2025-11-09", c));
    expect(delays(days, [reminder("2025-11-06", c)])).toEqual([
      ["overdue", "2025-11-06", 0, false],
    ]);
  });

  it("counts the working days an untold item stayed open, and leaves out one day's", () => {
    const c = lateFrom("2025-11-05");
    const untold = window("2025-11-03", "2025-11-09", openBetween("2025-11-05", "2025-11-09", c));
    const events = lateTellingDelays(untold, [], weekdays);
    expect(events.map((e) => [e.delay, e.censored, e.unjudged, e.toldOn])).toEqual([
      [3, true, false, undefined],
    ]);
    const closedNextDay = window(
      "2025-11-03",
      "2025-11-09",
      openBetween("2025-11-05", "2025-11-05", c),
    );
    expect(lateTellingDelays(closedNextDay, [], weekdays).map((e) => e.unjudged)).toEqual([true]);
  });
});

describe("the first run", () => {
  it("names the cases open that day that its reminder to their supervisor left out", () => {
    const a = aCase();
    const b = aCase({ staffId: "W2" });
    const elsewhere = aCase({ staffId: "W3", supervisorId: "SP" });
    const days = window("2025-11-03", "2025-11-04", () => [a, b, elsewhere]);
    const emails = [
      reminder("2025-11-03", a),
      reminder("2025-11-04", b),
      { ...reminder("2025-11-03", elsewhere), recipientId: "TM" },
    ];
    expect(unmentionedOn("2025-11-03", days, emails)).toEqual({
      open: 3,
      missed: ["TM#W2#supervision#2025-10-01", "SP#W3#supervision#2025-10-01"],
    });
  });
});
