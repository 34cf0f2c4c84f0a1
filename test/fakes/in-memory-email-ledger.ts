import type { IsoDate } from "../../shared/domain/dates";
import {
  type Notification,
  notificationKey,
  tellingKey,
  type Undeliverable,
} from "../../shared/domain/reminder-plan";
import { newestFirst, type SentEmail, toldItems } from "../../shared/domain/sent-trail";
import { weeklyEmailId } from "../../shared/domain/todays-emails";
import type {
  ClaimOutcome,
  EmailClaim,
  EmailLedger,
  TrailFilter,
} from "../../shared/ports/email-ledger";

/** One email's claim, as the DynamoDB ledger keeps it under `EMAIL#<recipient>`. */
export interface ClaimRecord {
  recipientId: string;
  emailKind: EmailClaim["emailKind"];
  runDate: IsoDate;
  status: "claimed" | "sent" | "failed";
  claimedBy: string;
  claimedAtMs: number;
  scope?: string;
  messageId?: string;
  reason?: string;
  outcomeUnknown?: boolean;
  attempts?: number;
}

/**
 * `EmailLedger` in memory, with the DynamoDB ledger's rules: a claim is taken when there is
 * none, when the last attempt failed, or when a claim's lease has run out; taking over a live
 * claim's lapsed lease, or a failure whose outcome is unknown, flags a possible duplicate.
 * The trail keeps one entry per claim and message id (recording it again replaces it with the
 * same; a resend is another entry). Nothing
 * expires (no retention). Inspect it through `claimOf`, `undeliverable` and `notEvaluated`.
 */
export class InMemoryEmailLedger implements EmailLedger {
  private readonly claims = new Map<string, ClaimRecord>();
  private readonly notes = new Set<string>();
  private readonly firstTellings = new Map<string, IsoDate>();
  private readonly trail = new Map<string, SentEmail>();
  private readonly weekly = new Set<string>();
  readonly undeliverable: { runDate: IsoDate; item: Undeliverable }[] = [];
  readonly notEvaluated: { runDate: IsoDate; staffId: string }[] = [];

  private static keyOf(claim: Pick<EmailClaim, "recipientId" | "emailKind" | "runDate">) {
    return `${claim.recipientId}|${claim.runDate}|${claim.emailKind}`;
  }

  /** The claim for this email, if any (a copy). */
  claimOf(claim: Pick<EmailClaim, "recipientId" | "emailKind" | "runDate">) {
    const found = this.claims.get(InMemoryEmailLedger.keyOf(claim));
    return found && { ...found };
  }

  async sentKeys(notifications: readonly Notification[], _nowMs?: number): Promise<Set<string>> {
    return new Set(notifications.map(notificationKey).filter((key) => this.notes.has(key)));
  }

  async weeklySent(
    emails: readonly { recipientId: string; emailKind: EmailClaim["emailKind"] }[],
    week: string,
    _nowMs?: number,
  ): Promise<Set<string>> {
    return new Set(emails.map(weeklyEmailId).filter((id) => this.weekly.has(`${week}|${id}`)));
  }

  async claim(claim: EmailClaim, nowMs: number, leaseMs: number): Promise<ClaimOutcome> {
    const key = InMemoryEmailLedger.keyOf(claim);
    const before = this.claims.get(key);
    const free =
      before === undefined ||
      before.status === "failed" ||
      (before.status === "claimed" && before.claimedAtMs < nowMs - leaseMs);
    if (free) {
      this.claims.set(key, {
        recipientId: claim.recipientId,
        emailKind: claim.emailKind,
        runDate: claim.runDate,
        status: "claimed",
        claimedBy: claim.runId,
        claimedAtMs: nowMs,
        ...(claim.scope === undefined ? {} : { scope: claim.scope }),
      });
      const maybeSent = before?.status === "claimed" || before?.outcomeUnknown === true;
      return { outcome: "claimed", reclaimedStale: maybeSent };
    }
    if (before.status === "sent") return { outcome: "already_sent" };
    return { outcome: "in_flight", leaseEndsAtMs: before.claimedAtMs + leaseMs };
  }

  /** The day each (recipient, obligation, stage) was first told, by `tellingKey`. */
  private async firstTold(
    notifications: readonly Notification[],
    _nowMs?: number,
  ): Promise<Map<string, IsoDate>> {
    const found = new Map<string, IsoDate>();
    for (const n of notifications) {
      const day = this.firstTellings.get(tellingKey(n));
      if (day !== undefined) found.set(tellingKey(n), day);
    }
    return found;
  }

  async markSent(
    claim: EmailClaim,
    notifications: readonly Notification[],
    messageId: string,
    nowMs: number,
  ): Promise<void> {
    const firstTold = await this.firstTold(notifications);
    // A digest's claim names its month; the trail keeps the day it went.
    const day = claim.sentOn ?? claim.runDate;
    const month = claim.sentOn === undefined ? {} : { month: claim.runDate };
    const items = toldItems(notifications, day, firstTold);
    notifications.forEach((n, i) => {
      this.notes.add(notificationKey(n));
      if (items[i]?.firstTold === day) this.firstTellings.set(tellingKey(n), day);
    });
    this.trail.set(`${InMemoryEmailLedger.keyOf(claim)}|${messageId}`, {
      recipientId: claim.recipientId,
      emailKind: claim.emailKind,
      runDate: day,
      ...month,
      sentAt: new Date(nowMs).toISOString(),
      messageId,
      ...(claim.scope === undefined ? {} : { scope: claim.scope }),
      items,
    });
    if (claim.week !== undefined) this.weekly.add(`${claim.week}|${weeklyEmailId(claim)}`);
    // Like the adapter's update: it writes whether or not the claim is still there.
    this.update(claim, { status: "sent", messageId });
  }

  async markFailed(
    claim: EmailClaim,
    reason: string,
    _nowMs: number,
    outcomeUnknown = false,
  ): Promise<void> {
    const attempts = (this.claimOf(claim)?.attempts ?? 0) + 1;
    this.update(claim, { status: "failed", reason, outcomeUnknown, attempts });
  }

  private update(claim: EmailClaim, changes: Partial<ClaimRecord>) {
    const key = InMemoryEmailLedger.keyOf(claim);
    const current: ClaimRecord = this.claims.get(key) ?? {
      recipientId: claim.recipientId,
      emailKind: claim.emailKind,
      runDate: claim.runDate,
      status: "claimed",
      claimedBy: claim.runId,
      claimedAtMs: 0,
    };
    this.claims.set(key, { ...current, ...changes });
  }

  async recordUndeliverable(
    runDate: IsoDate,
    items: readonly Undeliverable[],
    _nowMs?: number,
  ): Promise<void> {
    for (const item of items) this.undeliverable.push({ runDate, item });
  }

  async recordNotEvaluated(
    runDate: IsoDate,
    staffIds: readonly string[],
    _nowMs?: number,
  ): Promise<void> {
    for (const staffId of staffIds) this.notEvaluated.push({ runDate, staffId });
  }

  async listTold(filter: TrailFilter, _nowMs?: number): Promise<SentEmail[]> {
    return [...this.trail.values()]
      .filter((e) => filter.recipientId === undefined || e.recipientId === filter.recipientId)
      .filter((e) => e.runDate >= filter.from && e.runDate <= filter.to)
      .map((e) => ({
        ...e,
        items: e.items.filter((i) => filter.staffId === undefined || i.staffId === filter.staffId),
      }))
      .filter((e) => filter.staffId === undefined || e.items.length > 0)
      .sort(newestFirst);
  }
}
