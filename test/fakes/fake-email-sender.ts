import type { EmailSender, OutgoingEmail } from "../../shared/ports/email-sender";

/** What the fake provider does with one email: accept it, or throw this error. */
export type SendBehaviour = (email: OutgoingEmail, attempt: number) => Error | undefined;

/**
 * `EmailSender` standing in for SES: accepts every email with a fresh message id unless
 * `behaviour` returns an error for it, which is then thrown (as the SES adapter throws
 * `EmailRejectedError`, `SendingPausedError` or an unclassified error).
 */
export class FakeEmailSender implements EmailSender {
  /** Every call, accepted or not, in order. */
  readonly attempts: OutgoingEmail[] = [];
  /** The emails accepted, with the message id each was given. */
  readonly delivered: { email: OutgoingEmail; messageId: string }[] = [];

  constructor(private behaviour: SendBehaviour = () => undefined) {}

  /** Changes what happens to the next emails. */
  behave(behaviour: SendBehaviour): void {
    this.behaviour = behaviour;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    this.attempts.push(email);
    const error = this.behaviour(email, this.attempts.length);
    if (error) throw error;
    const messageId = `fake-${this.attempts.length}`;
    this.delivered.push({ email, messageId });
    return { messageId };
  }
}
