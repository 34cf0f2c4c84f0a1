import { addDays, isIsoDate } from "../../domain/dates";
import { deliveryStatus } from "../../domain/delivery";
import { excelCsv } from "../../email/excel-csv";
import {
  DELIVERY_WORDS,
  formatTellings,
  SENT_CSV_COLUMNS,
  sentCsvRows,
  tellingsOf,
} from "../../reports/sent-trail";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

export interface SentOptions {
  staff?: string | undefined;
  recipient?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  format: "text" | "json" | "csv";
}

/** How far back `sent` looks unless told (`--from`). */
export const SENT_DEFAULT_DAYS = 30;

/**
 * `sent`: the audit trail. What each email said about whom, to whom and when: for each item
 * the first day its recipient was told of it and every day it was told again.
 */
export async function sentCommand(options: SentOptions, ctx: CommandContext): Promise<number> {
  for (const [flag, value] of [
    ["--from", options.from],
    ["--to", options.to],
  ] as const)
    if (value !== undefined && !isIsoDate(value))
      throw new UsageError(`${flag} needs a real date YYYY-MM-DD`);
  const to = options.to ?? ctx.today;
  const from = options.from ?? addDays(to, 1 - SENT_DEFAULT_DAYS);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const roster = await ctx.ports.store.listStaff();
  const people = new Map(roster.map((s) => [s.person.staffId, s.person]));
  let recipientId: string | undefined;
  if (options.recipient) {
    const email = options.recipient.toLowerCase();
    recipientId = roster.find((s) => s.person.email.toLowerCase() === email)?.person.staffId;
    if (!recipientId)
      throw new UsageError(`nobody in the roster has the address ${options.recipient}`);
  }
  const emails = await ctx.ports.ledger.listTold(
    {
      ...(options.staff ? { staffId: options.staff } : {}),
      ...(recipientId ? { recipientId } : {}),
      from,
      to,
    },
    ctx.clockMs(),
  );
  const heard = await ctx.ports.deliveries.deliveryOf(
    emails.map((e) => e.messageId),
    ctx.clockMs(),
  );
  const deliveryOf = (messageId: string) => deliveryStatus(heard.get(messageId));
  const tellings = tellingsOf(emails, deliveryOf);
  const nameOf = (id: string) => `${id} ${people.get(id)?.name ?? ""}`.trim();
  if (options.format === "json") {
    const withDelivery = emails.map((e) => ({
      ...e,
      delivery: { status: deliveryOf(e.messageId), ...heard.get(e.messageId) },
    }));
    ctx.out(JSON.stringify({ from, to, emails: withDelivery, tellings }));
    return 0;
  }
  if (options.format === "csv") {
    const nameAlone = (id: string) => people.get(id)?.name ?? "";
    ctx.out(excelCsv(SENT_CSV_COLUMNS, sentCsvRows(emails, nameAlone, deliveryOf)).trimEnd());
    return 0;
  }
  ctx.out(
    `Sent ${from} to ${to}: ${emails.length} emails, ${tellings.length} items told (first told, then every day told)`,
  );
  for (const line of formatTellings(tellings, nameOf)) ctx.out(line);
  // Digests list nobody; they are evidence too that the senior managers were told.
  for (const e of emails.filter((e) => e.items.length === 0)) {
    const delivery = DELIVERY_WORDS[deliveryOf(e.messageId)];
    ctx.out(
      `${e.emailKind} to ${nameOf(e.recipientId)} on ${e.runDate}${e.scope ? ` (${e.scope})` : ""}${delivery ? `: ${delivery}` : ""}`,
    );
  }
  return 0;
}
