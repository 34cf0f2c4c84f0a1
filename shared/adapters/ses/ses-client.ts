import { SESClient } from "@aws-sdk/client-ses";

/**
 * The SES client, with timeouts: the local emulator hangs on calls it does not implement,
 * and a hung send must fail (and be retried next run) rather than eat the Lambda's time.
 */
export function createSesClient(options: { region: string; endpoint?: string }): SESClient {
  return new SESClient({
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
