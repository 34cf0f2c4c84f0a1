import type { SentEmail, ToldItem } from "../../shared/domain/sent-trail";

/** One item of one email: what was told, to whom, on which day. */
export interface Mention extends ToldItem, Omit<SentEmail, "items" | "scope"> {}

/** Each item of each email as a mention, in the emails' order: what tests compare. */
export function mentionsOf(emails: readonly SentEmail[]): Mention[] {
  return emails.flatMap(({ items, scope: _scope, ...email }) =>
    items.map((item) => ({ ...email, ...item })),
  );
}
