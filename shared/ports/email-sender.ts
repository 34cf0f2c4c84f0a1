export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** A rendered email ready to send; SES types stay in the adapter. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
  /** A file-name-safe label with identifiers only (e.g. `S00012-reminder`), never names. */
  tag?: string;
}

export interface EmailSender {
  /** Sends one email; resolves with the provider's message id. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/**
 * The provider certainly did not send this email (it said no, or was never reached): the
 * failure is recorded with this message as its reason, and a resend is no possible duplicate.
 */
export class EmailNotSentError extends Error {
  override readonly name: string = "EmailNotSentError";
}

/** This email cannot be sent as it is (bad address, rejected content, a 4xx): fail it, go on. */
export class EmailRejectedError extends EmailNotSentError {
  override readonly name = "EmailRejectedError";
}

/**
 * Nothing more can be sent for now (daily quota, account paused, SES unreachable): stop the
 * run safely; the message is the reason (for an unreachable SES, the network error's code).
 */
export class SendingPausedError extends EmailNotSentError {
  override readonly name = "SendingPausedError";
}
