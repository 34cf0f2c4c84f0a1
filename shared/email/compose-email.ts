import type { AppConfig } from "../config/app-config";
import { daysBetween, type IsoDate } from "../domain/dates";
import type { StaffMember } from "../domain/records";
import { type Notification, type PlannedEmail, proposedSessions } from "../domain/reminder-plan";
import { OBLIGATION_KINDS } from "../domain/stage";
import type { OutgoingEmail } from "../ports/email-sender";
import { backlogCsv, backlogCsvFilename } from "./backlog-csv";
import { renderEscalationEmail } from "./render-escalation";
import { type ReminderRhythm, renderReminderEmail } from "./render-reminder";
import { supervisionInvite } from "./supervision-invite";

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
  } = {},
): OutgoingEmail {
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
        return {
          staffId: n.staffId,
          personName: nameOf(n.staffId),
          team: person(n.staffId)?.team ?? "",
          kind: n.kind,
          stage: n.stage,
          dueDate: n.dueDate,
          daysLate: daysBetween(n.dueDate, date),
          ...(session ? { invitation: { date: session.date, time: session.time } } : {}),
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
