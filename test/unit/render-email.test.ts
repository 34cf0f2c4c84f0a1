import { describe, expect, it } from "vitest";
import { distinctNames, lateness } from "../../shared/email/labels";
import { renderEscalationEmail } from "../../shared/email/render-escalation";
import {
  type ReminderEmailView,
  type ReminderItem,
  renderReminderEmail,
} from "../../shared/email/render-reminder";
import { supervisionInvite } from "../../shared/email/supervision-invite";

const item = (over: Partial<ReminderItem> & Pick<ReminderItem, "staffId" | "personName">) =>
  ({
    team: "Team B",
    kind: "supervision",
    stage: "overdue",
    dueDate: "2024-02-29",
    daysLate: 20,
    ...over,
  }) as ReminderItem;

const view: ReminderEmailView = {
  recipientName: "Dana Hughes",
  date: "2024-03-20",
  senderName: "Children's Services supervision reminders",
  items: [
    item({
      staffId: "W3",
      personName: "Cal Agency",
      invitation: { date: "2024-03-21", time: "09:30" },
    }),
    item({
      staffId: "W3",
      personName: "Cal Agency",
      kind: "appraisal",
      stage: "due_soon",
      dueDate: "2024-03-26",
      daysLate: -6,
    }),
    item({
      staffId: "W1",
      personName: "Bea Newman",
      team: "Team A",
      stage: "due_soon",
      dueDate: "2024-03-26",
      daysLate: -6,
    }),
    item({
      staffId: "W4",
      personName: "Hal <Support>",
      team: "Team C",
      stage: "due",
      dueDate: "2024-03-13",
      daysLate: 7,
    }),
    item({
      staffId: "W5",
      personName: "Dee Away",
      kind: "agreement",
      stage: "escalated",
      dueDate: "2023-01-29",
      daysLate: 416,
    }),
    item({
      staffId: "W6",
      personName: "Uma Green",
      team: "Team A",
      dueDate: "2024-03-05",
      daysLate: 15,
    }),
    item({
      staffId: "W7",
      personName: "Uma Green",
      team: "Team B",
      dueDate: "2024-03-06",
      daysLate: 14,
    }),
    item({
      staffId: "W8",
      personName: "Sam Lee",
      team: "Team A",
      kind: "agreement_review",
      dueDate: "2024-02-10",
      daysLate: 39,
    }),
    item({
      staffId: "W9",
      personName: "sam  lee",
      team: "Team A",
      kind: "appraisal",
      dueDate: "2024-03-18",
      daysLate: 2,
    }),
  ],
  backlog: {
    goLiveDate: "2024-01-08",
    counts: [
      { kind: "training", count: 1 },
      { kind: "appraisal", count: 2 },
    ],
    people: 2,
    csvFilename: "supervision-backlog-2024-03-20.csv",
  },
};

/** The plain-text part's blocks: a person's line, then their items indented. */
function textBlocks(text: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("  - ")) current?.push(line.slice(4));
    else if (/^\S.* \(Team [A-C].*\)$/.test(line)) {
      expect(blocks.has(line), `${line} appears once`).toBe(false);
      current = [];
      blocks.set(line, current);
    } else current = undefined;
  }
  return blocks;
}

