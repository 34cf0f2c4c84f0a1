import type { AppConfig } from "../config/app-config";
import { openAuditAction } from "../domain/audit-action-obligation";
import { daysBetween, type IsoDate, type IsoMonth, monthOf } from "../domain/dates";
import { fileToAuditMonth, monthsMissed } from "../domain/file-audit-obligation";
import type { AuditFact, StaffMember } from "../domain/records";
import { type Notification, type PlannedEmail, proposedSessions } from "../domain/reminder-plan";
import { OBLIGATION_KINDS } from "../domain/stage";
import type { OutgoingEmail } from "../ports/email-sender";
import { backlogCsv, backlogCsvFilename } from "./backlog-csv";
import { renderEscalationEmail } from "./render-escalation";
import { type ReminderRhythm, renderReminderEmail } from "./render-reminder";
import { supervisionInvite } from "./supervision-invite";

/** What audit items need beyond the notification: the audits on a file, and the files drawn. */
export interface AuditLookup {
  /** The audits on a person's supervision file, as their status holds them. */
  auditsOf: (staffId: string) => readonly AuditFact[];
  /**
   * The file drawn for a service manager to audit in a month (a staff id): `null` when the draw
   * found none, `undefined` when no draw for that month is recorded.
   */
  drawnFor: (managerId: string, month: IsoMonth) => string | null | undefined;
}

const NO_AUDITS: AuditLookup = { auditsOf: () => [], drawnFor: () => undefined };

/** The audit below Good whose actions a notification is about (due on its actions date). */
function actionsSetBy(
  n: Pick<Notification, "kind" | "staffId" | "dueDate">,
  date: IsoDate,
  audits: AuditLookup,
) {
  if (n.kind !== "audit_action") return undefined;
  const open = openAuditAction(audits.auditsOf(n.staffId), date);
  return open && open.actionsDueDate === n.dueDate
    ? { date: open.date, grade: open.grade }
    : undefined;
}

/**
 * Which file a service manager's file audit reminder names: when they are behind, this month's
 * draw (one audit now settles the months missed), else, or while this month has none yet (the
 * digest may not have run), the draw for the month owed.
 */
function fileToAudit(
  n: Notification,
  date: IsoDate,
  audits: AuditLookup,
): { month: IsoMonth; drawn: string | null | undefined; catchUpMonth: IsoMonth | undefined } {
  const thisMonth = fileToAuditMonth(n.dueDate, date);
  const owed = monthOf(n.dueDate);
  const catchUpMonth = thisMonth > owed ? thisMonth : undefined;
  const current = audits.drawnFor(n.staffId, thisMonth);
  if (current || !catchUpMonth) return { month: thisMonth, drawn: current, catchUpMonth };
  const earlier = audits.drawnFor(n.staffId, owed);
  return earlier
    ? { month: owed, drawn: earlier, catchUpMonth }
    : { month: thisMonth, drawn: current, catchUpMonth };
}

/**
 * Turns a planned email into the message for its recipient. Only the recipient's own
 * supervisees (or, for escalations, people in their line) are named; nothing about children.
 */
