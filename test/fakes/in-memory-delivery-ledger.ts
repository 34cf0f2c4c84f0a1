import { type IsoDate, type IsoMonth, monthOf } from "../../shared/domain/dates";
import type { DeliveryEvent, DeliveryRecord } from "../../shared/domain/delivery";
import type {
  BouncedAddress,
  DeliveryLedger,
  SentMessage,
} from "../../shared/ports/delivery-ledger";

/**
 * `DeliveryLedger` in memory, with the DynamoDB adapter's rules: each outcome keeps its earliest
 * time; a bounce replaces an earlier one only when later. Messages become known through
 * `messageSent` (the DynamoDB ledger learns them from `markSent`). Nothing expires.
 */
export class InMemoryDeliveryLedger implements DeliveryLedger {
  private readonly messages = new Map<string, SentMessage>();
  private readonly records = new Map<string, { month: IsoMonth; record: DeliveryRecord }>();
  private readonly bounces = new Map<string, BouncedAddress>();
  private readonly cleared = new Set<string>();

  messageSent(messageId: string, message: SentMessage): void {
    this.messages.set(messageId, message);
  }

  async messageOf(messageId: string, _nowMs?: number): Promise<SentMessage | undefined> {
    return this.messages.get(messageId);
  }

  async recordDelivery(event: DeliveryEvent, _nowMs?: number): Promise<void> {
    const entry = this.records.get(event.messageId) ?? {
      month: monthOf(event.sentOn),
      record: {},
    };
    const known = entry.record[event.outcome];
    if (known === undefined || known > event.at) entry.record[event.outcome] = event.at;
    this.records.set(event.messageId, entry);
  }

  async deliveryOf(
    messageIds: readonly string[],
    _nowMs?: number,
  ): Promise<Map<string, DeliveryRecord>> {
    const found = new Map<string, DeliveryRecord>();
    for (const id of messageIds) {
      const entry = this.records.get(id);
      if (entry) found.set(id, { ...entry.record });
    }
    return found;
  }

  async monthDelivery(month: IsoMonth, _nowMs?: number): Promise<DeliveryRecord[]> {
    return [...this.records.values()]
      .filter((e) => e.month === month)
      .map((e) => ({ ...e.record }));
  }

  async markAddressBounced(bounce: BouncedAddress, _nowMs?: number): Promise<void> {
    const known = this.bounces.get(bounce.recipientId);
    if (known !== undefined && known.at >= bounce.at) return;
    this.bounces.set(bounce.recipientId, {
      ...bounce,
      ...(known?.noticeOn === undefined ? {} : { noticeOn: known.noticeOn }),
    });
    this.cleared.delete(bounce.recipientId);
  }

  async clearAddressBounced(recipientId: string, at: string, _nowMs?: number): Promise<boolean> {
    const known = this.bounces.get(recipientId);
    if (known === undefined || known.at >= at) return false;
    this.cleared.add(recipientId);
    return true;
  }

  async markNoticeSent(recipientIds: readonly string[], day: IsoDate, _nowMs?: number) {
    for (const id of recipientIds) {
      const known = this.bounces.get(id);
      if (known) this.bounces.set(id, { ...known, noticeOn: day });
    }
  }

  async bouncedAddresses(
    recipientIds: readonly string[],
    _nowMs?: number,
  ): Promise<Map<string, BouncedAddress>> {
    const found = new Map<string, BouncedAddress>();
    for (const id of recipientIds) {
      const known = this.bounces.get(id);
      if (known && !this.cleared.has(id)) found.set(id, { ...known });
    }
    return found;
  }
}