describe("reminder email", () => {
  const email = renderReminderEmail(view);

  it("says the counts in the subject, the backlog too", () => {
    expect(email.subject).toBe(
      "Supervision: 1 past the limit, 5 overdue, 1 due now, 2 due within 7 days, 3 in the backlog from before go-live",
    );
  });

  it("says which rhythm it is: a weekly summary, an update between summaries, or a plain list", () => {
    const as = (kind: "weekly_summary" | "update" | "daily") =>
      renderReminderEmail({ ...view, rhythm: { kind, nextSummaryDay: "2024-03-25" } });
    const summary = as("weekly_summary");
    expect(summary.subject).toMatch(/^Weekly supervision summary: 1 past the limit, 5 overdue/);
    expect(summary.text).toContain(
      "This is your weekly summary: everything open, and what falls due before the next one on Mon 25 Mar 2024.",
    );
    expect(summary.html).toContain("This is your weekly summary");
    const update = as("update");
    expect(update.subject).toMatch(/^Supervision update: /);
    expect(update.text).toContain(
      "Since your last weekly summary, these have gone overdue or past the limit",
    );
    expect(update.text).toContain("the next comes on Mon 25 Mar 2024");
    const daily = as("daily");
    expect(daily.subject).toBe(email.subject);
    expect(daily.text).toBe(email.text);
  });

  it("has one block per supervisee with all their items, whoever needs most first, in text and HTML", () => {
    const blocks = textBlocks(email.text);
    expect([...blocks.keys()]).toEqual([
      "Dee Away (Team B)",
      "Sam Lee (Team A, W8)",
      "Cal Agency (Team B)",
      "Uma Green (Team A)",
      "Uma Green (Team B)",
      "sam  lee (Team A, W9)",
      "Hal <Support> (Team C)",
      "Bea Newman (Team A)",
    ]);
    expect(blocks.get("Cal Agency (Team B)")).toEqual([
      "Supervision session: Overdue, was due Thu 29 Feb 2024, 2 weeks late. Invitation attached: Thu 21 Mar 2024, 09:30.",
      "Appraisal: Due within 7 days, due Tue 26 Mar 2024.",
    ]);
    // The HTML has the same blocks, each a data table captioned with the person.
    const captions = [...email.html.matchAll(/<caption[^>]*>([^<]*)<\/caption>/g)].map((m) => m[1]);
    expect(captions.slice(0, 8)).toEqual(
      [...blocks.keys()].map((k) => k.replace("<", "&lt;").replace(">", "&gt;")),
    );
  });

  it("tells two people of the same name apart: by team, and by id when the team is the same too", () => {
    const names = distinctNames([
      { staffId: "A1", name: "Uma Green", team: "Front Door" },
      { staffId: "B2", name: "Uma Green", team: "Fostering" },
      { staffId: "C3", name: "Uma  green ", team: "Fostering" },
    ]);
    expect(names.get("A1")).toEqual({ name: "Uma Green", team: "Front Door" });
    expect(names.get("B2")).toEqual({ name: "Uma Green", team: "Fostering", id: "B2" });
    expect(names.get("C3")).toEqual({ name: "Uma  green ", team: "Fostering", id: "C3" });
  });

  it("marks the items that carry an invitation, and only those", () => {
    expect(email.text.match(/Invitation attached/g)).toHaveLength(1);
    expect(email.html.match(/Invitation attached: Thu 21 Mar 2024, 09:30/g)).toHaveLength(1);
    expect(email.text).toContain("Each attached invitation (.ics) proposes a time");
    const none = renderReminderEmail({ ...view, items: view.items.slice(1) });
    expect(none.text).not.toMatch(/invitation/i);
  });

  it('says "due within 7 days" (the configured window), never "this week"', () => {
    expect(email.text).toContain("Bea Newman (Team A)\n  - Supervision session: Due within 7 days");
    expect(email.html).toContain(">Due within 7 days</span>");
    expect(`${email.text}${email.html}`).not.toMatch(/this week/i);
    const ten = renderReminderEmail({ ...view, dueSoonDays: 10 });
    expect(ten.subject).toContain("2 due within 10 days");
  });

  it("speaks of lateness only once overdue, as people do, with UK dates", () => {
    expect(email.text).toContain(
      "Supervision agreement: Past the policy limit, was due Sun 29 Jan 2023, over a year late.",
    );
    expect(email.text).toContain("Supervision session: Due now, due since Wed 13 Mar 2024.");
    expect(email.text).not.toMatch(/\d{3,} days/);
    expect([0, 1, 3, 13, 14, 35, 62, 63, 200, 364, 365, 730, 731, 4780].map(lateness)).toEqual([
      "0 days late",
      "1 day late",
      "3 days late",
      "13 days late",
      "2 weeks late",
      "5 weeks late",
      "8 weeks late",
      "2 months late",
      "6 months late",
      "11 months late",
      "over a year late",
      "over a year late",
      "over 2 years late",
      "over 13 years late",
    ]);
  });

  it("summarises the backlog from before go-live: counts by kind and the CSV that names them", () => {
    const backlog = email.text.slice(email.text.indexOf("BACKLOG FROM BEFORE GO-LIVE"));
    expect(backlog).toContain(
      "Already overdue when reminders began on Mon 8 Jan 2024, and still open: 3 items for 2 people.",
    );
    expect(backlog).toContain("  - Supervision training: 1\n  - Appraisal: 2");
    expect(backlog).toContain("the attached supervision-backlog-2024-03-20.csv");
    expect(email.html).toContain("Backlog from before go-live");
    expect(email.html).toMatch(/<th scope="row"[^>]*>Appraisal<\/th><td[^>]*>2<\/td>/);
    const noBacklog = renderReminderEmail({ ...view, backlog: undefined });
    expect(noBacklog.text).not.toContain("BACKLOG");
    expect(noBacklog.subject).not.toContain("backlog");
  });

  it("escapes names in HTML, lays out with presentational tables and reads data as tables with headers", () => {
    expect(email.html).toContain("Hal &lt;Support&gt;");
    expect(email.html).not.toContain("<Support>");
    expect(email.html).toContain('role="presentation"');
    expect(email.html).not.toMatch(/<style|class=/);
    const tables = [...email.html.matchAll(/<table[^>]*>/g)].map((m) => m[0]);
    const data = tables.filter((t) => !t.includes('role="presentation"'));
    expect(data).toHaveLength(9); // 8 people and the backlog
    expect(email.html.match(/<th scope="col"/g)).toHaveLength(18);
    expect(email.html.match(/<th scope="row"/g)).toHaveLength(view.items.length + 2);
  });

  it("matches the reviewed rendering", async () => {
    await expect(email.html).toMatchFileSnapshot("../fixtures/emails/reminder.html");
    await expect(email.text).toMatchFileSnapshot("../fixtures/emails/reminder.txt");
  });
});

