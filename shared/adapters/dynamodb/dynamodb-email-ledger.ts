import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, paginateQuery, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type IsoDate, monthsSpanned } from "../../domain/dates";
import {
  type EmailKind,
  type Notification,
  notificationKey,
  tellingKey,
  type Undeliverable,
} from "../../domain/reminder-plan";
import { newestFirst, toldItems } from "../../domain/sent-trail";
import { weeklyEmailId } from "../../domain/todays-emails";
import type {
  ClaimOutcome,
  EmailClaim,
  EmailLedger,
  SentEmail,
  TrailFilter,
} from "../../ports/email-ledger";
import { batchGetAll, batchPutAll } from "./batch-operations";
import { type Item, isLive } from "./item-mapping";
import { LedgerTable } from "./ledger-table";
import {
  emailClaimKey,
  emailPk,
  firstToldKey,
  MONTH_INDEX,
  messageSentKey,
  notEvaluatedKey,
  noteKey,
  sentMonthPk,
  TOLD_PREFIX,
  TTL_ATTRIBUTE,
  toldAboutPk,
  undeliverableKey,
  upTo,
  weeklySentKey,
} from "./table-design";
import { sentEmailsOf, trailItems } from "./trail-items";

/** `EmailLedger` on the same table: conditional puts claim, batch puts record. */
export class DynamoDbEmailLedger extends LedgerTable implements EmailLedger {
  async sentKeys(notifications: readonly Notification[], nowMs: number): Promise<Set<string>> {
    const items = await batchGetAll(this.client, this.tableName, notifications.map(noteKey), {
      concurrency: 4,
    });
    return new Set(items.filter((i) => isLive(i, nowMs)).map((i) => i.key as string));
  }

  async weeklySent(
    emails: readonly { recipientId: string; emailKind: EmailKind }[],
    week: string,
    nowMs: number,
  ): Promise<Set<string>> {
    const keys = emails.map((e) => weeklySentKey(e.recipientId, week, e.emailKind));
    const items = await batchGetAll(this.client, this.tableName, keys, { concurrency: 4 });
    return new Set(
      items
        .filter((i) => isLive(i, nowMs))
        .map((i) =>
          weeklyEmailId({
            recipientId: String(i.recipientId),
            emailKind: i.emailKind as EmailKind,
          }),
        ),
    );
  }

