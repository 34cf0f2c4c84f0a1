import type { EmailKind } from "../../domain/reminder-plan";
import type { OutgoingEmail } from "../../ports/email-sender";

/**
 * The SES message tag naming what kind of email a message is. SES copies a message's tags into
 * each of its delivery events (`mail.tags`), and a configuration set's CloudWatch dimensions
 * can split by it. Never personal data: only the kind.
 */
export const EMAIL_KIND_TAG = "email-kind";

/** Every kind the ledger sends: a new one fails the type check until it is listed here. */
const LEDGER_KINDS = {
  reminder: true,
  escalation: true,
  digest: true,
  delivery_notice: true,
} as const satisfies Record<EmailKind, true>;

export type TaggedEmailKind = EmailKind | "import-result" | "other";

/** The kinds a tag can name (the ledger's, and the import's result); anything else is `other`. */
export const EMAIL_KINDS: readonly TaggedEmailKind[] = [
  ...(Object.keys(LEDGER_KINDS) as EmailKind[]),
  "import-result",
];

/**
 * The kind of an email, from its tag (`<id>-<kind>`, or the kind alone): one of EMAIL_KINDS,
 * which are all letters, '_' and '-', as SES tag values must be (letters, digits, '_' and '-').
 */
export function emailKindOf(email: Pick<OutgoingEmail, "tag">): TaggedEmailKind {
  const tag = email.tag ?? "";
  return EMAIL_KINDS.find((kind) => tag === kind || tag.endsWith(`-${kind}`)) ?? "other";
}
