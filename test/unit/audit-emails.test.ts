import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import { londonTimeToUtc } from "../../shared/domain/dates";
import type { Digest } from "../../shared/domain/digest/digest-model";
import { monthsMissed } from "../../shared/domain/file-audit-obligation";
import type { AuditFact, StaffMember, StaffStatus } from "../../shared/domain/records";
import {
  type Notification,
  type PlannedEmail,
  proposedSessions,
} from "../../shared/domain/reminder-plan";
import { backlogCsv } from "../../shared/email/backlog-csv";
import { type AuditLookup, composeEmail } from "../../shared/email/compose-email";
import { renderDeliveryNotice } from "../../shared/email/render-delivery-notice";
import { renderEscalationEmail } from "../../shared/email/render-escalation";
import { type ReminderItem, renderReminderEmail } from "../../shared/email/render-reminder";
import type { DigestStore } from "../../shared/ports/digest-store";
import { sendDueReminders } from "../../shared/use-cases/send-due-reminders";
import { FakeEmailSender } from "../fakes/fake-email-sender";
import { InMemoryDeliveryLedger } from "../fakes/in-memory-delivery-ledger";
import { InMemoryDigestStore } from "../fakes/in-memory-digest-store";
import { InMemoryEmailLedger } from "../fakes/in-memory-email-ledger";
import { InMemorySupervisionStore } from "../fakes/in-memory-supervision-store";
import { RecordingContinuationScheduler } from "../fakes/recording-schedulers";
import { aPerson, factsWith } from "../helpers/people";

// A head of service over two service managers; Sam Manager's team manager supervises Uma Green.
const CIN = "Children in Need";
const head = aPerson({
  staffId: "H1",
  name: "Hannah Head",
  email: "hannah.head@example.gov.uk",
  role: "head_of_service",
  team: "Service management",
  service: CIN,
  supervisorId: undefined,
  operational: false,
});
const sam = aPerson({
  staffId: "SM1",
  name: "Sam Manager",
  email: "sam.manager@example.gov.uk",
  role: "service_manager",
  team: "Service management",
  service: CIN,
  supervisorId: "H1",
  operational: false,
});
const sara = aPerson({
  staffId: "SM2",
  name: "Sara Mills",
  email: "sara.mills@example.gov.uk",
  role: "service_manager",
  team: "Service management",
  service: "Children in Care",
  supervisorId: "H1",
  operational: false,
});
const tara = aPerson({
  staffId: "TM1",
  name: "Tara Manager",
  email: "tara.manager@example.gov.uk",
  role: "team_manager",
  team: "Front Door",
  service: CIN,
  supervisorId: "SM1",
});
const uma = aPerson({
  staffId: "W1",
  name: "Uma Green",
  email: "uma.green@example.gov.uk",
  team: "Front Door",
  service: CIN,
  supervisorId: "TM1",
});
const people = new Map<string, StaffMember>(
  [head, sam, sara, tara, uma].map((p) => [p.staffId, p]),
);
const config = parseAppConfig(
  { stage: "test", region: "eu-west-2", policy: { audits: { monthlyFrom: "2026-11" } } },
  "test",
);
const SENDER = "Children's Services supervision reminders";

const note = (over: Partial<Notification> & Pick<Notification, "staffId" | "kind">) =>
  ({
    recipientId: "SM1",
    stage: "due_soon",
    dueDate: "2026-11-30",
    period: "wk2026-11-23",
    emailKind: "reminder",
    level: 0,
    ...over,
  }) as Notification;
const planned = (recipientId: string, notifications: Notification[]): PlannedEmail => ({
  emailKind: notifications[0]?.emailKind ?? "reminder",
  recipientId,
  frequency: "weekly",
  notifications,
});
const requiresImprovement: AuditFact = {
  date: "2026-11-03",
  auditorId: "SM1",
  kind: "monthly",
  grade: "requires_improvement",
  actionsDueDate: "2026-12-01",
};
const lookup = (over: Partial<AuditLookup> = {}): AuditLookup => ({
  auditsOf: (id) => (id === "W1" ? [requiresImprovement] : []),
  drawnFor: (managerId, month) => (managerId === "SM1" && month === "2026-11" ? "W1" : undefined),
  ...over,
});
const compose = (
  email: PlannedEmail,
  date: string,
  audits: AuditLookup = lookup(),
  recipient: StaffMember = people.get(email.recipientId) as StaffMember,
) => composeEmail(email, recipient, people, date, config, { audits });

