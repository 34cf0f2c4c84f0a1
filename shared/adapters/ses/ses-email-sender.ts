import { type SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";
import {
  EmailRejectedError,
  type EmailSender,
  type OutgoingEmail,
  SendingPausedError,
} from "../../ports/email-sender";
import { backoffMs, sleep } from "../backoff";
import { composeMime, type Sender } from "./mime";

export interface SesSenderOptions {
  client: SESClient;
  sender: Sender;
  /** Messages per second SES allows this account (sandbox: 1). */
  maxRatePerSecond: number;
  throttleRetries: number;
  /** First backoff step in ms (doubles each retry, with jitter). */
  backoffBaseMs?: number;
}

const REJECTED = new Set([
  "MessageRejected",
  "MailFromDomainNotVerifiedException",
  "InvalidParameterValue",
  "ConfigurationSetDoesNotExistException",
]);

/**
 * Network failures before any byte reached SES: nothing can have been sent. (A reset or a
 * timeout mid-request is not here: SES may have sent before the reply was lost.)
 */
const NEVER_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

type SdkError = {
  name?: string;
  message?: string;
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number };
};

/** SES answered 4xx: it validated the request and refused it, so it sent nothing. */
function isClientError(error: SdkError): boolean {
  const status = error.$metadata?.httpStatusCode ?? 0;
  return error.$fault === "client" && status >= 400 && status < 500;
}

function isThrottling(error: { name?: string; message?: string }): boolean {
  return (
    error.name === "Throttling" ||
    error.name === "ThrottlingException" ||
    /maximum sending rate exceeded/i.test(error.message ?? "")
  );
}

function isPaused(error: { name?: string; message?: string }): boolean {
  return (
    error.name === "AccountSendingPausedException" ||
    /daily message quota exceeded/i.test(error.message ?? "")
  );
}

/**
 * Sends through SES (v1 SendRawEmail, so .ics attachments can go along), no faster than the
 * account's rate, retrying throttled sends with backoff: SES drops a throttled message rather
 * than queueing it.
 */
export class SesEmailSender implements EmailSender {
  private nextSlotMs = 0;

  constructor(private readonly options: SesSenderOptions) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const raw = await composeMime(email, this.options.sender);
    for (let attempt = 0; ; attempt++) {
      await this.waitForSlot();
      try {
        const out = await this.options.client.send(
          new SendRawEmailCommand({
            Source: this.options.sender.from,
            Destinations: [email.to],
            RawMessage: { Data: raw },
          }),
        );
        return { messageId: out.MessageId ?? "" };
      } catch (caught) {
        const error = caught as SdkError;
        if (isPaused(error)) throw new SendingPausedError(error.message ?? "sending paused");
        // SES out of reach: every other email would fail the same way, so the run stops.
        if (error.code && NEVER_CONNECTED.has(error.code)) throw new SendingPausedError(error.code);
        if (REJECTED.has(error.name ?? ""))
          throw new EmailRejectedError(`${error.name}: ${error.message}`);
        if (isThrottling(error)) {
          if (attempt >= this.options.throttleRetries) throw caught;
        } else if (isClientError(error)) {
          throw new EmailRejectedError(`${error.name}: ${error.message}`);
        } else throw caught;
        await sleep(backoffMs(attempt + 1, this.options.backoffBaseMs ?? 500, 20_000));
      }
    }
  }

  private async waitForSlot(): Promise<void> {
    const gapMs = 1000 / this.options.maxRatePerSecond;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + gapMs;
    if (slot > now) await sleep(slot - now);
  }
}
