import * as z from "zod/mini";
import { londonDateOf } from "../../shared/domain/dates";
import type { DeliveryEvent, DeliveryOutcome } from "../../shared/domain/delivery";
import "../../shared/domain/zod-english";
import { EMAIL_KIND_TAG } from "../../shared/adapters/ses/email-tags";
import { addressHash } from "../../shared/use-cases/address-hash";

const instant = z.iso.datetime({ offset: true });
const withTime = z.object({ timestamp: instant });

/**
 * An SES event as EventBridge delivers it from the configuration set (`source: aws.ses`):
 * `detail` is SES's event publishing record. Only what the ledger needs is read; SES adds
 * fields freely, so the objects are not strict.
 */
export const sesEventSchema = z.object({
  source: z.literal("aws.ses"),
  detail: z.object({
    eventType: z.string(),
    mail: z.object({
      messageId: z.string().check(z.minLength(1)),
      timestamp: instant,
      tags: z.optional(z.record(z.string(), z.array(z.string()))),
    }),
    bounce: z.optional(
      z.object({
        bounceType: z.string(),
        timestamp: instant,
        bouncedRecipients: z._default(z.array(z.object({ emailAddress: z.string() })), []),
      }),
    ),
    complaint: z.optional(withTime),
    delivery: z.optional(withTime),
    deliveryDelay: z.optional(withTime),
  }),
});

export type SesEvent = z.infer<typeof sesEventSchema>;

/**
 * What the ledger records of an SES event: the message, the outcome and when; a hard bounce's
 * address only as its hash. Open, click and other events are not delivery: `undefined`.
 */
export function deliveryEventOf(event: SesEvent): DeliveryEvent | undefined {
  const { detail } = event;
  const base = {
    messageId: detail.mail.messageId,
    sentOn: londonDateOf(new Date(detail.mail.timestamp)),
  };
  const at = (outcome: DeliveryOutcome, time: string | undefined): DeliveryEvent => ({
    ...base,
    outcome,
    at: new Date(time ?? detail.mail.timestamp).toISOString(),
  });
  switch (detail.eventType) {
    case "Send":
      return at("sent", detail.mail.timestamp);
    case "Delivery":
      return at("delivered", detail.delivery?.timestamp);
    case "Complaint":
      return at("complained", detail.complaint?.timestamp);
    case "Reject":
      return at("rejected", undefined);
    case "DeliveryDelay":
      return at("delayed", detail.deliveryDelay?.timestamp);
    case "Bounce": {
      // Permanent: the address does not work. Transient and Undetermined may pass.
      if (detail.bounce?.bounceType !== "Permanent")
        return at("bounced_soft", detail.bounce?.timestamp);
      const address = detail.bounce.bouncedRecipients[0]?.emailAddress;
      return {
        ...at("bounced_hard", detail.bounce.timestamp),
        ...(address === undefined ? {} : { bouncedAddressHash: addressHash(address) }),
      };
    }
    default:
      return undefined;
  }
}

/** The kind of email SES was told it is (the sender's `email-kind` tag), if any. */
export function taggedEmailKind(event: SesEvent): string | undefined {
  return event.detail.mail.tags?.[EMAIL_KIND_TAG]?.[0];
}
