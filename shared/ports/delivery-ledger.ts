import type { IsoDate, IsoMonth } from "../domain/dates";
import type { DeliveryEvent, DeliveryRecord } from "../domain/delivery";
import type { EmailKind } from "../domain/reminder-plan";

/** The email a message id belongs to, as `markSent` recorded it. */
export interface SentMessage {
  recipientId: string;
  emailKind: EmailKind;
  /** The day it went. */
  sentOn: IsoDate;
}

/** A recipient whose address hard-bounced, until the roster gives them another address. */
export interface BouncedAddress {
  recipientId: string;
  /** `addressHash` of the address that bounced: a corrected address no longer matches. */
  addressHash: string;
  /** When it bounced, and which message. */
  at: string;
  messageId: string;
  /** The last day the recipient's manager (or the admins) was told, when they have been. */
  noticeOn?: IsoDate;
}

/**
 * What SES said became of each sent message (delivery events), and the addresses found not to
 * work. Recording is idempotent and order-independent: an event may come late, twice, or
 * before another that happened earlier.
 */
export interface DeliveryLedger {
  /** The email this message was, when the ledger knows it (it was sent by this system). */
  messageOf(messageId: string, nowMs: number): Promise<SentMessage | undefined>;
  /** Keeps the first time of each outcome of the event's message. */
  recordDelivery(event: DeliveryEvent, nowMs: number): Promise<void>;
  /** Everything heard about these messages, by message id (absent: nothing yet). */
  deliveryOf(messageIds: readonly string[], nowMs: number): Promise<Map<string, DeliveryRecord>>;
  /** Every message sent in a month with what was heard about it. */
  monthDelivery(month: IsoMonth, nowMs: number): Promise<DeliveryRecord[]>;
  /** Marks a recipient's address as bouncing; the latest bounce wins. */
  markAddressBounced(bounce: BouncedAddress, nowMs: number): Promise<void>;
  /**
   * The address works again as of `at` (a later delivery, or an admin who checked it): the
   * bounce is cleared unless it bounced after `at`. Whether there was one to clear.
   */
  clearAddressBounced(recipientId: string, at: string, nowMs: number): Promise<boolean>;
  /** Notes the day the managers of these bouncing recipients were told. */
  markNoticeSent(recipientIds: readonly string[], day: IsoDate, nowMs: number): Promise<void>;
  /** The bounced addresses on record, not cleared since, for these recipients. */
  bouncedAddresses(
    recipientIds: readonly string[],
    nowMs: number,
  ): Promise<Map<string, BouncedAddress>>;
}
