import type { Notification } from "../domain/reminder-plan";
import type { EmailClaim, EmailLedger } from "../ports/email-ledger";
import {
  EmailNotSentError,
  type EmailSender,
  type OutgoingEmail,
  SendingPausedError,
} from "../ports/email-sender";

export type SendOutcome = "sent" | "failed" | "paused";

/**
 * Sends one email whose claim the caller holds, and records what happened in the ledger. A
 * rejection, a paused account or an unreachable SES means nothing was sent; any other error
 * might have sent it (a lost reply), so whoever sends it again counts a possible duplicate.
 */
export async function sendClaimedEmail(
  claim: EmailClaim,
  email: OutgoingEmail,
  notifications: readonly Notification[],
  deps: { mailer: EmailSender; ledger: EmailLedger; nowMs: () => number },
): Promise<SendOutcome> {
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(email));
  } catch (error) {
    const paused = error instanceof SendingPausedError;
    const known = error instanceof EmailNotSentError;
    const reason = known
      ? withoutAddresses((error as Error).message)
      : `send_error: ${(error as Error).name}`;
    await deps.ledger.markFailed(claim, reason, deps.nowMs(), !known);
    return paused ? "paused" : "failed";
  }
  // Not caught: if the ledger cannot record the send, the run fails and is retried; the claim
  // then lapses and the retry counts the resend as a possible duplicate.
  await deps.ledger.markSent(claim, notifications, messageId, deps.nowMs());
  return "sent";
}

/** Provider messages can quote the address; the ledger keeps identifiers only. */
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"',;:]+@[^\s<>"',;:]+/g, "<address>");
}
