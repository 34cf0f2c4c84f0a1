import type { IsoDate } from "./dates";

/** What SES said happened to a sent message, one event at a time. */
export const DELIVERY_OUTCOMES = [
  "sent",
  "delivered",
  "bounced_hard",
  "bounced_soft",
  "complained",
  "rejected",
  "delayed",
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One delivery event, as the delivery-events function hands it on: ids and times only. */
export interface DeliveryEvent {
  messageId: string;
  outcome: DeliveryOutcome;
  /** When it happened (ISO instant). */
  at: string;
  /** The business date the message was sent on (Europe/London), from SES's own send time. */
  sentOn: IsoDate;
  /** A hard bounce: which address bounced, as `addressHash` gives it (never the address). */
  bouncedAddressHash?: string;
}

/** Everything heard about one message: the first time of each outcome. */
export type DeliveryRecord = Partial<Record<DeliveryOutcome, string>>;

/**
 * What a message's events add up to, whatever order they came in: a complaint or a hard bounce
 * outweighs a delivery (a bounce can come after the receiving server first accepted it), a
 * delivery outweighs soft bounces and delays along the way, and `sent` is all SES has said.
 */
const PRECEDENCE: readonly DeliveryOutcome[] = [
  "complained",
  "bounced_hard",
  "rejected",
  "delivered",
  "bounced_soft",
  "delayed",
  "sent",
];

export type DeliveryStatus = DeliveryOutcome | "no_feedback";

export function deliveryStatus(record: DeliveryRecord | undefined): DeliveryStatus {
  return PRECEDENCE.find((outcome) => record?.[outcome] !== undefined) ?? "no_feedback";
}

/** A month's emails by what became of them. */
export interface DeliveryRates {
  /** Emails SES reported on (every one it accepted reports `sent`). */
  emails: number;
  delivered: number;
  bounced: number;
  complained: number;
  /** Rejected, still delayed, or nothing heard beyond `sent` yet. */
  other: number;
  /** Percentages of `emails`, one decimal place; null when there were none. */
  deliveredPercent: number | null;
  bouncedPercent: number | null;
  complainedPercent: number | null;
}

/** The rates of a month's messages, each counted once by its status. */
export function deliveryRates(records: readonly DeliveryRecord[]): DeliveryRates {
  let delivered = 0;
  let bounced = 0;
  let complained = 0;
  for (const record of records) {
    const status = deliveryStatus(record);
    if (status === "delivered") delivered++;
    else if (status === "bounced_hard" || status === "bounced_soft") bounced++;
    else if (status === "complained") complained++;
  }
  const emails = records.length;
  const percent = (n: number) => (emails === 0 ? null : Math.round((n * 1000) / emails) / 10);
  return {
    emails,
    delivered,
    bounced,
    complained,
    other: emails - delivered - bounced - complained,
    deliveredPercent: percent(delivered),
    bouncedPercent: percent(bounced),
    complainedPercent: percent(complained),
  };
}
