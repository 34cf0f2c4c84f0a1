import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type IsoDate, monthOf, monthsSpanned } from "../../domain/dates";
import {
  type EmailKind,
  type Notification,
  notificationKey,
  type Undeliverable,
} from "../../domain/reminder-plan";
import { weeklyEmailId } from "../../domain/todays-emails";
import type { ClaimOutcome, EmailClaim, EmailLedger, SentEntry } from "../../ports/email-ledger";
import { batchGetAll, batchPutAll } from "./batch-operations";
import { type Item, isLive } from "./item-mapping";
import {
  emailClaimKey,
  expiresAfter,
  MONTH_INDEX,
  notEvaluatedKey,
  noteKey,
  notePk,
  sentMonthPk,
  sentMonthSk,
  TTL_ATTRIBUTE,
  undeliverableKey,
  weeklySentKey,
} from "./table-design";

export interface DynamoDbLedgerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  retentionDays: number;
}

/** `EmailLedger` on the same table: conditional puts claim, batch puts record. */
export class DynamoDbEmailLedger implements EmailLedger {
  constructor(private readonly options: DynamoDbLedgerOptions) {}

  private get client() {
    return this.options.client;
  }
  private get tableName() {
    return this.options.tableName;
  }

  /** Epoch seconds after which DynamoDB may delete the item; reads ignore it from then on. */
  private expiresAt(nowMs: number): number {
    return expiresAfter(nowMs, this.options.retentionDays);
  }

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

  async markSent(
    claim: EmailClaim,
    notifications: readonly Notification[],
    messageId: string,
    nowMs: number,
  ): Promise<void> {
    const sentAt = new Date(nowMs).toISOString();
    const expiresAt = this.expiresAt(nowMs);
    // That the week's summary (or escalation) went, in the same writes as what it said.
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
              [TTL_ATTRIBUTE]: expiresAt,
            },
          ];
    await batchPutAll(
      this.client,
      this.tableName,
      [
        ...weekly,
        ...notifications.map((n) => ({
          ...noteKey(n),
          kind: "notification",
          key: notificationKey(n),
          staffId: n.staffId,
          recipientId: n.recipientId,
          obligation: n.kind,
          stage: n.stage,
          dueDate: n.dueDate,
          period: n.period,
          emailKind: n.emailKind,
          runDate: claim.runDate,
          sentAt,
          messageId,
          [MONTH_INDEX.partitionKey]: sentMonthPk(monthOf(claim.runDate)),
          [MONTH_INDEX.sortKey]: sentMonthSk(sentAt, n.recipientId, n.staffId),
          [TTL_ATTRIBUTE]: expiresAt,
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

  async listSent(
    filter: { staffId?: string; recipientId?: string; from: IsoDate; to: IsoDate },
    nowMs: number,
  ): Promise<SentEntry[]> {
    const items: Item[] = [];
    const pages =
      filter.staffId !== undefined
        ? [
            {
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": notePk(filter.staffId) },
            },
          ]
        : monthsSpanned(filter.from, filter.to).map((month) => ({
            IndexName: MONTH_INDEX.name,
            KeyConditionExpression: "gsi2pk = :pk",
            ExpressionAttributeValues: { ":pk": sentMonthPk(month) },
          }));
    for (const query of pages) {
      for await (const page of paginateQuery(
        { client: this.client },
        { TableName: this.tableName, ...query },
      )) {
        items.push(...((page.Items ?? []) as Item[]));
      }
    }
    return items
      .filter((i) => i.kind === "notification" && isLive(i, nowMs))
      .filter((i) => (i.runDate as string) >= filter.from && (i.runDate as string) <= filter.to)
      .filter((i) => filter.recipientId === undefined || i.recipientId === filter.recipientId)
      .map(
        (i): SentEntry => ({
          runDate: i.runDate as string,
          sentAt: i.sentAt as string,
          recipientId: i.recipientId as string,
          staffId: i.staffId as string,
          kind: i.obligation as SentEntry["kind"],
          stage: i.stage as SentEntry["stage"],
          dueDate: i.dueDate as string,
          emailKind: i.emailKind as SentEntry["emailKind"],
          messageId: i.messageId as string,
        }),
      )
      .sort(
        (a, b) =>
          b.runDate.localeCompare(a.runDate) ||
          b.sentAt.localeCompare(a.sentAt) ||
          a.staffId.localeCompare(b.staffId),
      );
  }
}