/** The plain text's lines, trimmed of nothing: indentation is what makes an item a supervisee's. */
const lines = (text: string) => text.split("\n");

describe("a service manager's own monthly file audit, in their reminder", () => {
  const ownAudit = note({ staffId: "SM1", kind: "file_audit" });
  const email = compose(planned("SM1", [ownAudit]), "2026-11-23");

  it("reads as their own task, for the month, naming the file drawn for them", () => {
    expect(lines(email.text)).toEqual(
      expect.arrayContaining([
        "Your own monthly file audit needs your attention.",
        "Your monthly file audit for November 2026: Due within 7 days, due Mon 30 Nov 2026.",
        "File drawn for you for November 2026: Uma Green, Front Door.",
      ]),
    );
    // Never a block with their own name, as if they were their own supervisee.
    expect(email.text).not.toContain("Sam Manager (Service management)");
    expect(email.text).not.toMatch(/^ {2}- /m);
    expect(email.text).not.toContain("These supervisees");
    expect(email.subject).toBe("Supervision: your monthly file audit is due within 7 days");
    expect(email.html).toMatch(/<caption[^>]*>For you to do<\/caption>/);
    expect(email.html).toContain("Your monthly file audit for November 2026</th>");
    expect(email.html).toContain(
      "File drawn for you for November 2026: <strong>Uma Green</strong>, Front Door.",
    );
    expect(email.html).not.toMatch(/<caption[^>]*>Sam Manager/);
    expect(email.text).toContain("Record sessions and audits in the usual system");
  });

  it("without a draw for the month, asks them to choose a file from one of their teams", () => {
    for (const drawnFor of [() => undefined, () => null] as const) {
      const none = compose(planned("SM1", [ownAudit]), "2026-11-23", lookup({ drawnFor }));
      expect(none.text).toContain(
        "No file was drawn for you for November 2026: choose one supervision file from one of your teams (policy 9.3).",
      );
      expect(none.text).not.toContain("File drawn for you");
      expect(none.html).toContain("choose one supervision file from one of your teams");
    }
  });

  it("when behind, names this month's draw: one audit now settles the months missed", () => {
    const asked: string[] = [];
    const late = note({ staffId: "SM1", kind: "file_audit", stage: "overdue" });
    const ask = (draws: Record<string, string>) =>
      compose(
        planned("SM1", [late]),
        "2026-12-07",
        lookup({
          drawnFor: (managerId, month) => {
            asked.push(`${managerId}:${month}`);
            return draws[month];
          },
        }),
      );
    const email = ask({ "2026-12": "W1", "2026-11": "W2" });
    expect(asked).toEqual(["SM1:2026-12"]);
    expect(email.text).toContain(
      "Your monthly file audit for November 2026: Overdue, was due Mon 30 Nov 2026, 7 days late.",
    );
    expect(email.text).toContain(
      "File drawn for you for December 2026: Uma Green, Front Door. One audit in December 2026 settles the months missed.",
    );
    expect(email.subject).toBe("Supervision: your monthly file audit is overdue");
    // December's not drawn yet (its digest has not run): November's file, still one audit now.
    asked.length = 0;
    const early = ask({ "2026-11": "W1" });
    expect(asked).toEqual(["SM1:2026-12", "SM1:2026-11"]);
    expect(early.text).toContain(
      "File drawn for you for November 2026: Uma Green, Front Door. One audit in December 2026 settles the months missed.",
    );
    const none = ask({});
    expect(none.text).toContain(
      "No file was drawn for you for December 2026: choose one supervision file from one of your teams (policy 9.3). One audit in December 2026 settles the months missed.",
    );
  });

  it("names a drawn file whose person has since left by staff id", () => {
    const email = compose(
      planned("SM1", [ownAudit]),
      "2026-11-23",
      lookup({ drawnFor: () => "W99" }),
    );
    expect(email.text).toContain("File drawn for you for November 2026: staff id W99.");
  });

  it("comes first, before their supervisees, and is not counted with their items", () => {
    const both = compose(
      planned("SM1", [
        note({ staffId: "TM1", kind: "appraisal", stage: "overdue", dueDate: "2026-11-01" }),
        ownAudit,
      ]),
      "2026-11-23",
    );
    const text = lines(both.text);
    const own = text.indexOf(
      "Your monthly file audit for November 2026: Due within 7 days, due Mon 30 Nov 2026.",
    );
    const block = text.indexOf("Tara Manager (Front Door)");
    expect(own).toBeGreaterThan(0);
    expect(block).toBeGreaterThan(own);
    expect(text[block + 1]).toBe("  - Appraisal: Overdue, was due Sun 1 Nov 2026, 3 weeks late.");
    expect(text).toContain(
      "Your own monthly file audit comes first, then the supervisees who need something from you. Supervision is formal one-to-one; group and peer sessions do not count towards it.",
    );
    expect(both.subject).toBe(
      "Supervision: your monthly file audit is due within 7 days; 1 overdue",
    );
    expect(both.html).toContain(
      "Your monthly file audit, and 1 supervisee who needs something from you",
    );
    expect(both.html.indexOf("For you to do")).toBeLessThan(both.html.indexOf("Tara Manager"));
  });

  it("never proposes a session for an audit, however late", () => {
    const late = [
      note({ staffId: "SM1", kind: "file_audit", stage: "escalated", dueDate: "2026-10-30" }),
      note({
        staffId: "W1",
        recipientId: "TM1",
        kind: "audit_action",
        stage: "escalated",
        dueDate: "2026-10-01",
      }),
    ];
    expect(
      proposedSessions(planned("SM1", late), "2026-12-07", config.calendar, config.email.invites),
    ).toEqual([]);
    const email = compose(planned("SM1", late), "2026-12-07");
    expect(email.attachments).toEqual([]);
    expect(email.text).not.toMatch(/invitation/i);
  });
});

