import { describe, expect, it } from "vitest";
import { renderEscalationEmail } from "../../shared/email/render-escalation";
import { type ReminderEmailView, renderReminderEmail } from "../../shared/email/render-reminder";
import { supervisionInvite } from "../../shared/email/supervision-invite";

const view: ReminderEmailView = {
  recipientName: "Dana Hughes",
  date: "2024-03-20",
  senderName: "Children's Services supervision reminders",
  invitesAttached: 1,
  items: [
    {
      personName: "Cal Agency",
      team: "Team B",
      kind: "supervision",
      stage: "overdue",
      dueDate: "2024-02-29",
      daysLate: 20,
    },
    {
      personName: "Bea Newman",
      team: "Team A",
      kind: "supervision",
      stage: "due_soon",
      dueDate: "2024-03-26",
      daysLate: -6,
    },
    {
      personName: "Hal <Support>",
      team: "Team C",
      kind: "supervision",
      stage: "due",
      dueDate: "2024-03-13",
      daysLate: 7,
    },
    {
      personName: "Dee Away",
      team: "Team B",
      kind: "agreement",
      stage: "escalated",
      dueDate: "2019-05-29",
      daysLate: 1757,
    },
  ],
};

describe("reminder email", () => {
  const email = renderReminderEmail(view);

  it("says the counts in the subject", () => {
    expect(email.subject).toBe(
      "Supervision: 1 past the limit, 1 overdue, 1 due now, 1 due this week",
    );
  });

  it("lists the most urgent first, with words for every stage (never colour alone)", () => {
    const order = ["Past the policy limit", "Overdue", "Due now", "Due this week"].map((l) =>
      email.html.indexOf(l),
    );
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
    expect(email.text.indexOf("PAST THE POLICY LIMIT")).toBeLessThan(
      email.text.indexOf("DUE THIS WEEK"),
    );
  });

  it("speaks of lateness only once overdue, with UK dates", () => {
    expect(email.text).toContain(
      "Cal Agency (Team B): Supervision session, was due Thu 29 Feb 2024, 20 days late",
    );
    expect(email.text).toContain(
      "Hal <Support> (Team C): Supervision session, due since Wed 13 Mar 2024",
    );
    expect(email.text).toContain("Bea Newman (Team A): Supervision session, due Tue 26 Mar 2024");
  });

  it("escapes names in HTML and uses an Outlook-safe table layout with inline styles", () => {
    expect(email.html).toContain("Hal &lt;Support&gt;");
    expect(email.html).not.toContain("<Support>");
    expect(email.html).toContain('role="presentation"');
    expect(email.html).not.toMatch(/<style|class=/);
  });

  it("matches the reviewed rendering", async () => {
    await expect(email.html).toMatchFileSnapshot("../fixtures/emails/reminder.html");
    await expect(email.text).toMatchFileSnapshot("../fixtures/emails/reminder.txt");
  });
});

describe("escalation email", () => {
  const email = renderEscalationEmail({
    recipientName: "Morgan Service",
    date: "2024-05-02",
    senderName: "Children's Services supervision reminders",
    items: [
      {
        personName: "Cal Agency",
        team: "Team B",
        supervisorName: "Dana Hughes",
        kind: "supervision",
        dueDate: "2024-02-29",
        daysLate: 63,
      },
      {
        personName: "Dee Away",
        team: "Team B",
        supervisorName: "Dana Hughes",
        kind: "agreement",
        dueDate: "2019-05-29",
        daysLate: 1800,
      },
      {
        personName: "Dee Away",
        team: "Team B",
        supervisorName: "Dana Hughes",
        kind: "appraisal",
        dueDate: "2024-01-01",
        daysLate: 122,
      },
    ],
  });

  it("counts people, not obligations, and names each one's supervisor", () => {
    expect(email.subject).toBe("Escalation: 2 people past the supervision policy limits");
    expect(email.text).toContain("Team B (3)");
    expect(email.text).toContain("supervisor Dana Hughes");
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
