import { CreateScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { DynamoDbEmailLedger } from "../../shared/adapters/dynamodb/dynamodb-email-ledger";
import { EventBridgeContinuationScheduler } from "../../shared/adapters/scheduler/eventbridge-continuation-scheduler";
import { InProcessContinuationScheduler } from "../../shared/adapters/scheduler/in-process-continuation-scheduler";
import { generateDepartment } from "../../shared/demo/generate-department";
import { addDays } from "../../shared/domain/dates";
import { openObligations } from "../../shared/domain/open-obligations";
import { mergeFacts } from "../../shared/domain/person-facts";
import { emptyFacts } from "../../shared/domain/records";
import {
  notificationKey,
  planReminders,
  type ReminderPlan,
} from "../../shared/domain/reminder-plan";
import { weekPeriod } from "../../shared/domain/reminder-rhythm";
import { isUrgent, todaysEmails } from "../../shared/domain/todays-emails";
import { isWorkingDay } from "../../shared/domain/working-days";
import { parseFiles } from "../../shared/import/parse-files";
import { locatedRecords } from "../../shared/import/validate-import";
import { toCsvBuffers } from "../../shared/import/write-csv";
import type { EmailLedger } from "../../shared/ports/email-ledger";
import type { EmailSender } from "../../shared/ports/email-sender";
import { buildStatus } from "../../shared/use-cases/build-status";
import { importFiles } from "../../shared/use-cases/import-files";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { sesRefuses } from "../helpers/ses-refusals";
import { tableContents } from "../helpers/table-contents";
import { mentionsOf } from "../helpers/trail-mentions";

const DAY = "2024-03-20"; // a Wednesday
const department = generateDepartment({ asOf: DAY, socialWorkers: 33, historyMonths: 6, seed: 11 });
const files = toCsvBuffers(department);

/** The oracle: the emails a correct run sends on a day, from pure functions over the files. */
function expectedEmails(date: string) {
  const parsed = parseFiles(files);
  const records = locatedRecords(parsed.files).map((r) => r.record);
  const roster = department.staff
    .filter((p) => !p.endDate || p.endDate >= date)
    .map((person) => ({
      person,
      facts: mergeFacts(
        emptyFacts(),
        records.filter((r) => r.record.staffId === person.staffId),
        800,
      ),
    }));
  const plan = planReminders(
    date,
    openObligations(date, roster, harnessConfigPolicy(), harnessConfigCalendar()),
    roster.map((r) => r.person),
    reminderDefaults(),
    harnessCalendar(),
  );
  const emailOf = new Map(department.staff.map((p) => [p.staffId, p.email]));
  // A fresh store: nothing was sent before.
  return todaysEmails(
    plan,
    date,
    () => false,
    () => false,
  )
    .map((e) => `${e.emailKind}:${emailOf.get(e.recipientId)}`)
    .sort();
}
let harness: ReminderHarness | undefined;
const harnessConfigPolicy = () => (harness as ReminderHarness).config.policy;
const harnessConfigCalendar = () => (harness as ReminderHarness).config.calendar;
const reminderDefaults = () => (harness as ReminderHarness).config.reminders;
const harnessCalendar = () => (harness as ReminderHarness).config.calendar;

async function sentSet(h: ReminderHarness) {
  return (await h.emails())
    .map(
      (e) =>
        `${e.subject.startsWith("Escalation") ? "escalation" : "reminder"}:${e.destination.to[0]}`,
    )
    .sort();
}

async function claimedResidue(h: ReminderHarness) {
  return (await tableContents(h.dynamo.documents, h.tableName)).filter(
    (i) => i.kind === "email" && i.status === "claimed",
  );
}

class Crash extends Error {}

/** SES answers with its daily-quota error after `sends` emails, until lifted. */
function quotaReachedAfter(h: ReminderHarness, sends: number) {
  let calls = 0;
  let reached = true;
  // A throttling error by its name, the daily quota by its message: the run must stop.
  sesRefuses(h.sesClient, () => reached && ++calls > sends, {
    name: "TooManyRequestsException",
    message: "Daily message quota exceeded.",
    status: 429,
  });
  return {
    lift: () => {
      reached = false;
    },
  };
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("daily reminders, exactly once (real DynamoDB and SES stand-ins)", () => {
  it("sends each recipient one email, exactly the oracle's set, naming only their own people", async () => {
    harness = await startReminderHarness(files);
    const expected = expectedEmails(DAY);
    expect(expected.length).toBeGreaterThan(5);
    const summary = await harness.run(DAY);
    expect(summary).toMatchObject({
      date: DAY,
      workingDay: true,
      sent: expected.length,
      failed: 0,
      complete: true,
    });
    expect(await sentSet(harness)).toEqual(expected);
    const byEmail = new Map(department.staff.map((p) => [p.email, p]));
    for (const email of (await harness.emails()).filter((e) =>
      e.subject.startsWith("Supervision:"),
    )) {
      const recipient = byEmail.get(email.destination.to[0] as string);
      const mine = new Set(
        department.staff.filter((p) => p.supervisorId === recipient?.staffId).map((p) => p.name),
      );
      // One block per supervisee: "Name (Team)" (or "(Team, id)"), then their items indented.
      const named = [
        ...(email.body.text ?? "").matchAll(/^(\S.*?) \([^()\r\n]*\)\r?\n {2}- /gm),
      ].map((m) => m[1]);
      expect(named.length).toBeGreaterThan(0);
      for (const name of named) expect(mine).toContain(name);
    }
  });

  it("sends nothing when the same event comes again", async () => {
    harness = await startReminderHarness(files);
    const first = await harness.run(DAY);
    const second = await harness.run(DAY);
    expect(second).toMatchObject({ sent: 0, recipients: 0, complete: true });
    expect((await harness.emails()).length).toBe(first.sent);
  });

  it("sends one set of emails when the same event runs twice at once", async () => {
    harness = await startReminderHarness(files);
    const h = harness;
    const continuations = [
      new InProcessContinuationScheduler(),
      new InProcessContinuationScheduler(),
    ];
    const results = await Promise.all(continuations.map((c) => h.run(DAY, { continuation: c })));
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(expectedEmails(DAY).length);
    for (const c of continuations) {
      for (let next = c.take(); next; next = c.take()) {
        h.clock.advance(61_000);
        expect((await h.run(DAY, {}, next.attempt)).sent).toBe(0);
      }
    }
    expect(await sentSet(h)).toEqual(expectedEmails(DAY));
  });

  it("after a crash part-way, the retry sends exactly the rest", async () => {
    harness = await startReminderHarness(files);
    const total = expectedEmails(DAY).length;
    const k = 3;
    let checks = 0;
    await expect(
      harness.run(DAY, {
        remainingMs: () => {
          if (++checks > k) throw new Crash("process died");
          return 600_000;
        },
      }),
    ).rejects.toThrow(Crash);
    expect((await harness.emails()).length).toBe(k);
    const retry = await harness.run(DAY);
    expect(retry.sent).toBe(total - k);
    expect(await sentSet(harness)).toEqual(expectedEmails(DAY));
    expect(await claimedResidue(harness)).toEqual([]);
  });

  it("a claim left by a crash before sending is taken over after its lease, and counted", async () => {
    harness = await startReminderHarness(files);
    const h = harness;
    let claims = 0;
    const crashingLedger: EmailLedger = Object.assign(Object.create(h.ledger), {
      claim: async (...args: Parameters<EmailLedger["claim"]>) => {
        const outcome = await h.ledger.claim(...args);
        if (++claims === 2) throw new Crash("died after claiming");
        return outcome;
      },
    });
    await expect(h.run(DAY, { ledger: crashingLedger })).rejects.toThrow(Crash);
    const continuation = new InProcessContinuationScheduler();
    const retry = await h.run(DAY, { continuation });
    expect(retry).toMatchObject({
      complete: false,
      stoppedBecause: "in_flight_elsewhere",
      skipped: 1,
    });
    const next = continuation.take();
    expect(next?.notBeforeMs).toBeGreaterThan(h.clock.now());
    h.clock.advance(61_000);
    const recovered = await h.run(DAY, {}, next?.attempt);
    expect(recovered).toMatchObject({ sent: 1, possibleDuplicates: 1, complete: true });
    expect(await sentSet(h)).toEqual(expectedEmails(DAY));
    expect(await claimedResidue(h)).toEqual([]);
  });

  it("when SES sent but the reply was lost, the resend is the only duplicate and is counted", async () => {
    harness = await startReminderHarness(files);
    const h = harness;
    let sends = 0;
    const lossy: EmailSender = {
      send: async (email) => {
        const result = await h.mailer.send(email);
        if (++sends === 1)
          throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
        return result;
      },
    };
    const first = await h.run(DAY, { mailer: lossy });
    expect(first.failed).toBe(1);
    const second = await h.run(DAY);
    expect(second).toMatchObject({ sent: 1, possibleDuplicates: 1 });
    expect((await h.emails()).length).toBe(expectedEmails(DAY).length + 1);
  });

  it("backs off while SES throttles, then sends everything once", async () => {
    harness = await startReminderHarness(files);
    let throttled = 0;
    const throttling = () => {
      if (throttled === 5) return false;
      throttled++;
      return true;
    };
    sesRefuses(harness.sesClient, throttling, {
      name: "TooManyRequestsException",
      message: "Maximum sending rate exceeded.",
      status: 429,
    });
    const summary = await harness.run(DAY);
    expect(throttled).toBe(5);
    expect(summary).toMatchObject({ sent: expectedEmails(DAY).length, failed: 0 });
    expect(await sentSet(harness)).toEqual(expectedEmails(DAY));
  });

  it("stops safely at the daily quota; the next run sends the rest once", async () => {
    harness = await startReminderHarness(files);
    const quota = quotaReachedAfter(harness, 3);
    const first = await harness.run(DAY);
    expect(first).toMatchObject({
      sent: 3,
      failed: 1,
      complete: false,
      stoppedBecause: "sending_paused",
    });
    quota.lift();
    const next = await harness.run(DAY);
    expect(next.sent).toBe(expectedEmails(DAY).length - 3);
    expect(await sentSet(harness)).toEqual(expectedEmails(DAY));
  });

  it("records a rejected address as a failure with its reason, sends the others, and retries it next run", async () => {
    harness = await startReminderHarness(files);
    const victim = (expectedEmails(DAY)[0] as string).split(":")[1] as string;
    let reject = true;
    sesRefuses(
      harness.sesClient,
      (input) => reject && (input.Destination?.ToAddresses?.includes(victim) ?? false),
      { name: "MessageRejected", message: `Email address is not verified: ${victim}` },
    );
    const toVictim = expectedEmails(DAY).filter((e) => e.endsWith(`:${victim}`)).length;
    const first = await harness.run(DAY);
    expect(first).toMatchObject({
      failed: toVictim,
      sent: expectedEmails(DAY).length - toVictim,
      complete: true,
    });
    const failures = (await tableContents(harness.dynamo.documents, harness.tableName)).filter(
      (i) => i.status === "failed",
    );
    expect(failures).toHaveLength(toVictim);
    for (const f of failures) {
      expect(f.reason).toBe("MessageRejected: Email address is not verified: <address>");
    }
    reject = false;
    expect((await harness.run(DAY)).sent).toBe(toVictim);
    expect(await sentSet(harness)).toEqual(expectedEmails(DAY));
  });

  it("sends nothing at weekends or on bank holidays; the next working day catches up once", async () => {
    harness = await startReminderHarness(files);
    for (const closed of ["2024-03-23", "2024-03-24", "2024-03-29", "2024-04-01"]) {
      expect(await harness.run(closed)).toMatchObject({ workingDay: false, sent: 0 });
    }
    expect((await harness.emails()).length).toBe(0);
    const tuesday = await harness.run("2024-04-02");
    expect(tuesday.sent).toBe(expectedEmails("2024-04-02").length);
    expect((await harness.run("2024-04-02")).sent).toBe(0);
  });

  it("stops the overdue reminder once a session is recorded", async () => {
    harness = await startReminderHarness(files);
    await harness.run(DAY);
    const overdue = mentionsOf(
      await harness.ledger.listTold({ from: DAY, to: DAY }, harness.clock.now()),
    ).find((e) => e.kind === "supervision" && e.stage === "overdue" && e.emailKind === "reminder");
    expect(overdue).toBeDefined();
    const staffId = overdue?.staffId as string;
    const session = `staff_id,date,supervisor_id,type,duration_minutes\n${staffId},${DAY},${overdue?.recipientId},formal,60\n`;
    expect(
      (
        await importFiles(
          { contents: { supervisions: Buffer.from(session) }, source: "test" },
          {
            store: harness.store,
            imports: harness.imports,
            config: harness.config,
            nowMs: harness.clock.now,
          },
        )
      ).ok,
    ).toBe(true);
    const nextWeek = addDays(DAY, 7);
    await harness.run(nextWeek);
    const after = mentionsOf(
      await harness.ledger.listTold({ staffId, from: nextWeek, to: nextWeek }, harness.clock.now()),
    );
    expect(after.filter((e) => e.kind === "supervision")).toEqual([]);
  });

  it("fails closed when the ledger is unavailable: no email is sent", async () => {
    harness = await startReminderHarness(files);
    const missing = new DynamoDbEmailLedger({
      client: harness.dynamo.documents,
      tableName: "no-such-table",
      retentionDays: 800,
    });
    await expect(harness.run(DAY, { ledger: missing })).rejects.toThrow();
    expect((await harness.emails()).length).toBe(0);
  });

  it("stops before the time budget runs out and hands the rest to a one-off schedule", async () => {
    harness = await startReminderHarness(files);
    const scheduler = mockClient(SchedulerClient);
    scheduler
      .on(CreateScheduleCommand)
      .resolves({ ScheduleArn: "arn:aws:scheduler:eu-west-2:123:schedule/reminders/x" });
    const continuation = new EventBridgeContinuationScheduler({
      client: new SchedulerClient({ region: "eu-west-2" }),
      groupName: "supervision-reminders-test",
      functionArn: "arn:aws:lambda:eu-west-2:123:function:send-due-reminders",
      roleArn: "arn:aws:iam::123:role/scheduler-invoke",
      namePrefix: "reminders",
    });
    let checks = 0;
    const first = await harness.run(DAY, {
      continuation,
      remainingMs: () => (++checks > 4 ? 10_000 : 600_000),
    });
    expect(first).toMatchObject({ sent: 4, complete: false, stoppedBecause: "time_budget" });
    const calls = scheduler.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input).toMatchObject({
      GroupName: "supervision-reminders-test",
      ActionAfterCompletion: "DELETE",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: {
        Arn: "arn:aws:lambda:eu-west-2:123:function:send-due-reminders",
        RoleArn: "arn:aws:iam::123:role/scheduler-invoke",
      },
    });
    expect(input?.ScheduleExpression).toMatch(/^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/);
    const payload = JSON.parse(input?.Target?.Input ?? "{}");
    expect(payload).toEqual({
      scheduledTime: expect.stringMatching(/^2024-03-20T07:00:00/),
      continuation: 1,
    });
    expect(input?.Target?.Input).not.toContain("@");
    const rest = await harness.run(DAY, {}, payload.continuation);
    expect(rest.sent).toBe(expectedEmails(DAY).length - 4);
    expect(await sentSet(harness)).toEqual(expectedEmails(DAY));
    scheduler.restore();
  });
});

describe("a weekly rhythm: a summary on Monday, only urgent news in between", () => {
  const MONDAY = "2024-03-18";
  const WEEK = [MONDAY, "2024-03-19", "2024-03-20", "2024-03-21", "2024-03-22"];
  // One supervisor asks for every change: the preference column of staff.csv.
  const supervisors = [...new Set(department.staff.flatMap((p) => p.supervisorId ?? []))].sort();
  const daily = supervisors[1] as string;
  const withDaily = toCsvBuffers({
    ...department,
    staff: department.staff.map((p) =>
      p.staffId === daily ? { ...p, reminderFrequency: "daily" as const } : p,
    ),
  });
  const emailOf = new Map(department.staff.map((p) => [p.staffId, p.email]));

  async function planFor(h: ReminderHarness, date: string) {
    const board = await buildStatus(date, {
      store: h.store,
      policy: h.config.policy,
      calendar: h.config.calendar,
    });
    return planReminders(
      date,
      board.obligations,
      board.roster.map((r) => r.person),
      h.config.reminders,
      h.config.calendar,
    );
  }

  it("tells every supervisor everything open on the first Monday, then only what is newly overdue or past the limit; the daily supervisor every change", async () => {
    harness = await startReminderHarness(withDaily);
    const h = harness;
    let midWeekUpdates = 0;
    for (const date of WEEK) {
      const plan = await planFor(h, date);
      const reminders = plan.emails.filter((e) => e.emailKind === "reminder");
      const sent = await h.ledger.sentKeys(
        reminders.flatMap((e) => e.notifications),
        h.clock.now(),
      );
      const unsent = (e: (typeof reminders)[number]) =>
        e.notifications.filter((n) => !sent.has(notificationKey(n)));
      // Whose weekly summary already went this week (the ledger's record of it).
      const hadSummary = await h.ledger.weeklySent(reminders, weekPeriod(plan.week), h.clock.now());
      await h.clearEmails();
      await h.run(date);
      const mail = new Map((await h.emails()).map((e) => [e.destination.to[0], e]));
      for (const e of reminders) {
        const got = mail.get(emailOf.get(e.recipientId));
        if (date === MONDAY) {
          // The first run on a fresh store: everything open, to everyone, as a summary.
          expect(got?.subject, e.recipientId).toMatch(
            e.recipientId === daily ? /^Supervision: / : /^Weekly supervision summary: /,
          );
          continue;
        }
        if (e.recipientId === daily) {
          expect(got !== undefined, `${date} daily`).toBe(unsent(e).length > 0);
          continue;
        }
        // Told on Monday, it waits; newly overdue or past the limit, it goes. (A supervisor with
        // nothing open on Monday gets the week's summary with their first news.)
        const urgent = unsent(e).filter(isUrgent);
        const missedSummary = !hadSummary.has(`reminder#${e.recipientId}`) && unsent(e).length > 0;
        expect(got !== undefined, `${date} ${e.recipientId}`).toBe(
          urgent.length > 0 || missedSummary,
        );
        if (!got) continue;
        if (missedSummary) continue;
        midWeekUpdates++;
        expect(got.subject).toMatch(/^Supervision update: /);
        // Only what is new: nothing told on Monday is told again, due soon waits for the summary.
        const subjectCount = got.subject
          .replace(/^[^:]*: /, "")
          .split(", ")
          .reduce((n, part) => n + Number.parseInt(part, 10), 0);
        expect(subjectCount).toBe(
          unsent(e).filter((n) => n.stage !== "due_soon" || n.dueDate < "2024-03-25").length,
        );
      }
    }
    expect(midWeekUpdates).toBeGreaterThan(0);
    // On Monday each weekly supervisor's ledger holds every open item of theirs for the week.
    const monday = await planFor(h, MONDAY);
    const told = await h.ledger.sentKeys(
      monday.emails.filter((e) => e.emailKind === "reminder").flatMap((e) => e.notifications),
      h.clock.now(),
    );
    expect(told.size).toBe(
      monday.emails
        .filter((e) => e.emailKind === "reminder")
        .reduce((n, e) => n + e.notifications.length, 0),
    );
  });

  it("a summary day stopped at the quota: the next working day sends the rest their summaries, nothing twice", async () => {
    harness = await startReminderHarness(files);
    const h = harness;
    const quota = quotaReachedAfter(h, 4);
    expect(await h.run(MONDAY)).toMatchObject({ sent: 4, stoppedBecause: "sending_paused" });
    // Whose weekly summary went before the quota stopped it (an escalation is not a summary).
    const toldMonday = new Set(
      (await h.emails())
        .filter((e) => e.subject.startsWith("Weekly supervision summary"))
        .map((e) => e.destination.to[0]),
    );
    quota.lift();
    const plan = await planFor(h, WEEK[1] as string);
    await h.clearEmails();
    expect(await h.run(WEEK[1] as string)).toMatchObject({ failed: 0, complete: true });
    const tuesday = await h.emails();
    const summaries = tuesday.filter((e) => e.subject.startsWith("Weekly supervision summary"));
    // Everyone with something open who had no summary on Monday gets it now; nobody twice.
    const owed = plan.emails
      .filter((e) => e.emailKind === "reminder")
      .map((e) => emailOf.get(e.recipientId))
      .filter((to) => !toldMonday.has(to));
    expect(summaries.map((e) => e.destination.to[0]).sort()).toEqual(owed.sort());
    for (const e of tuesday.filter((e) => toldMonday.has(e.destination.to[0])))
      expect(e.subject).toMatch(/^(Supervision update|Escalation): /);
  });

  it("moves the summary to Tuesday when Monday is a bank holiday (Easter Monday 2024)", async () => {
    harness = await startReminderHarness(files);
    expect(await harness.run("2024-04-01")).toMatchObject({ workingDay: false, sent: 0 });
    await harness.run("2024-04-02");
    const subjects = (await harness.emails()).map((e) => e.subject);
    const reminders = subjects.filter((s) => !s.startsWith("Escalation"));
    expect(reminders.length).toBeGreaterThan(3);
    for (const subject of reminders) expect(subject).toMatch(/^Weekly supervision summary: /);
    expect(subjects.some((s) => s.startsWith("Escalation"))).toBe(true);
    // Wednesday: only news.
    await harness.clearEmails();
    await harness.run("2024-04-03");
    for (const e of await harness.emails())
      expect(e.subject).toMatch(/^(Supervision update|Escalation): /);
  });
});

describe("what a supervisor's mail looks like on the wire (SES emulator)", () => {
  type Stored = Omit<Awaited<ReturnType<ReminderHarness["emails"]>>[number], "attachments"> & {
    headers?: { name: string; value: string }[];
    attachments: { filename?: string; contentType: string; content?: string }[];
  };
  const stored = async (h: ReminderHarness) => (await h.emails()) as Stored[];
  const invitesOf = (email: Stored) =>
    email.attachments
      .filter((a) => a.contentType.startsWith("text/calendar"))
      .map((a) => {
        const vevent = new ICAL.Component(
          ICAL.parse(Buffer.from(a.content ?? "", "base64").toString("utf8")),
        ).getFirstSubcomponent("vevent");
        if (!vevent) throw new Error("no VEVENT");
        const event = new ICAL.Event(vevent);
        return {
          uid: event.uid,
          sequence: event.sequence,
          start: event.startDate.toJSDate().getTime(),
          end: event.endDate.toJSDate().getTime(),
        };
      });

  it("every email is marked automated and has CRLF line breaks only", async () => {
    harness = await startReminderHarness(files);
    await harness.run(DAY);
    const emails = await stored(harness);
    expect(emails.length).toBeGreaterThan(5);
    for (const email of emails) {
      expect(email.headers).toEqual([
        { name: "Auto-Submitted", value: "auto-generated" },
        { name: "X-Auto-Response-Suppress", value: "All" },
      ]);
      for (const body of [email.body.text ?? "", email.body.html ?? ""]) {
        expect(body).toContain("\r\n");
        expect(body).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
      }
    }
  });

  it("proposes sessions on working days after the email, within the hours, never two at once; a week later the same event with a higher SEQUENCE", async () => {
    harness = await startReminderHarness(files);
    await harness.run(DAY);
    const first = (await stored(harness)).map(invitesOf).filter((i) => i.length > 0);
    expect(first.length).toBeGreaterThan(0);
    const london = (ms: number) =>
      new Intl.DateTimeFormat("en-GB", {
        timeZone: "Europe/London",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(new Date(ms));
    for (const invites of first) {
      expect(new Set(invites.map((i) => i.uid)).size).toBe(invites.length);
      const sorted = [...invites].sort((a, b) => a.start - b.start);
      for (const [i, invite] of sorted.entries()) {
        const day = new Date(invite.start).toISOString().slice(0, 10);
        expect(day > DAY).toBe(true);
        expect(isWorkingDay(day, harness.config.calendar)).toBe(true);
        expect(london(invite.start) >= "09:30").toBe(true);
        expect(london(invite.end) <= "16:30").toBe(true);
        if (i > 0)
          expect(invite.start).toBeGreaterThanOrEqual((sorted[i - 1] as typeof invite).end);
      }
    }
    const told = new Map(first.flat().map((i) => [i.uid, i.sequence]));
    await harness.clearEmails();
    for (let day = addDays(DAY, 1); day <= addDays(DAY, 7); day = addDays(day, 1))
      await harness.run(day);
    const later = (await stored(harness)).flatMap(invitesOf).filter((i) => told.has(i.uid));
    // Told again a week on (still overdue), as a revision of the same event, once.
    expect(later.length).toBeGreaterThan(0);
    expect(new Set(later.map((i) => i.uid)).size).toBe(later.length);
    for (const invite of later) expect(invite.sequence).toBeGreaterThan(told.get(invite.uid) ?? 0);
  });
});

describe("go-live baseline: what was overdue before reminders began is backlog", () => {
  // Reminders began on the Monday before the export's day; two months on (nothing recorded
  // since), much that was overdue then is past the limit, and much more has gone overdue.
  const GO_LIVE = "2024-03-18";
  const RUN = "2024-05-20"; // a Monday, backlog week 9

  function plannedWith(goLiveDate: string | undefined, date = RUN) {
    const parsed = parseFiles(files);
    const records = locatedRecords(parsed.files).map((r) => r.record);
    const roster = department.staff
      .filter((p) => !p.endDate || p.endDate >= date)
      .map((person) => ({
        person,
        facts: mergeFacts(
          emptyFacts(),
          records.filter((r) => r.record.staffId === person.staffId),
          800,
        ),
      }));
    return planReminders(
      date,
      openObligations(date, roster, harnessConfigPolicy(), harnessConfigCalendar()),
      roster.map((r) => r.person),
      { ...reminderDefaults(), goLiveDate },
      harnessCalendar(),
    );
  }

  async function backlogNotes(h: ReminderHarness, runDate: string, plan: ReminderPlan) {
    const backlog = new Set(
      plan.emails.flatMap((e) => e.notifications.filter((n) => n.backlog).map(notificationKey)),
    );
    return (await tableContents(h.dynamo.documents, h.tableName)).filter(
      (i) => i.kind === "notification" && i.runDate === runDate && backlog.has(String(i.key)),
    );
  }

  it("summarises it in the supervisor's reminder with a CSV of names, never escalates it, and repeats it weekly", async () => {
    harness = await startReminderHarness(files, { reminders: { goLiveDate: GO_LIVE } });
    const plan = plannedWith(GO_LIVE);
    const without = plannedWith(undefined);
    const backlogOf = new Map(
      plan.emails
        .filter((e) => e.emailKind === "reminder")
        .map((e) => [e.recipientId, e.notifications.filter((n) => n.backlog)]),
    );
    const total = [...backlogOf.values()].flat().length;
    expect(total).toBeGreaterThan(3);
    const escalations = (p: typeof plan) =>
      p.emails.filter((e) => e.emailKind === "escalation").flatMap((e) => e.notifications).length;
    expect(escalations(plan)).toBeLessThan(escalations(without));

    await harness.run(RUN);
    const byAddress = new Map(department.staff.map((p) => [p.email, p]));
    let summaries = 0;
    for (const email of (await harness.emails()) as (SentEmailWithFiles & {
      destination: { to: string[] };
    })[]) {
      const recipient = byAddress.get(email.destination.to[0] as string);
      const text = email.body.text ?? "";
      const backlog = backlogOf.get(recipient?.staffId ?? "") ?? [];
      const csv = email.attachments.find((a) => a.filename?.startsWith("supervision-backlog-"));
      if (email.subject.startsWith("Escalation") || backlog.length === 0) {
        expect(text).not.toContain("BACKLOG");
        expect(csv).toBeUndefined();
        continue;
      }
      summaries++;
      expect(text).toContain("BACKLOG FROM BEFORE GO-LIVE");
      expect(text).toContain(
        `reminders began on Mon 18 Mar 2024, and still open: ${backlog.length} item`,
      );
      const ids = Buffer.from(csv?.content ?? "", "base64")
        .toString("utf8")
        .split("\r\n")
        .slice(1, -1)
        .map((line) => line.split(",")[0]);
      expect(ids.sort()).toEqual(backlog.map((n) => n.staffId).sort());
      // A backlog item is not also listed in the blocks above.
      const listed = text.slice(0, text.indexOf("BACKLOG FROM BEFORE GO-LIVE"));
      for (const n of backlog) {
        const others = plan.emails
          .find((e) => e.recipientId === recipient?.staffId && e.emailKind === "reminder")
          ?.notifications.filter((o) => o.staffId === n.staffId && !o.backlog);
        if (others?.length === 0)
          expect(listed).not.toContain(
            `${department.staff.find((p) => p.staffId === n.staffId)?.name} (`,
          );
      }
    }
    expect(summaries).toBe([...backlogOf.values()].filter((b) => b.length > 0).length);
    expect((await backlogNotes(harness, RUN, plan)).length).toBe(total);

    // The rest of the week the backlog is no news: a reminder goes only for something newly
    // overdue or past the limit. The next week (from Monday 27 May, a bank holiday: Tuesday)
    // the summary is news again.
    for (const day of ["2024-05-21", "2024-05-22", "2024-05-28"]) {
      const planned = plannedWith(GO_LIVE, day).emails;
      const before = await harness.ledger.sentKeys(
        planned.flatMap((e) => e.notifications),
        harness.clock.now(),
      );
      const backlogNews = planned
        .flatMap((e) => e.notifications)
        .filter((n) => n.backlog && !before.has(notificationKey(n)));
      await harness.clearEmails();
      await harness.run(day);
      const to = new Set(
        (await harness.emails()).map(
          (e) =>
            `${e.subject.startsWith("Escalation") ? "escalation" : "reminder"}:${e.destination.to[0]}`,
        ),
      );
      const hasOtherNews = (e: (typeof planned)[number]) =>
        e.emailKind === "reminder" &&
        e.notifications.some((n) => isUrgent(n) && !before.has(notificationKey(n)));
      const sentTo = (e: (typeof planned)[number]) =>
        to.has(
          `${e.emailKind}:${department.staff.find((p) => p.staffId === e.recipientId)?.email}`,
        );
      if (day === "2024-05-28") {
        expect(backlogNews.length).toBeGreaterThan(0);
        for (const e of planned.filter((e) => e.notifications.some((n) => n.backlog)))
          expect(sentTo(e), e.recipientId).toBe(true);
      } else {
        expect(backlogNews).toEqual([]);
        for (const e of planned) expect(sentTo(e), e.recipientId).toBe(hasOtherNews(e));
      }
    }
  });
});

type SentEmailWithFiles = {
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; content?: string }[];
};
