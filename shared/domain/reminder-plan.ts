import { addDays, daysBetween, type IsoDate, minDate } from "./dates";
import type { Obligation } from "./obligations";
import type { StaffMember } from "./records";
import {
  type ReminderFrequency,
  type ReminderWeek,
  reminderWeek,
  type SummaryWeekday,
  weekPeriod,
} from "./reminder-rhythm";
import type { WorkingCalendar } from "./settings/calendar";
import type { ObligationKind, Stage } from "./stage";
import { workingDayOnOrAfter } from "./working-days";

/** When open items are told: the rhythm keys of the `reminders` config. */
export interface ReminderCadence {
  /** The day of the week each supervisor's weekly summary goes (the next working day in a holiday week). */
  summaryWeekday: SummaryWeekday;
  /** For whoever's staff record names no `reminder_frequency`. */
  defaultFrequency: ReminderFrequency;
  /** Unresolved this many days after escalation, it goes one manager higher, and so on. */
  escalateUpEveryDays: number;
  /**
   * The day reminders began. An obligation already overdue (or past the limit) before it is
   * backlog: told only in the reminder's backlog section, weekly, and never escalated.
   */
  goLiveDate?: IsoDate | undefined;
}

export type EmailKind = "reminder" | "escalation" | "digest" | "delivery_notice";

/** One thing one person is told about one obligation, once per reminder week. */
export interface Notification {
  recipientId: string;
  staffId: string;
  kind: ObligationKind;
  stage: Stage;
  dueDate: IsoDate;
  /**
   * The reminder week it is told in (`wk<first day of the week>`): an open item is told at
   * least once a week, and again within the week only when its stage moves on.
   */
  period: string;
  emailKind: EmailKind;
  /** For escalations: 1 = the supervisor's manager, 2 = the one above, … */
  level: number;
  /**
   * The first day the obligation was overdue or past the limit, whichever came first (for
   * supervision, the day the reminder starts proposing a session). Not part of its identity.
   */
  lateFrom?: IsoDate;
  /**
   * Already overdue before go-live: shown only in the backlog section. Its `stage` is the one
   * it had on the week's summary day, so the week's key stays the same all week.
   */
  backlog?: true;
}

/** Identity of a notification in the ledger: the same key is never sent twice. */
export function notificationKey(n: Notification): string {
  return [n.staffId, n.kind, n.dueDate, n.stage, n.period, n.emailKind, n.recipientId].join("#");
}

/**
 * Identity of a telling: this recipient told of this obligation at this stage, whichever week
 * (the trail's "first told" is per telling).
 */
export function tellingKey(n: Notification): string {
  return [n.staffId, n.kind, n.dueDate, n.stage, n.emailKind, n.recipientId].join("#");
}

export interface PlannedEmail {
  emailKind: EmailKind;
  recipientId: string;
  /** The recipient's rhythm (escalations are always weekly). */
  frequency: ReminderFrequency;
  /** Everything open for this recipient today; some may have been sent on an earlier day. */
  notifications: Notification[];
}

/** An obligation nobody can be told about: recorded, reported, and the run goes on. */
export interface Undeliverable {
  staffId: string;
  kind: ObligationKind;
  reason: "no_supervisor" | "supervisor_not_active" | "no_manager_to_escalate_to";
}

export interface ReminderPlan {
  week: ReminderWeek;
  emails: PlannedEmail[];
  undeliverable: Undeliverable[];
}

const NOTIFIED: readonly Stage[] = ["due_soon", "due", "overdue", "escalated"];

/**
 * Everything each person could be told today. Supervisors hear about every open obligation of
 * their supervisees, keyed by reminder week (see `todaysEmails` for which go today). A manager
 * hears weekly about what had passed the limit one level down by the week's summary day, and
 * it climbs a level every `escalateUpEveryDays`. What was already overdue before go-live
 * (`goLiveDate`) is backlog: the supervisor hears about it weekly in a summary, and it is never
 * escalated. Pure: the ledger decides later which of these were already sent.
 */
