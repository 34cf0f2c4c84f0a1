import { join } from "node:path";
import { configuredSesSender, senderOf } from "../adapters/ses/configured-ses-sender";
import { startLocalSes } from "../adapters/ses/local-ses";
import { OutboxEmailSender } from "../adapters/ses/outbox-email-sender";
import { createSesClient } from "../adapters/ses/ses-client";
import type { AppConfig } from "../config/app-config";
import type { EmailSender } from "../ports/email-sender";
import type { SendingLimits } from "../ports/sending-limits";

/** Where a local run's emails go; the CLI decides (see `mailTargetFor`). */
export type MailTarget =
  /** aws-ses-v2-local started in this process: only for the embedded store. */
  | { kind: "emulator" }
  /** Any SES API at a URL (`SES_ENDPOINT`), e.g. an emulator an admin runs. */
  | { kind: "endpoint"; endpoint: string }
  /** Real SES in `region`, with the default credential chain. */
  | { kind: "aws"; region: string };

/**
 * SES as local runs see it. To an emulator, a copy of every email is kept under
 * `<dataDir>/outbox/<folder>/`; real SES keeps none (real staff names stay off the admin's disk).
 */
export async function openLocalMail(
  config: AppConfig,
  dataDir: string,
  folder: string,
  target: MailTarget,
): Promise<{
  mailer: EmailSender;
  /** The SES account's rate and quota, read by a run at its start (the emulator's falls back to the cap). */
  sendingLimits: SendingLimits;
  outbox?: string;
  close: () => Promise<void>;
}> {
  const ses = target.kind === "emulator" ? await startLocalSes() : undefined;
  const where = {
    region: target.kind === "aws" ? target.region : config.region,
    endpoint: target.kind === "endpoint" ? target.endpoint : ses?.endpoint,
  };
  const client = createSesClient(where);
  const sesSender = configuredSesSender(config, client);
  const close = async () => {
    client.destroy();
    await ses?.close();
  };
  if (target.kind === "aws") return { mailer: sesSender, sendingLimits: sesSender, close };
  const mailer = new OutboxEmailSender(
    sesSender,
    join(dataDir, "outbox"),
    senderOf(config),
    () => folder,
  );
  return { mailer, sendingLimits: sesSender, outbox: mailer.folderFor(folder), close };
}
