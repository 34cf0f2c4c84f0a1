import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, paginateQuery, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type IsoDate, type IsoMonth, monthOf } from "../../domain/dates";
import { DELIVERY_OUTCOMES, type DeliveryEvent, type DeliveryRecord } from "../../domain/delivery";
import type { EmailKind } from "../../domain/reminder-plan";
import type { BouncedAddress, DeliveryLedger, SentMessage } from "../../ports/delivery-ledger";
import { batchGetAll } from "./batch-operations";
import { type Item, isLive } from "./item-mapping";
import { LedgerTable } from "./ledger-table";
import {
  bouncedAddressKey,
  deliveryMonthPk,
  MONTH_INDEX,
  messageDeliveryKey,
  messageSentKey,
  TTL_ATTRIBUTE,
} from "./table-design";

/**
 * `DeliveryLedger` on the same table. Each outcome of a message is its own attribute on one
 * item, set only when absent or later than the event's time, so events that come twice or out
 * of order leave the same item.
 */
export class DynamoDbDeliveryLedger extends LedgerTable implements DeliveryLedger {
  async messageOf(messageId: string, nowMs: number): Promise<SentMessage | undefined> {
    const { Item: item } = await this.client.send(
      // Consistent: the send's record may have been written a moment ago.
      new GetCommand({
        TableName: this.tableName,
        Key: messageSentKey(messageId),
        ConsistentRead: true,
      }),
    );
    if (!item || !isLive(item, nowMs)) return undefined;
    return {
      recipientId: String(item.recipientId),
      emailKind: item.emailKind as EmailKind,
      sentOn: String(item.sentOn),
    };
  }

  async recordDelivery(event: DeliveryEvent, nowMs: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: messageDeliveryKey(event.messageId),
          UpdateExpression:
            "SET #outcome = :at, messageId = :id, kind = :kind, #gsiPk = :month, #gsiSk = :id, #ttl = :ttl",
          ConditionExpression: "attribute_not_exists(#outcome) OR #outcome > :at",
          ExpressionAttributeNames: {
            "#outcome": event.outcome,
            "#gsiPk": MONTH_INDEX.partitionKey,
            "#gsiSk": MONTH_INDEX.sortKey,
            "#ttl": TTL_ATTRIBUTE,
          },
          ExpressionAttributeValues: {
            ":at": event.at,
            ":id": event.messageId,
            ":kind": "delivery",
            ":month": deliveryMonthPk(monthOf(event.sentOn)),
            ":ttl": this.expiresAt(nowMs),
          },
        }),
      );
    } catch (error) {
      // Already known at that time or earlier: a duplicate or a late repeat, nothing to change.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async deliveryOf(
    messageIds: readonly string[],
    nowMs: number,
  ): Promise<Map<string, DeliveryRecord>> {
    const keys = [...new Set(messageIds)].map(messageDeliveryKey);
    const items = await batchGetAll(this.client, this.tableName, keys, { concurrency: 4 });
    return new Map(
      items.filter((i) => isLive(i, nowMs)).map((i) => [String(i.messageId), recordOf(i)]),
    );
  }

  async monthDelivery(month: IsoMonth, nowMs: number): Promise<DeliveryRecord[]> {
    const records: DeliveryRecord[] = [];
    for await (const page of paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: MONTH_INDEX.name,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": MONTH_INDEX.partitionKey },
        ExpressionAttributeValues: { ":pk": deliveryMonthPk(month) },
      },
    )) {
      for (const item of (page.Items ?? []) as Item[])
        if (isLive(item, nowMs)) records.push(recordOf(item));
    }
    return records;
  }

  async markAddressBounced(bounce: BouncedAddress, nowMs: number): Promise<void> {
    try {
      // An update, not a put: the day the manager was last told stays; a new bounce undoes a
      // clearing.
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: bouncedAddressKey(bounce.recipientId),
          UpdateExpression:
            "SET kind = :kind, recipientId = :recipient, addressHash = :hash, #at = :at, messageId = :id, #ttl = :ttl REMOVE clearedAt",
          ConditionExpression: "attribute_not_exists(pk) OR #at < :at",
          ExpressionAttributeNames: { "#at": "at", "#ttl": TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ":kind": "bounced_address",
            ":recipient": bounce.recipientId,
            ":hash": bounce.addressHash,
            ":at": bounce.at,
            ":id": bounce.messageId,
            ":ttl": this.expiresAt(nowMs),
          },
        }),
      );
    } catch (error) {
      // This bounce (a duplicate event) or a later one is already on record.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async clearAddressBounced(recipientId: string, at: string, _nowMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: bouncedAddressKey(recipientId),
          UpdateExpression: "SET clearedAt = :at",
          ConditionExpression: "attribute_exists(pk) AND #at < :at",
          ExpressionAttributeNames: { "#at": "at" },
          ExpressionAttributeValues: { ":at": at },
        }),
      );
      return true;
    } catch (error) {
      // None on record, or it bounced again after `at`.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return false;
    }
  }

  async markNoticeSent(recipientIds: readonly string[], day: IsoDate, _nowMs: number) {
    for (const recipientId of new Set(recipientIds)) {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: bouncedAddressKey(recipientId),
            UpdateExpression: "SET noticeOn = :day",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":day": day },
          }),
        );
      } catch (error) {
        // The bounce has gone (expired): there is nothing to note it on.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  async bouncedAddresses(
    recipientIds: readonly string[],
    nowMs: number,
  ): Promise<Map<string, BouncedAddress>> {
    const keys = [...new Set(recipientIds)].map(bouncedAddressKey);
    const items = await batchGetAll(this.client, this.tableName, keys, { concurrency: 4 });
    return new Map(
      items
        .filter((i) => isLive(i, nowMs) && i.clearedAt === undefined)
        .map((i) => [
          String(i.recipientId),
          {
            recipientId: String(i.recipientId),
            addressHash: String(i.addressHash),
            at: String(i.at),
            messageId: String(i.messageId),
            ...(typeof i.noticeOn === "string" ? { noticeOn: i.noticeOn } : {}),
          },
        ]),
    );
  }
}

function recordOf(item: Item): DeliveryRecord {
  const record: DeliveryRecord = {};
  for (const outcome of DELIVERY_OUTCOMES)
    if (typeof item[outcome] === "string") record[outcome] = item[outcome] as string;
  return record;
}
