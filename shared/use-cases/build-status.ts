import { addMonthsToMonth, firstDayOfMonth, type IsoDate, monthOf } from "../domain/dates";
import type { Obligation } from "../domain/obligations";
import { evaluateRoster } from "../domain/open-obligations";
import type { StaffStatus } from "../domain/records";
import type { WorkingCalendar } from "../domain/settings/calendar";
import type { Policy } from "../domain/settings/policy";
import type { SupervisionStore } from "../ports/supervision-store";

export interface StatusBoard {
  date: IsoDate;
  obligations: Obligation[];
  /** The roster read to compute it, for naming people in reports. */
  roster: StaffStatus[];
  /** Staff ids whose record could not be evaluated; everyone else is in `obligations`. */
  notEvaluated: string[];
}

/**
 * Leavers' files are read back to the start of the month three months before: a service
 * manager's latest monthly audit may be of someone who has since left, and an audit older than
 * that leaves them past the two-month limit whichever month it was in.
 */
const AUDITED_LEAVERS_MONTHS = 3;

/** Open obligations on a date: one status item per person employed then (or since, for audits). */
export async function buildStatus(
  asOf: IsoDate,
  {
    store,
    policy,
    calendar,
  }: { store: SupervisionStore; policy: Policy; calendar: WorkingCalendar },
): Promise<StatusBoard> {
  const since = firstDayOfMonth(addMonthsToMonth(monthOf(asOf), -AUDITED_LEAVERS_MONTHS));
  const read = await store.listStaff(policy.audits.monthlyFrom === undefined ? asOf : since);
  const roster = read.filter(
    ({ person }) => !(person.endDate !== undefined && person.endDate < asOf),
  );
  return { date: asOf, ...evaluateRoster(asOf, roster, policy, calendar, read), roster };
}
