import type { IsoDate } from "../domain/dates";
import type { EmailKind, Notification, Undeliverable } from "../domain/reminder-plan";

/** The right to send one email: one recipient, one kind, one run date. */
export interface EmailClaim {
  recipientId: string;
  emailKind: EmailKind;
  runDate: IsoDate;
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

export interface SentEntry {
  /** The business date of the run that sent it. */
  runDate: IsoDate;
  sentAt: string;
  recipientId: string;
  staffId: string;
  kind: Notification["kind"];
  stage: Notification["stage"];
  dueDate: IsoDate;
  emailKind: EmailKind;
  messageId: string;
}

/**
 * The audit trail and the exactly-once guard: a conditional write claims each email before
 * it is sent; each notification it carried is recorded as sent after.
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
  /** Sent notifications with run dates in [from, to], newest first; about one person, to one recipient, or all. */
  listSent(
    filter: { staffId?: string; recipientId?: string; from: IsoDate; to: IsoDate },
    nowMs: number,
  ): Promise<SentEntry[]>;
}
