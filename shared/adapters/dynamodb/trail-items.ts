import { monthOf } from "../../domain/dates";
import type { EmailKind } from "../../domain/reminder-plan";
import type { SentEmail, ToldItem } from "../../ports/email-ledger";
import type { Item } from "./item-mapping";
import { MONTH_INDEX, sentMonthPk, sentMonthSk, toldAboutKey, toldEmailKey } from "./table-design";

/**
 * Items listed per part of a sent email's trail item: about 130 bytes each, so a part stays far
 * below DynamoDB's 400 KB item limit however many people one escalation lists.
 */
export const ITEMS_PER_PART = 1000;

export const TOLD_EMAIL = "told_email";
export const TOLD_ABOUT = "told_about";

/** What the trail keeps of an email, without its listed items. */
type EmailHeader = Omit<SentEmail, "items">;

/**
 * The trail items of one sent email: the email with all it listed under its recipient (in
 * parts, each on the month index), and what it listed about each person under that person.
 * Keyed by the email's claim and message id, so recording the same send again writes the same
 * keys, and a resend is another email beside it.
 */
export function trailItems(email: SentEmail, extra: Item): Item[] {
  const header = headerAttributes(email);
  const parts = Math.max(1, Math.ceil(email.items.length / ITEMS_PER_PART));
  const byEmail = Array.from({ length: parts }, (_, part) => ({
    ...toldEmailKey({ ...email, part }),
    kind: TOLD_EMAIL,
    ...header,
    part,
    parts,
    items: email.items.slice(part * ITEMS_PER_PART, (part + 1) * ITEMS_PER_PART),
    [MONTH_INDEX.partitionKey]: sentMonthPk(monthOf(email.runDate)),
    [MONTH_INDEX.sortKey]: sentMonthSk({ ...email, part }),
    ...extra,
  }));
  const aboutPerson = new Map<string, ToldItem[]>();
  for (const item of email.items)
    aboutPerson.set(item.staffId, [...(aboutPerson.get(item.staffId) ?? []), item]);
  const byPerson = [...aboutPerson].map(([staffId, items]) => ({
    ...toldAboutKey({ ...email, staffId }),
    kind: TOLD_ABOUT,
    ...header,
    staffId,
    items,
    ...extra,
  }));
  return [...byEmail, ...byPerson];
}

function headerAttributes(email: EmailHeader): Item {
  return {
    recipientId: email.recipientId,
    emailKind: email.emailKind,
    runDate: email.runDate,
    sentAt: email.sentAt,
    messageId: email.messageId,
    ...(email.scope === undefined ? {} : { scope: email.scope }),
    ...(email.month === undefined ? {} : { month: email.month }),
  };
}

/**
 * Sent emails from trail items of either kind, each once: an email's parts joined in order
 * (the parts its first part counts).
 */
export function sentEmailsOf(items: readonly Item[]): SentEmail[] {
  const emails = new Map<string, Map<number, Item>>();
  for (const item of items) {
    if (item.kind !== TOLD_EMAIL && item.kind !== TOLD_ABOUT) continue;
    const id = [
      item.recipientId,
      item.runDate,
      item.emailKind,
      item.month,
      item.messageId,
      item.staffId,
    ].join("#");
    const parts = emails.get(id) ?? new Map<number, Item>();
    parts.set(Number(item.part ?? 0), item);
    emails.set(id, parts);
  }
  return [...emails.values()].flatMap((parts) => {
    const first = parts.get(0);
    if (!first) return [];
    const items: ToldItem[] = [];
    for (let part = 0; part < Number(first.parts ?? 1); part++) {
      items.push(...((parts.get(part)?.items ?? []) as ToldItem[]));
    }
    return [
      {
        recipientId: String(first.recipientId),
        emailKind: first.emailKind as EmailKind,
        runDate: String(first.runDate),
        sentAt: String(first.sentAt),
        messageId: String(first.messageId),
        ...(first.scope === undefined ? {} : { scope: String(first.scope) }),
        ...(first.month === undefined ? {} : { month: String(first.month) }),
        items,
      },
    ];
  });
}
