import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tablePorts } from "../../shared/adapters/dynamodb/table-ports";
import { sentCommand } from "../../shared/cli/commands/sent-command";
import { generateDepartment } from "../../shared/demo/generate-department";
import { addDays, londonTimeToUtc } from "../../shared/domain/dates";
import { openObligations } from "../../shared/domain/open-obligations";
import type { SentEmail } from "../../shared/domain/sent-trail";
import { isWorkingDay } from "../../shared/domain/working-days";
import { OBLIGATION_LABEL } from "../../shared/email/labels";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { importFiles } from "../../shared/use-cases/import-files";
import {
  type HadOpen,
  type ReadEmail,
  readSentEmails,
  type StoredEmail,
} from "../helpers/parse-sent-emails";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { type Mention, mentionsOf } from "../helpers/trail-mentions";

// Wednesday 6 to Tuesday 19 March 2024: two weekends, two summary Mondays, no bank holiday
// (Good Friday is the 29th). Starting midweek on a fresh store sends that week's summaries
// on the first day, so the trail sees full summaries, updates and repeats.
const FIRST = "2024-03-06";
const DAYS = Array.from({ length: 14 }, (_, i) => addDays(FIRST, i));
const LAST = DAYS[DAYS.length - 1] as string;
/** The first run after a session is recorded (Thursday of the first full week). */
const SESSION_ON = "2024-03-14";
const GO_LIVE = "2023-08-07";

const department = generateDepartment({
  asOf: FIRST,
  socialWorkers: 30,
  historyMonths: 14,
  seed: 7,
});
const names = new Map(department.staff.map((p) => [p.staffId, p.name]));

/** One (day, recipient, supervisee): who was told about whom, when. */
const mentionKey = (day: string, recipientId: string, staffId: string) =>
  `${day} ${recipientId} ${staffId}`;

/**
 * One item of one email. The backlog's attachment gives no stage, so for it the stage is
 * left out on both sides.
 */
const itemKey = (
  day: string,
  recipientId: string,
  emailKind: string,
  i: { staffId: string; kind: string; dueDate: string; stage?: string; backlog?: boolean },
) =>
  [day, recipientId, emailKind, i.staffId, i.kind, i.dueDate, i.backlog ? "backlog" : i.stage].join(
    " ",
  );

const sorted = <T>(values: Iterable<T>) => [...values].sort();

