import { londonDateOf } from "../../domain/dates";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

/**
 * `bounced --staff ID [--clear]`: whether a person's address is on record as bouncing (their
 * reminders held back, their manager told), and with `--clear` that it works again: after the
 * mailbox was restored at the same address, and removed from SES's suppression list.
 */
export async function bouncedCommand(
  options: { staff?: string | undefined; clear: boolean },
  ctx: CommandContext,
): Promise<number> {
  const staffId = options.staff;
  if (!staffId) throw new UsageError("bounced needs --staff ID");
  const { deliveries } = ctx.ports;
  const bounce = (await deliveries.bouncedAddresses([staffId], ctx.clockMs())).get(staffId);
  if (!bounce) {
    ctx.out(`${staffId}: no bounced address on record; their reminders go as usual.`);
    return 0;
  }
  const told = bounce.noticeOn ? `; their manager was last told on ${bounce.noticeOn}` : "";
  ctx.out(
    `${staffId}: their address bounced on ${londonDateOf(new Date(bounce.at))} (SES message ${bounce.messageId})${told}.`,
  );
  if (!options.clear) {
    ctx.out(
      "Their reminders are held back while the roster has that address. If it works again, run this with --clear.",
    );
    return 0;
  }
  await deliveries.clearAddressBounced(
    staffId,
    new Date(ctx.clockMs()).toISOString(),
    ctx.clockMs(),
  );
  ctx.out("Cleared: their reminders go to their address again from the next run.");
  return 0;
}
