import MailComposer from "nodemailer/lib/mail-composer";
import type { OutgoingEmail } from "../../ports/email-sender";

export interface Sender {
  from: string;
  senderName: string;
  replyTo?: string | undefined;
}

/** The email as raw MIME (multipart/alternative text + HTML, plus attachments), for SendRawEmail and .eml files. */
export async function composeMime(email: OutgoingEmail, sender: Sender): Promise<Buffer> {
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
  });
  return composer.compile().build();
}
