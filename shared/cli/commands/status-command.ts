import { isIsoDate } from "../../domain/dates";
import { formatStatusDetail } from "../../reports/format-status";
import { buildStatus } from "../../use-cases/build-status";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

export async function statusCommand(
  date: string | undefined,
  json: boolean,
  ctx: CommandContext,
): Promise<number> {
  if (!date || !isIsoDate(date))
    throw new UsageError("status needs --date YYYY-MM-DD (a real date)");
  const board = await buildStatus(date, {
    store: ctx.ports.store,
    policy: ctx.config.policy,
    calendar: ctx.config.calendar,
  });
  if (board.notEvaluated.length > 0) {
    ctx.err(
      `${board.notEvaluated.length} person(s) could not be evaluated (a malformed stored record; import them again): ${board.notEvaluated.join(", ")}`,
    );
  }
  if (json) {
    const obligations = board.obligations.map(
      ({ staffId, supervisorId, kind, stage, dueDate }) => ({
        staffId,
        supervisorId: supervisorId ?? null,
        kind,
        stage,
        dueDate,
      }),
    );
    ctx.out(JSON.stringify({ date, obligations }));
  } else {
    ctx.out(formatStatusDetail(date, board.obligations, board.roster));
  }
  return 0;
}
