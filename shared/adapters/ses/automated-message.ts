import type { OutgoingEmail } from "../../ports/email-sender";

/**
 * Headers every email carries, whoever it is for: it comes from a program, so nothing should
 * answer it automatically. `Auto-Submitted: auto-generated` (RFC 3834 §5) keeps standard
 * auto-responders (out-of-office replies, vacation notices) quiet; Exchange and Outlook read
 * `X-Auto-Response-Suppress` instead (`All`: no out-of-office, delivery or read receipts).
 */
export const AUTOMATED_HEADERS: readonly { name: string; value: string }[] = [
  { name: "Auto-Submitted", value: "auto-generated" },
  { name: "X-Auto-Response-Suppress", value: "All" },
];

/** Every line break (LF, CR or CRLF) as CRLF: RFC 5322 §2.3 allows CR and LF only together. */
export function withCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, "\r\n");
}

/**
 * The email as it goes out: its text and HTML bodies with CRLF line breaks only (strict mail
 * servers reject or rewrite bare LFs). Attachments keep their exact bytes (an .ics is already
 * CRLF; a CSV is written with CRLF).
 */
export function withCrlfBodies(email: OutgoingEmail): OutgoingEmail {
  return { ...email, text: withCrlf(email.text), html: withCrlf(email.html) };
}