describe("file audit actions, under the supervisee whose file was audited", () => {
  const action = note({
    staffId: "W1",
    recipientId: "TM1",
    kind: "audit_action",
    stage: "due",
    dueDate: "2026-12-01",
  });

  it("say the grade and the audit's date, from the supervisee's audits", () => {
    const email = compose(planned("TM1", [action]), "2026-12-01");
    const text = lines(email.text);
    const block = text.indexOf("Uma Green (Front Door)");
    expect(text[block + 1]).toBe(
      "  - File audit actions: Due now, due today, Tue 1 Dec 2026. Set by the file audit of Tue 3 Nov 2026, which graded the file Requires Improvement.",
    );
    expect(email.subject).toBe("Supervision: 1 due now");
    expect(email.html).toContain("Set by the file audit of Tue 3 Nov 2026");
    expect(email.html).toMatch(/<caption[^>]*>Uma Green \(Front Door\)<\/caption>/);
  });

  it("say nothing of an audit whose actions are not these (a later one replaced the date)", () => {
    const later: AuditFact = {
      ...requiresImprovement,
      date: "2026-11-20",
      grade: "inadequate",
      actionsDueDate: "2026-12-18",
    };
    const email = compose(
      planned("TM1", [action]),
      "2026-12-01",
      lookup({ auditsOf: () => [requiresImprovement, later] }),
    );
    expect(email.text).toContain("  - File audit actions: Due now, due today, Tue 1 Dec 2026.\n");
    expect(email.text).not.toContain("Set by");
  });
});

