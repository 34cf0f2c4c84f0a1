import { join } from "node:path";
import { startLocalSes } from "../adapters/ses/local-ses";
import { OutboxEmailSender } from "../adapters/ses/outbox-email-sender";
import { createSesClient } from "../adapters/ses/ses-client";
import { SesEmailSender } from "../adapters/ses/ses-email-sender";
import type { AppConfig } from "../config/app-config";

/**
 * SES as local runs see it: the emulator in this process (or `SES_ENDPOINT`), with a copy of
 * every email kept under `<dataDir>/outbox/<folder>/`.
 */
export async function openLocalMail(config: AppConfig, dataDir: string, folder: string) {
  const ses = process.env.SES_ENDPOINT ? undefined : await startLocalSes();
  const sender = {
    from: config.email.from,
    senderName: config.email.senderName,
    replyTo: config.email.replyTo,
  };
  const client = createSesClient({
    region: config.region,
    endpoint: process.env.SES_ENDPOINT ?? ses?.endpoint,
  });
  const mailer = new OutboxEmailSender(
    new SesEmailSender({
      client,
      sender,
      maxRatePerSecond: config.reminders.maxSendRatePerSecond,
      throttleRetries: config.reminders.throttleRetries,
    }),
    join(dataDir, "outbox"),
    sender,
    () => folder,
  );
  return {
    mailer,
    outbox: mailer.folderFor(folder),
    close: async () => {
      client.destroy();
      await ses?.close();
    },
  };
}