  async claim(claim: EmailClaim, nowMs: number, leaseMs: number): Promise<ClaimOutcome> {
    const key = emailClaimKey(claim);
    try {
      const out = await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            kind: "email",
            status: "claimed",
            recipientId: claim.recipientId,
            emailKind: claim.emailKind,
            runDate: claim.runDate,
            claimedBy: claim.runId,
            claimedAtMs: nowMs,
            ...(claim.scope === undefined ? {} : { scope: claim.scope }),
            [TTL_ATTRIBUTE]: this.expiresAt(nowMs),
          },
          ConditionExpression:
            "attribute_not_exists(pk) OR #status = :failed OR (#status = :claimed AND claimedAtMs < :staleBefore)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":failed": "failed",
            ":claimed": "claimed",
            ":staleBefore": nowMs - leaseMs,
          },
          ReturnValues: "ALL_OLD",
        }),
      );
      const before = out.Attributes;
      const maybeSent = before?.status === "claimed" || before?.outcomeUnknown === true;
      return { outcome: "claimed", reclaimedStale: maybeSent };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const current = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    if (current.Item?.status === "sent") return { outcome: "already_sent" };
    return {
      outcome: "in_flight",
      leaseEndsAtMs: Number(current.Item?.claimedAtMs ?? nowMs) + leaseMs,
    };
  }

  /** The day each (recipient, obligation, stage) was first told, by `tellingKey`. */
  private async firstTold(
    notifications: readonly Notification[],
    nowMs: number,
  ): Promise<Map<string, IsoDate>> {
    const keys = [...new Map(notifications.map((n) => [tellingKey(n), firstToldKey(n)])).values()];
    const items = await batchGetAll(this.client, this.tableName, keys, { concurrency: 4 });
    return new Map(
      items.filter((i) => isLive(i, nowMs)).map((i) => [String(i.key), String(i.firstTold)]),
    );
  }

  async markSent(
    claim: EmailClaim,
    notifications: readonly Notification[],
    messageId: string,
    nowMs: number,
  ): Promise<void> {
    // Looked up here, with the send: so the first day told is never moved later, whoever calls.
    const firstTold = await this.firstTold(notifications, nowMs);
    // A digest's claim names its month; the trail keeps the day it went.
    const day = claim.sentOn ?? claim.runDate;
    const month = claim.sentOn === undefined ? {} : { month: claim.runDate };
    const sentAt = new Date(nowMs).toISOString();
    const expiresAt = this.expiresAt(nowMs);
    const expiry = { [TTL_ATTRIBUTE]: expiresAt };
    // That the week's summary (or escalation) went.
    const weekly =
      claim.week === undefined
        ? []
        : [
            {
              ...weeklySentKey(claim.recipientId, claim.week, claim.emailKind),
              kind: "weekly",
              recipientId: claim.recipientId,
              emailKind: claim.emailKind,
              week: claim.week,
              runDate: claim.runDate,
              messageId,
              sentAt,
              ...expiry,
            },
          ];
    const told = toldItems(notifications, day, firstTold);
    const trail = trailItems(
      {
        recipientId: claim.recipientId,
        emailKind: claim.emailKind,
        runDate: day,
        ...month,
        sentAt,
        messageId,
        ...(claim.scope === undefined ? {} : { scope: claim.scope }),
        items: told,
      },
      expiry,
    );
    const firstTellings = notifications
      .filter((n) => (firstTold.get(tellingKey(n)) ?? day) === day)
      .map((n) => ({
        ...firstToldKey(n),
        kind: "first_told",
        key: tellingKey(n),
        firstTold: day,
        ...expiry,
      }));
    // In order, each step awaited: what the email said first, then what says it was sent (the
    // notifications, the week's summary), then the claim. A run that dies part-way leaves the
    // trail ahead of the guards, never behind: an email that went is always in the trail.
    await batchPutAll(
      this.client,
      this.tableName,
      [
        // Which email a message id is, for SES's delivery events about it.
        {
          ...messageSentKey(messageId),
          kind: "message",
          recipientId: claim.recipientId,
          emailKind: claim.emailKind,
          sentOn: day,
          runDate: claim.runDate,
          ...expiry,
        },
        ...trail,
        ...firstTellings,
      ],
      { concurrency: 2 },
    );
    await batchPutAll(
      this.client,
      this.tableName,
      [
        ...weekly,
        ...notifications.map((n) => ({
          ...noteKey(n),
          kind: "notification",
          key: notificationKey(n),
          runDate: claim.runDate,
          messageId,
          ...expiry,
        })),
      ],
      { concurrency: 2 },
    );
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: emailClaimKey(claim),
        UpdateExpression: "SET #status = :sent, messageId = :id, sentAt = :at, notifications = :n",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":sent": "sent",
          ":id": messageId,
          ":at": sentAt,
          ":n": notifications.length,
        },
      }),
    );
  }

  async markFailed(
    claim: EmailClaim,
    reason: string,
    nowMs: number,
    outcomeUnknown = false,
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: emailClaimKey(claim),
        UpdateExpression:
          "SET #status = :failed, reason = :reason, failedAt = :at, outcomeUnknown = :unknown ADD attempts :one",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":failed": "failed",
          ":reason": reason,
          ":at": new Date(nowMs).toISOString(),
          ":one": 1,
          ":unknown": outcomeUnknown,
        },
      }),
    );
  }

  async recordUndeliverable(
    runDate: IsoDate,
    items: readonly Undeliverable[],
    nowMs: number,
  ): Promise<void> {
    await batchPutAll(
      this.client,
      this.tableName,
      items.map((u) => ({
        ...undeliverableKey(runDate, u.staffId, u.kind),
        kind: "undeliverable",
        staffId: u.staffId,
        obligation: u.kind,
        reason: u.reason,
        [TTL_ATTRIBUTE]: this.expiresAt(nowMs),
      })),
      { concurrency: 2 },
    );
  }

  async recordNotEvaluated(
    runDate: IsoDate,
    staffIds: readonly string[],
    nowMs: number,
  ): Promise<void> {
    await batchPutAll(
      this.client,
      this.tableName,
      staffIds.map((staffId) => ({
        ...notEvaluatedKey(runDate, staffId),
        kind: "not_evaluated",
        staffId,
        [TTL_ATTRIBUTE]: this.expiresAt(nowMs),
      })),
      { concurrency: 2 },
    );
  }

  async listTold(filter: TrailFilter, nowMs: number): Promise<SentEmail[]> {
    const { from, to } = filter;
    const queries =
      filter.staffId !== undefined
        ? [
            {
              KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
              ExpressionAttributeValues: {
                ":pk": toldAboutPk(filter.staffId),
                ":from": from,
                ":to": upTo(to),
              },
            },
          ]
        : filter.recipientId !== undefined
          ? [
              {
                KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
                ExpressionAttributeValues: {
                  ":pk": emailPk(filter.recipientId),
                  ":from": `${TOLD_PREFIX}${from}`,
                  ":to": upTo(`${TOLD_PREFIX}${to}`),
                },
              },
            ]
          : monthsSpanned(from, to).map((month) => ({
              IndexName: MONTH_INDEX.name,
              KeyConditionExpression: "gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to",
              ExpressionAttributeValues: {
                ":pk": sentMonthPk(month),
                ":from": from,
                ":to": upTo(to),
              },
            }));
    const items: Item[] = [];
    for (const query of queries) {
      for await (const page of paginateQuery(
        { client: this.client },
        { TableName: this.tableName, ...query },
      )) {
        items.push(...((page.Items ?? []) as Item[]).filter((i) => isLive(i, nowMs)));
      }
    }
    return sentEmailsOf(items)
      .filter((e) => filter.recipientId === undefined || e.recipientId === filter.recipientId)
      .sort(newestFirst);
  }
}