describe("escalation email", () => {
  const escalated = (
    staffId: string,
    personName: string,
    kind: ReminderItem["kind"],
    dueDate: string,
    daysLate: number,
    team = "Team B",
  ) => ({ staffId, personName, team, supervisorName: "Dana Hughes", kind, dueDate, daysLate });
  const email = renderEscalationEmail({
    recipientName: "Morgan Service",
    date: "2024-05-02",
    senderName: "Children's Services supervision reminders",
    items: [
      escalated("W3", "Cal Agency", "supervision", "2024-02-29", 63),
      escalated("W5", "Dee Away", "agreement", "2019-05-29", 1800),
      escalated("W5", "Dee Away", "appraisal", "2024-01-01", 122),
      escalated("W6", "Uma Green", "supervision", "2024-02-20", 72, "Team A"),
      escalated("W7", "Uma Green", "supervision", "2024-02-21", 71, "Team A"),
    ],
  });

  it("counts people, not obligations, names each once with all their items and their supervisor", () => {
    expect(email.subject).toBe("Escalation: 4 people past the supervision policy limits");
    expect(email.text).toContain(
      [
        "TEAM B (2 people)",
        "Dee Away, supervisor Dana Hughes",
        "  - Supervision agreement: was due Wed 29 May 2019, over 4 years late",
        "  - Appraisal: was due Mon 1 Jan 2024, 4 months late",
        "Cal Agency, supervisor Dana Hughes",
        "  - Supervision session: was due Thu 29 Feb 2024, 2 months late",
      ].join("\n"),
    );
    expect(email.text.match(/^Dee Away/gm)).toHaveLength(1);
    expect(email.text).toContain("Uma Green (W6), supervisor");
    expect(email.text).toContain("Uma Green (W7), supervisor");
    expect(email.html).toMatch(/<caption[^>]*>Dee Away, supervisor Dana Hughes<\/caption>/);
  });

  it("matches the reviewed rendering", async () => {
    await expect(email.html).toMatchFileSnapshot("../fixtures/emails/escalation.html");
  });
});

describe("calendar invitation", () => {
  it("proposes the session at 10:00 London time, in GMT and in BST", () => {
    const winter = supervisionInvite({
      staffId: "W3",
      personName: "Cal Agency",
      dueDate: "2024-02-29",
      proposedDate: "2024-03-21",
      proposedTime: "10:00",
      minutes: 60,
      sequence: 0,
    });
    expect(winter.content).toContain("DTSTART:20240321T100000Z");
    const summer = supervisionInvite({
      staffId: "W3",
      personName: "Cal Agency",
      dueDate: "2024-06-01",
      proposedDate: "2024-07-01",
      proposedTime: "10:00",
      minutes: 60,
      sequence: 0,
    });
    expect(summer.content).toContain("DTSTART:20240701T090000Z");
    expect(summer.content).toContain("UID:supervision-W3-2024-06-01@supervision-reminders");
    expect(summer.content).toContain("SUMMARY:Supervision: Cal Agency");
    expect(summer.filename).toBe("supervision-W3.ics");
  });
});
