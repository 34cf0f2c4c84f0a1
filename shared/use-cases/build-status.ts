import type { IsoDate } from "../domain/dates";
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

/** Open obligations on a date: one status item per active person, nothing else read. */
export async function buildStatus(
  asOf: IsoDate,
  {
    store,
    policy,
    calendar,
  }: { store: SupervisionStore; policy: Policy; calendar: WorkingCalendar },
): Promise<StatusBoard> {
  const roster = await store.listStaff(asOf);
  return { date: asOf, ...evaluateRoster(asOf, roster, policy, calendar), roster };
}
