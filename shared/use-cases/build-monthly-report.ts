import { firstDayOfMonth, type IsoMonth } from "../domain/dates";
import { type KpiPersonRow, kpiPeople, type MonthlyKpi, summariseKpi } from "../domain/monthly-kpi";
import type { Policy } from "../domain/settings/policy";
import type { SupervisionStore } from "../ports/supervision-store";

export interface MonthlyReport {
  kpi: MonthlyKpi;
  people: KpiPersonRow[];
}

/** The month's KPI from the roster employed in the month plus that month's records only. */
export async function buildMonthlyReport(
  month: IsoMonth,
  { store, policy }: { store: SupervisionStore; policy: Policy },
): Promise<MonthlyReport> {
  const [staff, records] = await Promise.all([
    store.listStaff(firstDayOfMonth(month)),
    store.loadMonthRecords(month),
  ]);
  const people = kpiPeople({ month, roster: staff.map((s) => s.person), ...records }, policy.kpi);
  return { kpi: summariseKpi(month, people, policy.kpi.targetPercent), people };
}
