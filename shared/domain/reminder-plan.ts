import { addDays, daysBetween, type IsoDate } from "./dates";
import type { Obligation } from "./obligations";
import type { StaffMember } from "./records";
import type { WorkingCalendar } from "./settings/calendar";
import type { ObligationKind, Stage } from "./stage";
import { workingDayOnOrAfter } from "./working-days";

/** How often open items are told again: the cadence keys of the `reminders` config. */
export interface ReminderCadence {
  /** An overdue (or escalated) obligation is mentioned again after this many days. */
  overdueRepeatDays: number;
  /** The escalation email about a person repeats this often while unresolved. */
  escalationRepeatDays: number;
  /** Unresolved this many days after escalation, it goes one manager higher, and so on. */
  escalateUpEveryDays: number;
}

export type EmailKind = "reminder" | "escalation" | "digest";

/** One thing one person is told about one obligation, once per cadence period. */
export interface Notification {
  recipientId: string;
  staffId: string;
  kind: ObligationKind;
  stage: Stage;
  dueDate: IsoDate;
  /** `once` for due soon and due; `w<N>` for the N-th repeat of overdue and escalated. */
  period: string;
  emailKind: EmailKind;
  /** For escalations: 1 = the supervisor's manager, 2 = the one above, … */
  level: number;
}

/** Identity of a notification in the ledger: the same key is never sent twice. */
export function notificationKey(n: Notification): string {
  return [n.staffId, n.kind, n.dueDate, n.stage, n.period, n.emailKind, n.recipientId].join("#");
}

export interface PlannedEmail {
  emailKind: EmailKind;
  recipientId: string;
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
  emails: PlannedEmail[];
  undeliverable: Undeliverable[];
}

const NOTIFIED: readonly Stage[] = ["due_soon", "due", "overdue", "escalated"];

/**
 * Who is told what today. Supervisors hear about every open obligation of their supervisees
 * (due soon and due once per due date, overdue and escalated weekly); a manager hears weekly
 * about escalated ones one level down, and it climbs a level every `escalateUpEveryDays`.
 * Pure: the ledger decides later which of these were already sent.
 */
export function planReminders(
  asOf: IsoDate,
  obligations: readonly Obligation[],
  roster: readonly StaffMember[],
  config: ReminderCadence,
): ReminderPlan {
  const people = new Map(roster.map((p) => [p.staffId, p]));
  const emails = new Map<string, PlannedEmail>();
  const undeliverable: Undeliverable[] = [];
  const add = (n: Notification) => {
    const id = `${n.emailKind}#${n.recipientId}`;
    const email = emails.get(id) ?? {
      emailKind: n.emailKind,
      recipientId: n.recipientId,
      notifications: [],
    };
    email.notifications.push(n);
    emails.set(id, email);
  };

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
    const base = { staffId: o.staffId, kind: o.kind, stage: o.stage, dueDate: o.dueDate, level: 0 };
    add({
      ...base,
      recipientId: o.supervisorId,
      emailKind: "reminder",
      period: cadencePeriod(asOf, o, config.overdueRepeatDays),
    });
    if (o.stage !== "escalated") continue;
    const daysEscalated = daysBetween(o.escalatedFrom, asOf);
    const level = 1 + Math.floor(daysEscalated / config.escalateUpEveryDays);
    const manager = managerAbove(o.supervisorId, level, people);
    if (manager === undefined) {
      undeliverable.push({ staffId: o.staffId, kind: o.kind, reason: "no_manager_to_escalate_to" });
      continue;
    }
    add({
      ...base,
      recipientId: manager.staffId,
      emailKind: "escalation",
      level: manager.level,
      period: `w${Math.floor(daysEscalated / config.escalationRepeatDays)}`,
    });
  }
  return { emails: [...emails.values()], undeliverable };
}

function cadencePeriod(asOf: IsoDate, o: Obligation, repeatDays: number): string {
  if (o.stage === "overdue") return `w${Math.floor(daysBetween(o.overdueFrom, asOf) / repeatDays)}`;
  if (o.stage === "escalated")
    return `w${Math.floor(daysBetween(o.escalatedFrom, asOf) / repeatDays)}`;
  return "once";
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
  /** The next working day after the email: the soonest a supervisor could hold it. */
  date: IsoDate;
}

/**
 * The sessions a reminder proposes: one for each supervision it reports overdue or past the
 * limit (the ones a supervisor must now book); due and due-soon ones leave the timing to them.
 */
export function proposedSessions(
  planned: PlannedEmail,
  runDate: IsoDate,
  calendar: WorkingCalendar,
): ProposedSession[] {
  const date = workingDayOnOrAfter(addDays(runDate, 1), calendar);
  return planned.notifications
    .filter((n) => n.kind === "supervision" && (n.stage === "overdue" || n.stage === "escalated"))
    .map((n) => ({ staffId: n.staffId, dueDate: n.dueDate, date }));
}