export function composeEmail(
  planned: PlannedEmail,
  recipient: StaffMember,
  people: ReadonlyMap<string, StaffMember>,
  date: IsoDate,
  config: AppConfig,
  options: {
    /** Whether a notification is news in this email (not sent before); all are by default. */
    isNew?: (n: Notification) => boolean;
    /** A weekly summary, an update between summaries, or a daily list (the default). */
    rhythm?: ReminderRhythm;
    /** For audit items: which audit set a file's actions, and the file drawn for the month. */
    audits?: AuditLookup;
  } = {},
): OutgoingEmail {
  const audits = options.audits ?? NO_AUDITS;
  const person = (id: string) => people.get(id);
  const nameOf = (id: string | undefined) => (id ? (person(id)?.name ?? id) : "none on record");
  const tag = `${recipient.staffId}-${planned.emailKind}`;
  if (planned.emailKind === "escalation") {
    const rendered = renderEscalationEmail({
      recipientName: recipient.name,
      date,
      senderName: config.email.senderName,
      items: planned.notifications.map((n) => ({
        staffId: n.staffId,
        personName: nameOf(n.staffId),
        team: person(n.staffId)?.team ?? "",
        supervisorName: nameOf(person(n.staffId)?.supervisorId),
        kind: n.kind,
        dueDate: n.dueDate,
        daysLate: daysBetween(n.dueDate, date),
        ...(n.kind === "file_audit"
          ? { monthsMissed: monthsMissed(n.dueDate, date, config.calendar) }
          : {}),
        ...withSetBy(actionsSetBy(n, date, audits)),
      })),
    });
    return { to: recipient.email, ...rendered, attachments: [], tag };
  }
  const sessions = proposedSessions(
    planned,
    date,
    config.calendar,
    config.email.invites,
    options.isNew,
  );
  const proposed = new Map(sessions.map((s) => [`${s.staffId}#${s.dueDate}`, s]));
  const invites = sessions.map((session) =>
    supervisionInvite({
      staffId: session.staffId,
      personName: nameOf(session.staffId),
      dueDate: session.dueDate,
      proposedDate: session.date,
      proposedTime: session.time,
      minutes: session.minutes,
      sequence: session.sequence,
    }),
  );
  const backlog = planned.notifications.filter((n) => n.backlog);
  const backlogFile = backlogCsvFilename(date);
  const rendered = renderReminderEmail({
    recipientName: recipient.name,
    date,
    senderName: config.email.senderName,
    dueSoonDays: config.policy.dueSoonDays,
    ...(options.rhythm ? { rhythm: options.rhythm } : {}),
    ...(backlog.length > 0 && config.reminders.goLiveDate
      ? {
          backlog: {
            goLiveDate: config.reminders.goLiveDate,
            counts: OBLIGATION_KINDS.map((kind) => ({
              kind,
              count: backlog.filter((n) => n.kind === kind).length,
            })).filter((c) => c.count > 0),
            people: new Set(backlog.map((n) => n.staffId)).size,
            csvFilename: backlogFile,
          },
        }
      : {}),
    items: planned.notifications
      .filter((n) => !n.backlog)
      .map((n) => {
        const session =
          n.kind === "supervision" ? proposed.get(`${n.staffId}#${n.dueDate}`) : undefined;
        const file = n.kind === "file_audit" ? fileToAudit(n, date, audits) : undefined;
        return {
          staffId: n.staffId,
          personName: nameOf(n.staffId),
          team: person(n.staffId)?.team ?? "",
          kind: n.kind,
          stage: n.stage,
          dueDate: n.dueDate,
          daysLate: daysBetween(n.dueDate, date),
          ...(session ? { invitation: { date: session.date, time: session.time } } : {}),
          ...(file ? { fileMonth: file.month, catchUpMonth: file.catchUpMonth } : {}),
          ...(file?.drawn ? { drawnFile: drawnFile(file.drawn, people) } : {}),
          ...withSetBy(actionsSetBy(n, date, audits)),
        };
      }),
  });
  const attachments = [...invites];
  if (backlog.length > 0 && config.reminders.goLiveDate) {
    attachments.push({
      filename: backlogFile,
      contentType: "text/csv; charset=utf-8",
      content: backlogCsv(
        backlog.map((n) => ({
          staffId: n.staffId,
          name: nameOf(n.staffId),
          team: person(n.staffId)?.team ?? "",
          kind: n.kind,
          dueDate: n.dueDate,
          daysLate: daysBetween(n.dueDate, date),
        })),
      ),
    });
  }
  return { to: recipient.email, ...rendered, attachments, tag };
}

function withSetBy(setBy: { date: IsoDate; grade: AuditFact["grade"] } | undefined) {
  return setBy ? { setBy } : {};
}

/** The drawn file by name and team; by staff id alone once its person is off the roster. */
function drawnFile(staffId: string, people: ReadonlyMap<string, StaffMember>) {
  const person = people.get(staffId);
  return person ? { name: person.name, team: person.team } : { name: `staff id ${staffId}` };
}