describe("escalations of audits", () => {
  it("tell a manager their service manager has missed two months of audits, in a block of its own", () => {
    const email = compose(
      planned("H1", [
        note({
          recipientId: "H1",
          staffId: "SM1",
          kind: "file_audit",
          stage: "escalated",
          emailKind: "escalation",
          level: 1,
        }),
      ]),
      "2027-01-04",
    );
    expect(email.subject).toBe("Escalation: 1 person past the supervision policy limits");
    expect(email.text).toContain(
      [
        "SERVICE MANAGEMENT (1 person)",
        "Sam Manager: their own monthly file audit",
        "  - Monthly file audit: was due Mon 30 Nov 2026, 5 weeks late. None recorded for November 2026 or December 2026.",
      ].join("\n"),
    );
    expect(email.text).toContain(
      "The following service managers have recorded no monthly file audit for two months or more (policy 9.3), past the policy's limit. Please follow up with them.",
    );
    expect(email.text).not.toContain("supervisor Hannah Head");
    expect(email.html).toMatch(
      /<caption[^>]*>Sam Manager: their own monthly file audit<\/caption>/,
    );
  });

  it("tell a manager a supervisor's audit actions are past the limit, with the audit that set them", () => {
    const email = compose(
      planned("SM1", [
        note({
          staffId: "W1",
          kind: "audit_action",
          stage: "escalated",
          dueDate: "2026-12-01",
          emailKind: "escalation",
          level: 1,
        }),
      ]),
      "2027-01-04",
    );
    expect(email.text).toContain(
      [
        "FRONT DOOR (1 person)",
        "Uma Green, supervisor Tara Manager",
        "  - File audit actions: was due Tue 1 Dec 2026, 4 weeks late. Set by the file audit of Tue 3 Nov 2026, which graded the file Requires Improvement.",
      ].join("\n"),
    );
    expect(email.text).toContain(
      "File audit actions were set by an audit that graded the file below Good, and no later audit has graded it Good.",
    );
    expect(email.text).toContain("Please follow up with their supervisors.");
  });

  it("keep a service manager's own audit apart from what is past the limit in their supervision", () => {
    const item = (over: Partial<Parameters<typeof renderEscalationEmail>[0]["items"][0]>) => ({
      staffId: "SM1",
      personName: "Sam Manager",
      team: "Service management",
      supervisorName: "Hannah Head",
      kind: "supervision" as const,
      dueDate: "2026-10-20",
      daysLate: 76,
      ...over,
    });
    const email = renderEscalationEmail({
      recipientName: "Dee Director",
      date: "2027-01-04",
      senderName: SENDER,
      items: [
        item({}),
        item({
          kind: "file_audit",
          dueDate: "2026-10-30",
          daysLate: 66,
          monthsMissed: ["2026-10", "2026-11", "2026-12"],
        }),
      ],
    });
    expect(email.subject).toBe("Escalation: 1 person past the supervision policy limits");
    expect(email.text).toContain(
      [
        "SERVICE MANAGEMENT (1 person)",
        "Sam Manager, supervisor Hannah Head",
        "  - Supervision session: was due Tue 20 Oct 2026, 2 months late",
        "Sam Manager: their own monthly file audit",
        "  - Monthly file audit: was due Fri 30 Oct 2026, 2 months late. None recorded for October 2026, November 2026 or December 2026.",
      ].join("\n"),
    );
    expect(email.text).toContain(
      "Service managers named for their own monthly file audit have recorded none for two months or more (policy 9.3): please follow that up with them.",
    );
  });

  it("count the months missed to the day: a month is missed once its last working day has passed", () => {
    const missed = (date: string) => monthsMissed("2026-11-30", date, config.calendar);
    expect(missed("2026-11-30")).toEqual([]);
    expect(missed("2026-12-01")).toEqual(["2026-11"]);
    // December's last working day is Thursday 31 December.
    expect(missed("2026-12-31")).toEqual(["2026-11"]);
    expect(missed("2027-01-01")).toEqual(["2026-11", "2026-12"]);
    // January 2027's is Friday 29 January.
    expect(missed("2027-01-29")).toEqual(["2026-11", "2026-12"]);
    expect(missed("2027-01-30")).toEqual(["2026-11", "2026-12", "2027-01"]);
  });
});

