import { isIsoMonth } from "../../domain/dates";
import { formatKpiTable } from "../../reports/format-kpi-table";
import { buildMonthlyReport } from "../../use-cases/build-monthly-report";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

export async function reportCommand(
  month: string | undefined,
  json: boolean,
  ctx: CommandContext,
): Promise<number> {
  if (!month || !isIsoMonth(month)) throw new UsageError("report needs --month YYYY-MM");
  const { kpi } = await buildMonthlyReport(month, {
    store: ctx.ports.store,
    policy: ctx.config.policy,
    factsWindowDays: ctx.config.table.factsWindowDays,
  });
  ctx.out(json ? JSON.stringify(kpi) : formatKpiTable(kpi, ctx.config.policy.kpi.nearTargetPoints));
  return 0;
}
