import MailComposer from "nodemailer/lib/mail-composer";
import type { OutgoingEmail } from "../../ports/email-sender";
import { AUTOMATED_HEADERS, withCrlfBodies } from "./automated-message";
import type { Sender } from "./sender";

/**
 * The email as raw MIME (multipart/alternative text + HTML, plus attachments) with CRLF line
 * endings (RFC 5322), in its bodies too, and the headers of an automated message, as SES sends
 * it: for the local outbox's `.eml` copies. The CLI's only: the Lambdas send through SES v2's
 * simple content, and SES builds the MIME.
 */
export async function composeMime(original: OutgoingEmail, sender: Sender): Promise<Buffer> {
  const email = withCrlfBodies(original);
  const composer = new MailComposer({
    from: { name: sender.senderName, address: sender.from },
    ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    attachments: email.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
    headers: Object.fromEntries(AUTOMATED_HEADERS.map((h) => [h.name, h.value])),
    newline: "windows",
  });
  return composer.compile().build();
}
