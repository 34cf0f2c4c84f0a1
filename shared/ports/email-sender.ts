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

/** This email cannot be sent as it is (bad address, rejected content): fail it, go on. */
export class EmailRejectedError extends Error {
  override readonly name = "EmailRejectedError";
}

/** Nothing more can be sent for now (daily quota, account paused): stop the run safely. */
export class SendingPausedError extends Error {
  override readonly name = "SendingPausedError";
}
