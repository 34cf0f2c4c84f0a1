import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type { AppConfig } from "../../config/app-config";
import { configurationSetNameFor } from "../../config/sending-identity";
import type { Sender } from "./sender";
import { SesEmailSender } from "./ses-email-sender";

/** Who every email is from, as the config names it. */
export function senderOf(config: AppConfig): Sender {
  return {
    from: config.email.from,
    senderName: config.email.senderName,
    replyTo: config.email.replyTo,
  };
}

/**
 * SES as the config sets it up: the sender, the stage's configuration set (on AWS the stack
 * names it in `SES_CONFIGURATION_SET`, from the same config), the rate cap and throttle
 * retries; one way everywhere. One SES v2 client sends and reads the account's quota. The
 * local SES emulator takes the configuration set's name too (and ignores it).
 */
export function configuredSesSender(
  config: AppConfig,
  client: SESv2Client,
  configurationSetName: string = configurationSetNameFor(config.stage),
): SesEmailSender {
  return new SesEmailSender({
    client,
    account: client,
    sender: senderOf(config),
    configurationSetName,
    maxRatePerSecond: config.reminders.maxSendRatePerSecond,
    throttleRetries: config.reminders.throttleRetries,
  });
}
