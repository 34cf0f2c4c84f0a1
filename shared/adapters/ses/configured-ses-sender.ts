import type { SESClient } from "@aws-sdk/client-ses";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type { AppConfig } from "../../config/app-config";
import type { Sender } from "./mime";
import { SesEmailSender } from "./ses-email-sender";

/** Who every email is from, as the config names it. */
export function senderOf(config: AppConfig): Sender {
  return {
    from: config.email.from,
    senderName: config.email.senderName,
    replyTo: config.email.replyTo,
  };
}

/** SES as the config sets it up: the sender, the rate cap and throttle retries; one way everywhere. */
export function configuredSesSender(
  config: AppConfig,
  clients: { client: SESClient; account: SESv2Client },
): SesEmailSender {
  return new SesEmailSender({
    ...clients,
    sender: senderOf(config),
    maxRatePerSecond: config.reminders.maxSendRatePerSecond,
    throttleRetries: config.reminders.throttleRetries,
  });
}
