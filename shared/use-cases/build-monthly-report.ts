import { firstDayOfMonth, type IsoMonth } from "../domain/dates";
import {
  factsCoverMonth,
  type KpiPersonRow,
  kpiPeople,
  kpiPeopleFromFacts,
  type MonthlyKpi,
  summariseKpi,
} from "../domain/monthly-kpi";
import type { StaffStatus } from "../domain/records";
import type { Policy } from "../domain/settings/policy";
import type { SupervisionStore } from "../ports/supervision-store";

export interface MonthlyReport {
  kpi: MonthlyKpi;
  people: KpiPersonRow[];
}

export interface ReportDeps {
  store: SupervisionStore;
  policy: Policy;
  /** How far back a status item's facts reach (config: `table.factsWindowDays`). */
  factsWindowDays: number;
}

/**
 * The month's KPI. Inside the facts window the roster alone answers it (each status item
 * carries the person's sessions and absences); an older month also reads its own records.
 */
export async function buildMonthlyReport(
  month: IsoMonth,
  deps: ReportDeps,
): Promise<MonthlyReport> {
  return reportFromRoster(month, await deps.store.listStaff(firstDayOfMonth(month)), deps);
}

/**
 * The month's KPI from a roster already read, which may reach further back than the month
 * (the digest reads one roster for twelve months): people not employed in it are ignored.
 */
export async function reportFromRoster(
  month: IsoMonth,
  roster: readonly StaffStatus[],
  { store, policy, factsWindowDays }: ReportDeps,
): Promise<MonthlyReport> {
  // Who was employed in the month is the KPI's own first step: the roster may reach further.
  const people = factsCoverMonth(month, roster, factsWindowDays)
    ? kpiPeopleFromFacts(month, roster, policy.kpi)
    : kpiPeople(
        { month, roster: roster.map((s) => s.person), ...(await store.loadMonthRecords(month)) },
        policy.kpi,
      );
  return { kpi: summariseKpi(month, people, policy.kpi.targetPercent), people };
}
