import type { IsoDate } from "../domain/dates";
import type { EmailKind, Notification, Undeliverable } from "../domain/reminder-plan";
import type { SentEmail } from "../domain/sent-trail";

export type { SentEmail, ToldItem } from "../domain/sent-trail";

/** The right to send one email: one recipient, one kind, one run date. */
export interface EmailClaim {
  recipientId: string;
  emailKind: EmailKind;
  /** The business date of the run; a digest's claim names its month instead (once a month). */
  runDate: IsoDate;
  /** The business date it goes out on, for the trail, when `runDate` is a digest's month. */
  sentOn?: IsoDate;
  /** Who holds the claim: one invocation. */
  runId: string;
  /**
   * Whose names the email may carry, kept with the claim for the audit trail: a digest's
   * `department`, `service:<name>` or `team:<service>/<team>` (`scopeKey`).
   */
  scope?: string;
  /**
   * A weekly email (a reminder's weekly summary, or an escalation): its reminder week
   * (`wk<week start>`), recorded with the send so that `weeklySent` knows the week's went.
   */
  week?: string;
}

export type ClaimOutcome =
  /** Ours to send. `reclaimedStale`: an earlier attempt may have sent it (crashed, or lost the reply). */
  | { outcome: "claimed"; reclaimedStale: boolean }
  | { outcome: "already_sent" }
  /** Another run holds a live claim; look again after its lease runs out. */
  | { outcome: "in_flight"; leaseEndsAtMs: number };

/** Which sent emails to list: run dates in [from, to], about one person and/or to one recipient. */
export interface TrailFilter {
  staffId?: string;
  recipientId?: string;
  from: IsoDate;
  to: IsoDate;
}

/**
 * The exactly-once guard and the audit trail: a conditional write claims each email before it
 * is sent; after it, each notification it carried is recorded as sent, and the email with all
 * it listed is appended to the trail.
 */
export interface EmailLedger {
  /** The keys (see `notificationKey`) of these notifications already sent. */
  sentKeys(notifications: readonly Notification[], nowMs: number): Promise<Set<string>>;
  claim(claim: EmailClaim, nowMs: number, leaseMs: number): Promise<ClaimOutcome>;
  /**
   * Which of these recipients' weekly emails of that kind were sent in reminder week `week`
   * (claims marked sent with that `week`), each as its `weeklyEmailId`.
   */
  weeklySent(
    emails: readonly { recipientId: string; emailKind: EmailKind }[],
    week: string,
    nowMs: number,
  ): Promise<Set<string>>;
  /**
   * Records a sent email: in the append-only trail the email with everything it listed, each
   * with the day its recipient was first told of it (`firstTold`; this email's day when new),
   * then each notification as sent (`sentKeys`), then its claim as sent. Nothing earlier is
   * overwritten; recording the same send again writes the same items.
   */
  markSent(
    claim: EmailClaim,
    notifications: readonly Notification[],
    messageId: string,
    nowMs: number,
  ): Promise<void>;
  /**
   * `outcomeUnknown`: the provider may have sent it (a timeout, a lost reply); whoever sends it
   * again counts a possible duplicate.
   */
  markFailed(
    claim: EmailClaim,
    reason: string,
    nowMs: number,
    outcomeUnknown?: boolean,
  ): Promise<void>;
  recordUndeliverable(
    runDate: IsoDate,
    items: readonly Undeliverable[],
    nowMs: number,
  ): Promise<void>;
  /** People whose record could not be evaluated on a run: ids only, for the runbook. */
  recordNotEvaluated(runDate: IsoDate, staffIds: readonly string[], nowMs: number): Promise<void>;
  /** Sent emails with run dates in the range, newest first (see `TrailFilter`). */
  listTold(filter: TrailFilter, nowMs: number): Promise<SentEmail[]>;
}