describe("a fortnight of daily runs: the trail keeps every telling the emails made", () => {
  let harness: ReminderHarness;
  /** Each email the emulator holds, with the run day it was sent on. */
  const stored: { day: string; email: StoredEmail }[] = [];
  let read: (ReadEmail & { day: string })[];
  let trail: SentEmail[];
  let mentions: Mention[];
  /** The overdue supervision a session recorded mid-fortnight resolved. */
  let session: { staffId: string; dueDate: string } | undefined;

  beforeAll(async () => {
    harness = await startReminderHarness(toCsvBuffers(department), {
      // Seven months before the fortnight: a few gaps from before it go to the backlog (its
      // attached CSV names them), while later ones are escalated as usual.
      reminders: { goLiveDate: GO_LIVE },
    });
    const h = harness;
    // What each person had open on a day, from their stored records (not the ledger): only to
    // tell apart two people an email names alike. The records change once, with the session.
    const statusesBefore = await h.store.listStaff();
    let statusesAfter = statusesBefore;
    const open = new Map<string, Set<string>>();
    const hadOpen: HadOpen = (staffId, kind, dueDate, day) => {
      if (!open.has(day)) {
        const statuses = day < SESSION_ON ? statusesBefore : statusesAfter;
        const obligations = openObligations(day, statuses, h.config.policy, h.config.calendar);
        open.set(day, new Set(obligations.map((o) => `${o.staffId} ${o.kind} ${o.dueDate}`)));
      }
      return open.get(day)?.has(`${staffId} ${kind} ${dueDate}`) ?? false;
    };
    const readAll = () =>
      readSentEmails(
        stored.map((s) => s.email),
        department.staff,
        { dueSoonDays: h.config.policy.dueSoonDays, hadOpen },
      ).map((email, i) => ({ ...email, day: (stored[i] as { day: string }).day }));

    for (const day of DAYS) {
      if (day === SESSION_ON) {
        // The day after a session, HR's export has it: someone whose overdue supervision the
        // emails have told of so far, as the emails showed it.
        const told = readAll().flatMap((e) =>
          e.emailKind === "reminder"
            ? e.items.filter((i) => i.kind === "supervision" && i.stage === "overdue")
            : [],
        );
        const [first] = told.sort((a, b) => a.staffId.localeCompare(b.staffId));
        if (!first) throw new Error("no overdue supervision told before the session");
        const person = department.staff.find((p) => p.staffId === first.staffId);
        session = { staffId: first.staffId, dueDate: first.dueDate };
        const imported = await importFiles(
          {
            contents: toCsvBuffers({
              ...department,
              supervisions: [
                ...department.supervisions,
                {
                  staffId: first.staffId,
                  date: addDays(SESSION_ON, -1),
                  supervisorId: person?.supervisorId,
                  type: "formal",
                  durationMinutes: 60,
                },
              ],
            }),
            source: "test",
          },
          { store: h.store, imports: h.imports, config: h.config, nowMs: h.clock.now },
        );
        expect(imported.ok).toBe(true);
        statusesAfter = await h.store.listStaff();
      }
      // Claims, leases and sentAt follow the day, as a real morning's run would.
      h.clock.advance(londonTimeToUtc(day, "07:00").getTime() - h.clock.now());
      const before = (await h.emails()).length;
      const summary = await h.run(day);
      expect(summary).toMatchObject({ date: day, failed: 0, complete: true });
      const now = (await h.emails()) as StoredEmail[];
      expect(now.length - before).toBe(summary.sent);
      for (const email of now.slice(before)) stored.push({ day, email });
    }
    read = readAll();
    trail = await harness.ledger.listTold({ from: FIRST, to: LAST }, harness.clock.now());
    mentions = mentionsOf(trail);
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
  });

  it("sends on working days only, and every email says the day it was sent", () => {
    const calendar = harness.config.calendar;
    expect(DAYS.filter((d) => !isWorkingDay(d, calendar))).toEqual([
      "2024-03-09",
      "2024-03-10",
      "2024-03-16",
      "2024-03-17",
    ]);
    const sendingDays = new Set(stored.map((s) => s.day));
    for (const day of sendingDays) expect(isWorkingDay(day, calendar), day).toBe(true);
    // Enough to mean something: summaries, updates between them, escalations, a backlog.
    expect(sendingDays.size).toBeGreaterThanOrEqual(5);
    expect(read.filter((e) => e.emailKind === "escalation").length).toBeGreaterThan(0);
    expect(read.some((e) => e.items.some((i) => i.backlog))).toBe(true);
    for (const email of read) {
      expect(email.signedOn).toBe(email.day);
      expect(email.items.length, email.messageId).toBeGreaterThan(0);
    }
  });

  it("stops telling of a supervision once its session is recorded, and keeps what was told", () => {
    const { staffId, dueDate } = session as { staffId: string; dueDate: string };
    const ofIt = (i: { staffId: string; kind: string; dueDate: string }) =>
      i.staffId === staffId && i.kind === "supervision" && i.dueDate === dueDate;
    const toldOn = (items: { day: string }[]) => sorted(new Set(items.map((i) => i.day)));
    const inEmails = toldOn(read.flatMap((e) => e.items.filter(ofIt).map(() => ({ day: e.day }))));
    expect(inEmails.length).toBeGreaterThan(0);
    expect(inEmails.every((day) => day < SESSION_ON)).toBe(true);
    expect(toldOn(mentions.filter(ofIt).map((m) => ({ day: m.runDate })))).toEqual(inEmails);
    // Not for want of an email: its supervisor's next weekly summary, which lists everything
    // open, went without it.
    const supervisorId = department.staff.find((p) => p.staffId === staffId)?.supervisorId;
    expect(
      read.some((e) => e.day >= SESSION_ON && e.recipientId === supervisorId && e.items.length > 0),
    ).toBe(true);
  });

  it("holds every (day, recipient, supervisee) the emails mention, and nothing they do not", () => {
    const inEmails = new Set(
      read.flatMap((e) => e.items.map((i) => mentionKey(e.day, e.recipientId, i.staffId))),
    );
    const inTrail = new Set(mentions.map((m) => mentionKey(m.runDate, m.recipientId, m.staffId)));
    expect(sorted(inTrail)).toEqual(sorted(inEmails));
    // Item by item too: the same obligations, due dates and stages as the emails showed.
    const itemsInEmails = read.flatMap((e) =>
      e.items.map((i) => itemKey(e.day, e.recipientId, e.emailKind, i)),
    );
    const itemsInTrail = mentions.map((m) => itemKey(m.runDate, m.recipientId, m.emailKind, m));
    expect(sorted(itemsInTrail)).toEqual(sorted(itemsInEmails));
  });

  it("keeps each email once, under its own day, by the message id SES gave it", () => {
    expect(trail.length).toBe(stored.length);
    const sentById = new Map(read.map((e) => [e.messageId, e]));
    expect(sentById.size).toBe(read.length);
    const trailIds = trail.map((e) => e.messageId);
    expect(new Set(trailIds).size).toBe(trail.length);
    for (const email of trail) {
      const sent = sentById.get(email.messageId);
      expect(sent, email.messageId).toBeDefined();
      expect([email.runDate, email.recipientId, email.emailKind]).toEqual([
        sent?.day,
        sent?.recipientId,
        sent?.emailKind,
      ]);
    }
  });

  it("answers the same by supervisee and by recipient as over the whole fortnight", async () => {
    const now = harness.clock.now();
    const about = new Set(mentions.map((m) => m.staffId));
    const to = new Set(mentions.map((m) => m.recipientId));
    const ofMention = (m: Mention) => itemKey(m.runDate, m.recipientId, m.emailKind, m);
    for (const staffId of about) {
      const theirs = mentionsOf(
        await harness.ledger.listTold({ staffId, from: FIRST, to: LAST }, now),
      );
      expect(sorted(theirs.map(ofMention)), staffId).toEqual(
        sorted(mentions.filter((m) => m.staffId === staffId).map(ofMention)),
      );
    }
    for (const recipientId of to) {
      const theirs = await harness.ledger.listTold({ recipientId, from: FIRST, to: LAST }, now);
      expect(sorted(mentionsOf(theirs).map(ofMention)), recipientId).toEqual(
        sorted(mentions.filter((m) => m.recipientId === recipientId).map(ofMention)),
      );
    }
  });

  it("gives each telling the first day its recipient was told of it at that stage", () => {
    // A telling as the ledger defines it (`tellingKey`): recipient, email kind, person,
    // obligation (kind and due date) and stage. The store was new on the first day.
    const telling = (m: Mention) =>
      [m.recipientId, m.emailKind, m.staffId, m.kind, m.dueDate, m.stage].join(" ");
    const earliest = new Map<string, string>();
    for (const m of mentions) {
      const key = telling(m);
      if (!earliest.has(key) || m.runDate < (earliest.get(key) as string))
        earliest.set(key, m.runDate);
    }
    for (const m of mentions)
      expect(m.firstTold, `${telling(m)} on ${m.runDate}`).toBe(earliest.get(telling(m)));
    // Repeats are what make this a test: many tellings were told again on a later day.
    const repeated = mentions.filter((m) => m.firstTold < m.runDate);
    expect(repeated.length).toBeGreaterThan(mentions.length / 4);

    // The emails agree: the first email to that recipient showing that item, at that stage
    // (the backlog's attachment shows no stage), was sent on the day the trail says.
    const firstShown = new Map<string, string>();
    const shownKey = (e: ReadEmail, i: ReadEmail["items"][number]) =>
      [e.recipientId, e.emailKind, i.staffId, i.kind, i.dueDate, i.backlog ? "" : i.stage].join(
        " ",
      );
    for (const e of [...read].sort((a, b) => a.day.localeCompare(b.day)))
      for (const i of e.items)
        if (!firstShown.has(shownKey(e, i))) firstShown.set(shownKey(e, i), e.day);
    for (const m of mentions) {
      const key = [
        m.recipientId,
        m.emailKind,
        m.staffId,
        m.kind,
        m.dueDate,
        m.backlog ? "" : m.stage,
      ].join(" ");
      // A backlog item may move stage unseen (the attachment has none): no earlier than shown.
      if (m.backlog) expect(m.firstTold >= (firstShown.get(key) as string)).toBe(true);
      else expect(m.firstTold, key).toBe(firstShown.get(key));
    }
    // And person by person: the first day a recipient read about someone is the earliest
    // first-told of anything the trail holds about them for that recipient.
    const firstAbout = new Map<string, string>();
    for (const e of read)
      for (const i of e.items) {
        const key = `${e.recipientId} ${i.staffId}`;
        if (!firstAbout.has(key) || e.day < (firstAbout.get(key) as string))
          firstAbout.set(key, e.day);
      }
    const trailFirstAbout = new Map<string, string>();
    for (const m of mentions) {
      const key = `${m.recipientId} ${m.staffId}`;
      if (!trailFirstAbout.has(key) || m.firstTold < (trailFirstAbout.get(key) as string))
        trailFirstAbout.set(key, m.firstTold);
    }
    expect(Object.fromEntries(trailFirstAbout)).toEqual(Object.fromEntries(firstAbout));
  });

  it("shows in `sent` the first-told day and every day told, as the emails had them", async () => {
    // What the emails said of each person, telling by telling, under the obligation's heading
    // as `sent` prints it. Not for people with a backlog: its attachment shows no stage.
    const expected = new Map<string, Map<string, string[]>>();
    const backlogged = new Set<string>();
    for (const e of [...read].sort((a, b) => a.day.localeCompare(b.day)))
      for (const i of e.items) {
        if (i.backlog) backlogged.add(i.staffId);
        const heading = `${i.staffId} ${names.get(i.staffId)}: ${OBLIGATION_LABEL[i.kind]}, due ${i.dueDate}`;
        const line = `  ${String(i.stage).replace("_", " ")}, to ${e.recipientId} ${names.get(e.recipientId)} (${e.emailKind})`;
        const theirs = expected.get(i.staffId) ?? new Map<string, string[]>();
        const key = `${heading}\n${line}`;
        const days = theirs.get(key) ?? [];
        if (!days.includes(e.day)) days.push(e.day);
        expected.set(i.staffId, theirs.set(key, days));
      }
    for (const id of backlogged) expected.delete(id);
    // Among them, someone told on several days, and someone told by two recipients.
    const told = [...expected.values()];
    expect(told.some((t) => new Set([...t.values()].flat()).size >= 3)).toBe(true);
    expect(told.some((t) => new Set([...t.keys()].map((k) => k.split(" to ")[1])).size >= 2)).toBe(
      true,
    );

    const ports = tablePorts({
      client: harness.dynamo.documents,
      tableName: harness.tableName,
      config: harness.config,
      nowMs: () => Date.parse(`${LAST}T12:00:00Z`),
    });
    for (const [staffId, tellings] of expected) {
      const out: string[] = [];
      const code = await sentCommand(
        // No --from: the default 30 days back from today take in the whole fortnight.
        { staff: staffId, format: "text" },
        {
          ports,
          config: harness.config,
          out: (line) => out.push(line),
          err: () => {},
          today: LAST,
          nowMs: () => Date.parse(`${LAST}T12:00:00Z`),
          clockMs: harness.clock.now,
          dataDir: "",
        },
      );
      expect(code).toBe(0);
      const emailsAbout = read.filter((e) => e.items.some((i) => i.staffId === staffId)).length;
      expect(out[0]).toMatch(
        new RegExp(`^Sent \\d{4}-\\d\\d-\\d\\d to ${LAST}: ${emailsAbout} emails`),
      );
      // e.g. "  overdue, to S00009 Name (reminder): first told 2024-03-06; told 2024-03-06, 2024-03-11"
      const shown: string[] = [];
      let heading = "";
      for (const line of out.slice(1)) {
        if (!line.startsWith("  ")) heading = line;
        else shown.push(`${heading}\n${line}`);
      }
      expect(sorted(shown), staffId).toEqual(
        sorted(
          [...tellings].map(([key, on]) => `${key}: first told ${on[0]}; told ${on.join(", ")}`),
        ),
      );
    }
  });
});