describe("delivery notices and the backlog, with audits", () => {
  it("say a bouncing service manager's audit is their own, and name the month", () => {
    const notice = renderDeliveryNotice({
      recipientName: "Hannah Head",
      date: "2026-12-01",
      senderName: SENDER,
      dueSoonDays: 7,
      people: [
        {
          name: "Sam Manager",
          team: "Service management",
          bouncedOn: "2026-11-30",
          items: [
            {
              personName: "Sam Manager",
              kind: "file_audit",
              stage: "overdue",
              dueDate: "2026-11-30",
            },
            {
              personName: "Tara Manager",
              kind: "audit_action",
              stage: "due",
              dueDate: "2026-12-01",
            },
          ],
        },
      ],
    });
    expect(notice.text).toContain(
      "  - Their own monthly file audit for November 2026 due Mon 30 Nov 2026 (overdue)\n  - Tara Manager: File audit actions due Tue 1 Dec 2026 (due now)",
    );
    expect(notice.text).not.toContain("Sam Manager: Monthly file audit");
    expect(notice.html).toContain(">Their own</th>");
    expect(notice.html).toContain("Monthly file audit for November 2026<br>Overdue");
  });

  it("name audits in the backlog CSV in words", () => {
    const csv = backlogCsv([
      {
        staffId: "SM1",
        name: "Sam Manager",
        team: "Service management",
        kind: "file_audit",
        dueDate: "2026-09-30",
        daysLate: 54,
      },
      {
        staffId: "W1",
        name: "Uma Green",
        team: "Front Door",
        kind: "audit_action",
        dueDate: "2026-10-01",
        daysLate: 53,
      },
    ]);
    expect(csv).toContain("SM1,Sam Manager,Service management,Monthly file audit,2026-09-30,54");
    expect(csv).toContain("W1,Uma Green,Front Door,File audit actions,2026-10-01,53");
  });
});

describe("the reminder view, rendered alone", () => {
  const ownItem: ReminderItem = {
    staffId: "SM1",
    personName: "Sam Manager",
    team: "Service management",
    kind: "file_audit",
    stage: "escalated",
    dueDate: "2026-11-30",
    daysLate: 35,
    drawnFile: { name: "Uma <Green>", team: "Front Door" },
  };

  it("escapes the drawn file's name and says the stage in the subject, update or summary", () => {
    const email = renderReminderEmail({
      recipientName: "Sam Manager",
      date: "2027-01-04",
      senderName: SENDER,
      items: [ownItem],
      rhythm: { kind: "update", nextSummaryDay: "2027-01-11" },
    });
    expect(email.subject).toBe("Supervision update: your monthly file audit is past the limit");
    expect(email.html).toContain("<strong>Uma &lt;Green&gt;</strong>");
    expect(email.html).not.toContain("<Green>");
    expect(email.text).toContain(
      "Your monthly file audit for November 2026: Past the policy limit, was due Mon 30 Nov 2026, 5 weeks late.",
    );
    expect(email.html).toContain("Your monthly file audit</div>");
  });
});

