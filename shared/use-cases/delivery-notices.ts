import type { AppConfig } from "../config/app-config";
import { type IsoDate, londonDateOf } from "../domain/dates";
import {
  ADMINS_ID,
  type BouncingRecipient,
  type DeliveryNotice,
  planDeliveryNotices,
} from "../domain/delivery-notices";
import type { StaffMember } from "../domain/records";
import type { ReminderPlan } from "../domain/reminder-plan";
import { renderDeliveryNotice } from "../email/render-delivery-notice";
import type { DeliveryLedger } from "../ports/delivery-ledger";
import type { EmailLedger } from "../ports/email-ledger";
import type { EmailSender, OutgoingEmail } from "../ports/email-sender";
import { addressHash, addressRecipientId } from "./address-hash";
import { type SendOutcome, sendClaimedEmail } from "./send-claimed-email";

export interface DeliveryProblems {
  /** Recipients whose address bounced and is still the roster's: their emails are held. */
  bouncing: ReadonlyMap<string, BouncingRecipient>;
  /** Who is told about them today. */
  notices: DeliveryNotice[];
}

/**
 * Today's recipients whose address hard-bounced and is still the one the roster holds (a
 * corrected address ends it), and the notices their managers get today.
 */
export async function findDeliveryProblems(
  plan: ReminderPlan,
  people: ReadonlyMap<string, StaffMember>,
  date: IsoDate,
  deps: { deliveries: DeliveryLedger; nowMs: () => number },
): Promise<DeliveryProblems> {
  const bouncing = new Map<string, BouncingRecipient>();
  // Today's recipients, then the managers above any whose address bounces (a notice must not
  // go to an address that bounces too), until there is nobody new to look up.
  let asked = new Set(plan.emails.map((e) => e.recipientId));
  const lookedUp = new Set<string>();
  while (asked.size > 0) {
    for (const id of asked) lookedUp.add(id);
    const bounced = await deps.deliveries.bouncedAddresses([...asked], deps.nowMs());
    const next = new Set<string>();
    for (const [recipientId, bounce] of bounced) {
      const email = people.get(recipientId)?.email;
      if (email === undefined || addressHash(email) !== bounce.addressHash) continue;
      bouncing.set(recipientId, {
        recipientId,
        bouncedAt: bounce.at,
        ...(bounce.noticeOn === undefined ? {} : { noticeOn: bounce.noticeOn }),
      });
      const manager = people.get(recipientId)?.supervisorId;
      if (manager !== undefined && !lookedUp.has(manager)) next.add(manager);
    }
    asked = next;
  }
  return { bouncing, notices: planDeliveryNotices(plan, bouncing, people, date) };
}

/** One notice as sent: to a manager, or to each admin (named by `addressRecipientId`). */
interface NoticeEmail {
  notice: DeliveryNotice;
  recipientId: string;
  to: string;
  recipientName: string;
}

/**
 * Sends today's notices, each claimed once like any email; notes on each bounce that its
 * manager was told. Returns how many went and failed, and whether sending paused.
 */
export async function sendDeliveryNotices(
  notices: readonly DeliveryNotice[],
  people: ReadonlyMap<string, StaffMember>,
  run: { date: IsoDate; runId: string },
  deps: {
    ledger: EmailLedger;
    deliveries: DeliveryLedger;
    mailer: EmailSender;
    config: AppConfig;
    nowMs: () => number;
    leaseMs: number;
  },
): Promise<{ sent: number; failed: number; unaddressed: number; paused: boolean }> {
  const emails = noticeEmails(notices, people, deps.config);
  const addressed = new Set(emails.map((e) => e.notice));
  const result = {
    sent: 0,
    failed: 0,
    // No manager to tell and no admins configured: nobody hears of these people's items.
    unaddressed: notices
      .filter((n) => !addressed.has(n))
      .reduce((sum, n) => sum + n.about.reduce((s, a) => s + a.notifications.length, 0), 0),
    paused: false,
  };
  const noteTold = (notice: DeliveryNotice) =>
    deps.deliveries.markNoticeSent(
      notice.about.map((a) => a.staffId),
      run.date,
      deps.nowMs(),
    );
  for (const email of emails) {
    const claim = {
      recipientId: email.recipientId,
      emailKind: "delivery_notice" as const,
      runDate: run.date,
      runId: run.runId,
    };
    const claimed = await deps.ledger.claim(claim, deps.nowMs(), deps.leaseMs);
    // Sent by an earlier run that may have died before noting it (noting is idempotent).
    if (claimed.outcome === "already_sent") await noteTold(email.notice);
    // In flight elsewhere: that run sends it and notes it.
    if (claimed.outcome !== "claimed") continue;
    const notifications = email.notice.about.flatMap((a) =>
      a.notifications.map((n) => ({ ...n, recipientId: email.recipientId })),
    );
    const outcome: SendOutcome = await sendClaimedEmail(
      claim,
      composeNotice(email, people, run.date, deps.config),
      notifications,
      deps,
    );
    if (outcome === "sent") {
      result.sent++;
      await noteTold(email.notice);
    } else result.failed++;
    if (outcome === "paused") return { ...result, paused: true };
  }
  return result;
}

function noticeEmails(
  notices: readonly DeliveryNotice[],
  people: ReadonlyMap<string, StaffMember>,
  config: AppConfig,
): NoticeEmail[] {
  return notices.flatMap((notice): NoticeEmail[] => {
    if (notice.recipientId !== ADMINS_ID) {
      const manager = people.get(notice.recipientId);
      return manager
        ? [{ notice, recipientId: manager.staffId, to: manager.email, recipientName: manager.name }]
        : [];
    }
    return config.operations.importNotifyEmails.map((to) => ({
      notice,
      recipientId: addressRecipientId(to),
      to,
      recipientName: "colleague",
    }));
  });
}

function composeNotice(
  email: NoticeEmail,
  people: ReadonlyMap<string, StaffMember>,
  date: IsoDate,
  config: AppConfig,
): OutgoingEmail {
  const rendered = renderDeliveryNotice({
    recipientName: email.recipientName,
    date,
    senderName: config.email.senderName,
    dueSoonDays: config.policy.dueSoonDays,
    people: email.notice.about.map((a) => {
      const person = people.get(a.staffId);
      return {
        name: person?.name ?? a.staffId,
        team: person?.team ?? "",
        bouncedOn: londonDateOf(new Date(a.bouncedAt)),
        items: a.notifications.map((n) => ({
          personName: people.get(n.staffId)?.name ?? n.staffId,
          kind: n.kind,
          stage: n.stage,
          dueDate: n.dueDate,
        })),
      };
    }),
  });
  return {
    to: email.to,
    ...rendered,
    attachments: [],
    tag: `${email.recipientId.replace(/[^A-Za-z0-9-]/g, "")}-delivery_notice`,
  };
}
