import type { IsoDate } from "./dates";
import type { StaffMember } from "./records";
import type { Notification, ReminderPlan } from "./reminder-plan";

/** Someone whose emails are not arriving: their address bounced and the roster still has it. */
export interface BouncingRecipient {
  recipientId: string;
  /** When it bounced (ISO instant). */
  bouncedAt: string;
  /** The day their manager was last told, if ever since it bounced. */
  noticeOn?: IsoDate;
}

/** One person whose reminders are not arriving, and what they were to be told today. */
export interface NoticeSubject {
  staffId: string;
  bouncedAt: string;
  /** Re-addressed to the notice's recipient (`delivery_notice`), so theirs stay unsent. */
  notifications: Notification[];
}

/** An email telling a manager (or the admins) that reminders to people are not arriving. */
export interface DeliveryNotice {
  /** The manager's staff id, or `ADMINS_ID` when the person has no active manager. */
  recipientId: string;
  about: NoticeSubject[];
}

/** Who hears about someone with no active manager: the admins who keep the staff data. */
export const ADMINS_ID = "@admins";

/**
 * Who is told today that reminders to someone are not arriving: for each bouncing recipient
 * with anything open to be told, their own manager (their supervisor, when still employed;
 * when that manager's address bounces too, the next one up whose does not) or else the admins, on the first run after the bounce and then on each summary day while the
 * roster still has the address that bounced. Each notice lists, per person, everything they
 * were to be told today. Pure.
 */
export function planDeliveryNotices(
  plan: ReminderPlan,
  bouncing: ReadonlyMap<string, BouncingRecipient>,
  people: ReadonlyMap<string, StaffMember>,
  asOf: IsoDate,
): DeliveryNotice[] {
  const notices = new Map<string, DeliveryNotice>();
  const summaryDay = asOf === plan.week.summaryDay;
  for (const [recipientId, bounce] of bouncing) {
    const told = bounce.noticeOn !== undefined && bounce.noticeOn >= bounce.bouncedAt.slice(0, 10);
    if (told && !(summaryDay && (bounce.noticeOn ?? "") < asOf)) continue;
    const open = plan.emails
      .filter((e) => e.recipientId === recipientId && e.emailKind !== "digest")
      .flatMap((e) => e.notifications);
    if (open.length === 0) continue;
    const to = managerToTell(recipientId, bouncing, people);
    const notice = notices.get(to) ?? { recipientId: to, about: [] };
    notice.about.push({
      staffId: recipientId,
      bouncedAt: bounce.bouncedAt,
      notifications: open.map((n) => ({ ...n, recipientId: to, emailKind: "delivery_notice" })),
    });
    notices.set(to, notice);
  }
  return [...notices.values()].sort((a, b) => a.recipientId.localeCompare(b.recipientId));
}

/** The nearest manager above someone whose emails arrive; the admins when there is none. */
function managerToTell(
  staffId: string,
  bouncing: ReadonlyMap<string, BouncingRecipient>,
  people: ReadonlyMap<string, StaffMember>,
): string {
  const seen = new Set([staffId]);
  let managerId = people.get(staffId)?.supervisorId;
  while (managerId !== undefined && !seen.has(managerId) && people.has(managerId)) {
    if (!bouncing.has(managerId)) return managerId;
    seen.add(managerId);
    managerId = people.get(managerId)?.supervisorId;
  }
  return ADMINS_ID;
}