describe("the reminder run, with the draws in the digests", () => {
  const facts = (over: Partial<ReturnType<typeof factsWith>> = {}) =>
    factsWith({
      formalSessions: ["2026-11-02", "2026-11-16"],
      agreementsSigned: ["2026-06-01"],
      appraisals: ["2026-06-01"],
      training: [{ date: "2020-03-01", course: "Supervision" }],
      ...over,
    });
  const statuses: StaffStatus[] = [head, sam, sara, tara].map((person) => ({
    person,
    facts: facts(),
  }));
  statuses.push({ person: uma, facts: facts({ training: [] }) });
  const digestFor = (month: string, auditMonth: string): Digest =>
    ({
      month,
      audit: {
        month: auditMonth,
        serviceManagers: [
          { managerId: "SM1", service: CIN, seed: 1, staffId: "W1" },
          { managerId: "SM2", service: "Children in Care", seed: 2, staffId: null },
        ],
        qualityAssurance: null,
      },
    }) as unknown as Digest;

  /** A digest store that counts its loads, by month. */
  const counting = (inner: DigestStore) => {
    const loads: string[] = [];
    const store: DigestStore = {
      load: (month) => {
        loads.push(month);
        return inner.load(month);
      },
      isRecorded: (month) => inner.isRecorded(month),
      save: (digest, at) => inner.save(digest, at),
    };
    return { store, loads };
  };

  const run = async (date: string, digests: DigestStore) => {
    const mailer = new FakeEmailSender();
    const summary = await sendDueReminders(
      { scheduledTime: londonTimeToUtc(date, "07:00").toISOString(), runId: "r1", attempt: 0 },
      {
        store: InMemorySupervisionStore.with(statuses),
        ledger: new InMemoryEmailLedger(),
        deliveries: new InMemoryDeliveryLedger(),
        mailer,
        digests,
        continuation: new RecordingContinuationScheduler(),
        config,
        nowMs: () => Date.parse(`${date}T07:00:00Z`),
        remainingMs: () => 600_000,
      },
    );
    const to = (email: string) => mailer.delivered.find((d) => d.email.to === email)?.email;
    return { summary, to };
  };

  it("reads the month before's digest once, and names each manager's own draw", async () => {
    const stored = new InMemoryDigestStore();
    await stored.save(digestFor("2026-10", "2026-11"), "2026-11-02T07:00:00Z");
    const { store, loads } = counting(stored);
    const { summary, to } = await run("2026-11-23", store);
    expect(loads).toEqual(["2026-10"]);
    expect(summary.failed).toBe(0);
    expect(to(sam.email)?.text).toContain(
      "File drawn for you for November 2026: Uma Green, Front Door.",
    );
    // The draw found no file for Sara Mills's service: she chooses one.
    expect(to(sara.email)?.text).toContain(
      "No file was drawn for you for November 2026: choose one supervision file",
    );
  });

  it("goes on without a digest, or with one that holds another month's draw", async () => {
    const empty = await run("2026-11-23", new InMemoryDigestStore());
    expect(empty.summary).toMatchObject({ failed: 0, complete: true });
    expect(empty.to(sam.email)?.text).toContain("No file was drawn for you for November 2026");
    const wrong = new InMemoryDigestStore();
    await wrong.save(digestFor("2026-10", "2026-10"), "2026-11-02T07:00:00Z");
    const other = await run("2026-11-23", wrong);
    expect(other.to(sam.email)?.text).toContain("No file was drawn for you for November 2026");
  });

  it("reads no digest on a day no file audit is told", async () => {
    const { store, loads } = counting(new InMemoryDigestStore());
    // A week before: nothing of November's audit is due soon yet.
    const { to } = await run("2026-11-16", store);
    expect(to(sam.email)).toBeUndefined();
    expect(loads).toEqual([]);
  });
});

describe("the reviewed renderings, with audits", () => {
  it("a service manager's weekly summary: their own audit first, audit actions under the supervisee", async () => {
    const email = compose(
      planned("SM1", [
        note({ staffId: "SM1", kind: "file_audit", stage: "overdue", dueDate: "2026-10-30" }),
        note({ staffId: "TM1", kind: "appraisal", stage: "due_soon", dueDate: "2026-11-27" }),
      ]),
      "2026-11-23",
      lookup({ drawnFor: (_, month) => (month === "2026-10" ? "W1" : undefined) }),
    );
    await expect(email.html).toMatchFileSnapshot("../fixtures/emails/reminder-own-audit.html");
    await expect(email.text).toMatchFileSnapshot("../fixtures/emails/reminder-own-audit.txt");
    const actions = compose(
      planned("TM1", [
        note({
          staffId: "W1",
          recipientId: "TM1",
          kind: "audit_action",
          stage: "overdue",
          dueDate: "2026-12-01",
        }),
      ]),
      "2026-12-07",
    );
    await expect(actions.text).toMatchFileSnapshot("../fixtures/emails/reminder-audit-actions.txt");
  });

  it("an escalation with a service manager's missed audits and a supervisor's audit actions", async () => {
    const email = compose(
      planned("H1", [
        note({
          recipientId: "H1",
          staffId: "SM1",
          kind: "file_audit",
          stage: "escalated",
          emailKind: "escalation",
          level: 1,
        }),
        note({
          recipientId: "H1",
          staffId: "W1",
          kind: "audit_action",
          stage: "escalated",
          dueDate: "2026-12-01",
          emailKind: "escalation",
          level: 2,
        }),
      ]),
      "2027-01-04",
    );
    await expect(email.html).toMatchFileSnapshot("../fixtures/emails/escalation-audits.html");
    await expect(email.text).toMatchFileSnapshot("../fixtures/emails/escalation-audits.txt");
  });
});
