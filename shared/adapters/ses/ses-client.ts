import { SESv2Client } from "@aws-sdk/client-sesv2";

interface SesClientOptions {
  region: string;
  endpoint?: string | undefined;
}

/**
 * The SES (v2) client: it sends (SendEmail, simple content with attachments) and reads the
 * account's send quota (GetAccount). Timeouts, one attempt, and a stand-in's endpoint with
 * dummy credentials: the local emulator hangs on calls it does not implement, and a hung call
 * must fail (and be retried next run, or fall back) rather than eat the Lambda's time.
 */
export function createSesClient(options: SesClientOptions): SESv2Client {
  return new SESv2Client({
    region: options.region,
    maxAttempts: 1, // throttling is retried by SesEmailSender, which also paces the sends
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
    ...(options.endpoint
      ? {
          endpoint: options.endpoint,
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {}),
  });
}
