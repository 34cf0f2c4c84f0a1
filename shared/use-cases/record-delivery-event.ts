import type { DeliveryEvent } from "../domain/delivery";
import type { DeliveryLedger } from "../ports/delivery-ledger";

/** A hard bounce of a reminder whose send is not recorded yet: retry it shortly. */
export class BounceNotYetMatchedError extends Error {
  override readonly name = "BounceNotYetMatchedError";
}

export interface DeliveryEventOutcome {
  outcome: DeliveryEvent["outcome"];
  /** The ledger knows the message (this system sent it and recorded the send). */
  matched: boolean;
  /** A hard bounce marked its recipient's address as not working. */
  addressMarked: boolean;
}

/**
 * Records one SES delivery event against its message; a hard bounce of an email to a person
 * also marks their address as not working, so the next daily run tells their manager, and a
 * later delivery to them clears it. Safe to run twice and in any order. A hard bounce of a
 * message the ledger does not know yet throws when `retryUnmatched` (a reminder sent within the
 * hour: its send is recorded just after SES accepts it), so Lambda retries it; any other
 * unknown message (an import result, a send that died before it was recorded) is recorded and
 * counted.
 */
export async function recordDeliveryEvent(
  event: DeliveryEvent,
  retryUnmatched: boolean,
  deps: { deliveries: DeliveryLedger; nowMs: () => number },
): Promise<DeliveryEventOutcome> {
  const { deliveries } = deps;
  await deliveries.recordDelivery(event, deps.nowMs());
  const message = await deliveries.messageOf(event.messageId, deps.nowMs());
  const result = { outcome: event.outcome, matched: message !== undefined, addressMarked: false };
  if (event.outcome === "delivered" && message && message.emailKind !== "digest") {
    // It arrives again: a bounce before this delivery no longer holds their reminders.
    const bounced = await deliveries.bouncedAddresses([message.recipientId], deps.nowMs());
    if (bounced.has(message.recipientId))
      await deliveries.clearAddressBounced(message.recipientId, event.at, deps.nowMs());
    return result;
  }
  if (event.outcome !== "bounced_hard") return result;
  if (!message) {
    if (retryUnmatched)
      throw new BounceNotYetMatchedError(`bounce of unrecorded message ${event.messageId}`);
    return result;
  }
  if (event.bouncedAddressHash === undefined || message.emailKind === "digest") return result;
  await deliveries.markAddressBounced(
    {
      recipientId: message.recipientId,
      addressHash: event.bouncedAddressHash,
      at: event.at,
      messageId: event.messageId,
    },
    deps.nowMs(),
  );
  return { ...result, addressMarked: true };
}