export function planReminders(
  asOf: IsoDate,
  obligations: readonly Obligation[],
  roster: readonly StaffMember[],
  config: ReminderCadence,
  calendar: WorkingCalendar,
): ReminderPlan {
  const people = new Map(roster.map((p) => [p.staffId, p]));
  const week = reminderWeek(asOf, config.summaryWeekday, calendar);
  const period = weekPeriod(week);
  const emails = new Map<string, PlannedEmail>();
  const undeliverable: Undeliverable[] = [];
  const add = (n: Notification) => {
    const id = `${n.emailKind}#${n.recipientId}`;
    const email = emails.get(id) ?? {
      emailKind: n.emailKind,
      recipientId: n.recipientId,
      frequency:
        n.emailKind === "reminder"
          ? (people.get(n.recipientId)?.reminderFrequency ?? config.defaultFrequency)
          : "weekly",
      notifications: [],
    };
    email.notifications.push(n);
    emails.set(id, email);
  };

  const goLive = config.goLiveDate;
  for (const o of obligations) {
    if (!NOTIFIED.includes(o.stage)) continue;
    if (o.supervisorId === undefined) {
      undeliverable.push({ staffId: o.staffId, kind: o.kind, reason: "no_supervisor" });
      continue;
    }
    if (!people.has(o.supervisorId)) {
      undeliverable.push({ staffId: o.staffId, kind: o.kind, reason: "supervisor_not_active" });
      continue;
    }
    const base = {
      staffId: o.staffId,
      kind: o.kind,
      stage: o.stage,
      dueDate: o.dueDate,
      period,
      level: 0,
      lateFrom: minDate(o.overdueFrom, o.escalatedFrom),
    };
    if (goLive !== undefined && isBacklog(o, goLive)) {
      add({
        ...base,
        stage: week.summaryDay >= o.escalatedFrom ? "escalated" : "overdue",
        recipientId: o.supervisorId,
        emailKind: "reminder",
        backlog: true,
      });
      continue;
    }
    add({ ...base, recipientId: o.supervisorId, emailKind: "reminder" });
    // Managers hear weekly, on the summary day, of what had passed the limit by then.
    if (o.stage !== "escalated" || o.escalatedFrom > week.summaryDay) continue;
    const daysEscalated = daysBetween(o.escalatedFrom, week.summaryDay);
    const level = 1 + Math.floor(daysEscalated / config.escalateUpEveryDays);
    const manager = managerAbove(o.supervisorId, level, people);
    if (manager === undefined) {
      undeliverable.push({ staffId: o.staffId, kind: o.kind, reason: "no_manager_to_escalate_to" });
      continue;
    }
    add({ ...base, recipientId: manager.staffId, emailKind: "escalation", level: manager.level });
  }
  return { week, emails: [...emails.values()], undeliverable };
}

/** Overdue or past the limit, and already so before go-live. */
export function isBacklog(
  o: Pick<Obligation, "stage" | "overdueFrom" | "escalatedFrom">,
  goLiveDate: IsoDate,
): boolean {
  return (
    (o.stage === "overdue" || o.stage === "escalated") &&
    minDate(o.overdueFrom, o.escalatedFrom) < goLiveDate
  );
}

/**
 * The manager `level` steps above a supervisor, or the highest one there is when the chain
 * is shorter (an escalation never goes nowhere while someone above exists). Cycles stop it.
 */
function managerAbove(
  supervisorId: string,
  level: number,
  people: ReadonlyMap<string, StaffMember>,
): { staffId: string; level: number } | undefined {
  let found: { staffId: string; level: number } | undefined;
  const seen = new Set([supervisorId]);
  let current = people.get(supervisorId);
  for (let step = 1; step <= level; step++) {
    const next = current?.supervisorId ? people.get(current.supervisorId) : undefined;
    if (!next || seen.has(next.staffId)) break;
    seen.add(next.staffId);
    found = { staffId: next.staffId, level: step };
    current = next;
  }
  return found;
}

