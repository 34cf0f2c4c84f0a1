import {
  type SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
} from "@aws-sdk/client-sesv2";
import {
  EmailRejectedError,
  type EmailSender,
  type OutgoingEmail,
  SendingPausedError,
} from "../../ports/email-sender";
import type { SendingAllowance, SendingLimits } from "../../ports/sending-limits";
import { backoffMs, sleep } from "../backoff";
import { AUTOMATED_HEADERS, withCrlf } from "./automated-message";
import { EMAIL_KIND_TAG, emailKindOf } from "./email-tags";
import { fromAddress, type Sender } from "./sender";
import {
  allowanceFromQuota,
  FALLBACK_RATE_PER_SECOND,
  fallbackAllowance,
  readSendQuota,
  reasonOf,
} from "./ses-send-quota";

export interface SesSenderOptions {
  /** Sends (SES v2 SendEmail). */
  client: SESv2Client;
  sender: Sender;
  /**
   * The stage's SES configuration set, named on every send: SES applies its suppression and
   * TLS settings, counts its reputation metrics and publishes the message's delivery events.
   * None: SES uses the identity's default configuration set, if it has one.
   */
  configurationSetName?: string | undefined;
  /**
   * A cap on the sending rate (messages per second), from `reminders.maxSendRatePerSecond`;
   * none: the account's own rate. Until a run reads the account, the cap (or 1/s) is the pace.
   */
  maxRatePerSecond?: number | undefined;
  /** Reads the account's send quota (SES v2 GetAccount) when a run starts (`startRun`). */
  account?: SESv2Client | undefined;
  throttleRetries: number;
  /** First backoff step in ms (doubles each retry, with jitter). */
  backoffBaseMs?: number;
  /** The clock and the wait that pacing and backoff use: real time unless a test brings its own. */
  clock?: { nowMs: () => number; sleep: (ms: number) => Promise<void> };
}

/** SES refused this email as it is (content, an address, the sending identity): it sent nothing. */
const REJECTED = new Set([
  "MessageRejected",
  "MailFromDomainNotVerifiedException",
  "BadRequestException",
  "NotFoundException", // e.g. a configuration set that does not exist
]);

/**
 * SES sends nothing more for now, whatever the email: sending paused, the account suspended,
 * or one of its limits reached (LimitExceededException: for a one-recipient SendEmail, the
 * account's sending quota, which the next email would meet as well). The run stops safely.
 */
const PAUSED = new Set([
  "SendingPausedException",
  "AccountSuspendedException",
  "LimitExceededException",
]);

/** Over the account's rate: SES dropped this email, and it may go after a wait. */
const THROTTLED = new Set(["TooManyRequestsException", "ThrottlingException"]);

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

function isThrottling(error: SdkError): boolean {
  return (
    THROTTLED.has(error.name ?? "") || /maximum sending rate exceeded/i.test(error.message ?? "")
  );
}

/** The daily quota may come as a throttling error too: its message tells them apart. */
function isPaused(error: SdkError): boolean {
  return PAUSED.has(error.name ?? "") || /daily message quota exceeded/i.test(error.message ?? "");
}

/**
 * The SES v2 SendEmail request for an email: simple content (subject, text and HTML in UTF-8
 * with CRLF line breaks only, attachments as bytes, the headers of an automated message), from
 * the sender's name and address, replies to its reply-to, in the configuration set when one is
 * given, tagged with the email's kind (the delivery events carry the tag). SES builds the MIME.
 */
export function sendEmailInput(
  email: OutgoingEmail,
  sender: Sender,
  configurationSetName?: string,
): SendEmailCommandInput {
  const utf8 = (Data: string) => ({ Data, Charset: "UTF-8" });
  return {
    FromEmailAddress: fromAddress(sender),
    Destination: { ToAddresses: [email.to] },
    ...(sender.replyTo ? { ReplyToAddresses: [sender.replyTo] } : {}),
    ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
    EmailTags: [{ Name: EMAIL_KIND_TAG, Value: emailKindOf(email) }],
    Content: {
      Simple: {
        Subject: utf8(email.subject),
        Body: { Text: utf8(withCrlf(email.text)), Html: utf8(withCrlf(email.html)) },
        Headers: AUTOMATED_HEADERS.map((h) => ({ Name: h.name, Value: h.value })),
        ...(email.attachments.length > 0
          ? {
              Attachments: email.attachments.map((a) => ({
                FileName: a.filename,
                RawContent: new TextEncoder().encode(a.content),
                ContentType: a.contentType,
                ContentDisposition: "ATTACHMENT" as const,
                // Base64 keeps the bytes as they are: an .ics keeps its CRLFs and folded lines.
                ContentTransferEncoding: "BASE64" as const,
              })),
            }
          : {}),
      },
    },
  };
}

/**
 * Sends through SES (v2 SendEmail, simple content with attachments), no faster than the
 * account's rate, retrying throttled sends with backoff: SES drops a throttled message rather
 * than queueing it. At the start of a run (`startRun`) it reads the account's quota and paces
 * at just under its rate, never above the configured cap; if the quota cannot be read, at the
 * cap, or 1/s without one.
 */
export class SesEmailSender implements EmailSender, SendingLimits {
  private nextSlotMs = 0;
  private ratePerSecond: number;
  private readonly clock: { nowMs: () => number; sleep: (ms: number) => Promise<void> };

  constructor(private readonly options: SesSenderOptions) {
    this.ratePerSecond = options.maxRatePerSecond ?? FALLBACK_RATE_PER_SECOND;
    this.clock = options.clock ?? { nowMs: () => Date.now(), sleep };
  }

  /** The pace sends keep now: messages per second, and the gap between two sends. */
  get pace(): { ratePerSecond: number; intervalMs: number } {
    return { ratePerSecond: this.ratePerSecond, intervalMs: 1000 / this.ratePerSecond };
  }

  async startRun(): Promise<SendingAllowance> {
    const cap = this.options.maxRatePerSecond;
    let allowance: SendingAllowance;
    if (!this.options.account) allowance = fallbackAllowance(cap, "NoAccountClient");
    else {
      try {
        allowance = allowanceFromQuota(await readSendQuota(this.options.account), cap);
      } catch (error) {
        allowance = fallbackAllowance(cap, reasonOf(error));
      }
    }
    this.ratePerSecond = allowance.ratePerSecond;
    return allowance;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const input = sendEmailInput(email, this.options.sender, this.options.configurationSetName);
    for (let attempt = 0; ; attempt++) {
      await this.waitForSlot();
      try {
        const out = await this.options.client.send(new SendEmailCommand(input));
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
        await this.clock.sleep(backoffMs(attempt + 1, this.options.backoffBaseMs ?? 500, 20_000));
      }
    }
  }

  private async waitForSlot(): Promise<void> {
    const now = this.clock.nowMs();
    const slot = Math.max(now, this.nextSlotMs);
    this.nextSlotMs = slot + this.pace.intervalMs;
    if (slot > now) await this.clock.sleep(slot - now);
  }
}
