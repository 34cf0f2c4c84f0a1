import { addMonths, isIsoDate } from "../../domain/dates";
import { OBLIGATION_LABEL } from "../../email/labels";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

export interface SentOptions {
  staff?: string | undefined;
  recipient?: string | undefined;
  from?: string | undefined;
  json: boolean;
}

/** `sent`: the audit trail — what was sent about whom, to whom, and when. */
export async function sentCommand(options: SentOptions, ctx: CommandContext): Promise<number> {
  if (options.staff && options.recipient)
    throw new UsageError("sent takes --staff or --recipient, not both");
  if (options.from && !isIsoDate(options.from))
    throw new UsageError("--from needs a real date YYYY-MM-DD");
  const roster = await ctx.ports.store.listStaff();
  const people = new Map(roster.map((s) => [s.person.staffId, s.person]));
  let recipientId: string | undefined;
  if (options.recipient) {
    const email = options.recipient.toLowerCase();
    recipientId = roster.find((s) => s.person.email.toLowerCase() === email)?.person.staffId;
    if (!recipientId)
      throw new UsageError(`nobody in the roster has the address ${options.recipient}`);
  }
  const entries = await ctx.ports.ledger.listSent(
    {
      ...(options.staff ? { staffId: options.staff } : {}),
      ...(recipientId ? { recipientId } : {}),
      from: options.from ?? addMonths(ctx.today, -3),
      to: maxFuture(ctx.today),
    },
    ctx.clockMs(),
  );
  if (options.json) {
    ctx.out(JSON.stringify({ sent: entries }));
    return 0;
  }
  ctx.out(`${entries.length} notifications sent`);
  const name = (id: string) => `${id} ${people.get(id)?.name ?? ""}`.trim();
  for (const e of entries) {
    ctx.out(
      `${e.runDate}  ${e.sentAt.slice(0, 16).replace("T", " ")}Z  to ${name(e.recipientId)} (${e.emailKind})  about ${name(e.staffId)}: ${OBLIGATION_LABEL[e.kind]} ${e.stage.replace("_", " ")}, due ${e.dueDate}`,
    );
  }
  return 0;
}

/** Replayed runs may carry later business dates than today: list them too. */
function maxFuture(today: string): string {
  return addMonths(today, 12);
}