/** A session the reminder proposes, as a calendar invitation, for an overdue supervision. */
export interface ProposedSession {
  staffId: string;
  dueDate: IsoDate;
  /** A working day after the email's: the soonest a supervisor could hold it, or later. */
  date: IsoDate;
  /** London time, `HH:MM`, within the configured hours. */
  time: string;
  minutes: number;
  /**
   * The invitation's SEQUENCE (RFC 5545 §3.8.7.4): days from the day the supervision first went
   * overdue (or past the limit) to the email's. Its UID is the person and due date, so each
   * later invitation for the same session is a revision with a higher number (an email goes
   * at most once a day), which calendars apply instead of keeping two versions.
   */
  sequence: number;
}

/** When proposed sessions go (`email.invites` in the config). */
export interface SessionHours {
  /** `HH:MM`, London time. */
  dayStarts: string;
  dayEnds: string;
  minutes: number;
  /** At most this many on one day. */
  perDay: number;
}

/** Overdue and past-the-limit supervisions: the ones a supervisor must now book. */
function needsBooking(n: Notification): boolean {
  return (
    n.emailKind === "reminder" &&
    n.backlog !== true &&
    n.kind === "supervision" &&
    (n.stage === "overdue" || n.stage === "escalated")
  );
}

/**
 * The sessions a reminder proposes: one for each supervision it reports overdue or past the
 * limit with news (`isNew`: not told in this period before; a mid-week email about something
 * else does not move a session the supervisor may already have moved); due and due-soon ones
 * leave the timing to them. One per supervisee, most urgent first, spread over the working days
 * after the email: at most `perDay` a day, spaced evenly through the day's hours, never two at
 * once, each ending by `dayEnds`.
 */
export function proposedSessions(
  planned: PlannedEmail,
  runDate: IsoDate,
  calendar: WorkingCalendar,
  hours: SessionHours,
  isNew: (n: Notification) => boolean = () => true,
): ProposedSession[] {
  const chosen = new Map<string, Notification>();
  for (const n of planned.notifications) {
    if (!needsBooking(n) || !isNew(n)) continue;
    const other = chosen.get(n.staffId);
    if (!other || moreUrgent(n, other)) chosen.set(n.staffId, n);
  }
  const start = minutesOfDay(hours.dayStarts);
  const room = Math.floor((minutesOfDay(hours.dayEnds) - start) / hours.minutes);
  const perDay = Math.max(1, Math.min(hours.perDay, room));
  const slotsInDay = Math.max(perDay, room);
  let day = runDate;
  return [...chosen.values()].sort(urgency).map((n, i) => {
    const k = i % perDay;
    if (k === 0) day = workingDayOnOrAfter(addDays(day, 1), calendar);
    // Evenly through the day: with room for 7 and 3 a day, the 1st, 3rd and 5th hour.
    const slot = Math.floor((k * slotsInDay) / perDay);
    return {
      staffId: n.staffId,
      dueDate: n.dueDate,
      date: day,
      time: clockTime(start + slot * hours.minutes),
      minutes: hours.minutes,
      sequence: Math.max(0, daysBetween(n.lateFrom ?? n.dueDate, runDate)),
    };
  });
}

function moreUrgent(a: Notification, b: Notification): boolean {
  return urgency(a, b) < 0;
}

/** Past the limit first, then the longest overdue, then by id: the same order every time. */
function urgency(a: Notification, b: Notification): number {
  return (
    Number(b.stage === "escalated") - Number(a.stage === "escalated") ||
    a.dueDate.localeCompare(b.dueDate) ||
    a.staffId.localeCompare(b.staffId)
  );
}

function minutesOfDay(time: string): number {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

function clockTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  return `${String(h).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
