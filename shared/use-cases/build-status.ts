import type { Policy } from "../config/policy";
import type { IsoDate } from "../domain/dates";
import type { Obligation } from "../domain/obligations";
import { openObligations } from "../domain/open-obligations";
import type { StaffStatus, SupervisionStore } from "../ports/supervision-store";

export interface StatusBoard {
  date: IsoDate;
  obligations: Obligation[];
  /** The roster read to compute it, for naming people in reports. */
  roster: StaffStatus[];
}

/** Open obligations on a date: one status item per active person, nothing else read. */
export async function buildStatus(
  asOf: IsoDate,
  { store, policy }: { store: SupervisionStore; policy: Policy },
): Promise<StatusBoard> {
  const roster = await store.listStaff(asOf);
  return { date: asOf, obligations: openObligations(asOf, roster, policy), roster };
}
