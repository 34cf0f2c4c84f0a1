import { addDays, addMonths, daysBetween, type IsoDate, maxDate } from "./dates";
import type { StaffMember } from "./records";

export interface SupervisionHistory {
  /** Formal sessions in the 12 months up to and including `asOf`. */
  formalSessionsLast12Months: number;
  /** Longest stretch in days, within those 12 months, between formal sessions (or up to `asOf`). */
  longestGapDays: number;
}

/**
 * Sessions in the last year and the longest gap: the policy minimum is 10 a year and nobody
 * goes more than two months without one (policy 4.1, 4.2).
 */
export function supervisionHistory(
  person: StaffMember,
  formalSessions: readonly IsoDate[],
  asOf: IsoDate,
): SupervisionHistory {
  const windowStart = addMonths(asOf, -12);
  const upToDate = formalSessions.filter((d) => d <= asOf);
  const inWindow = upToDate.filter((d) => d > windowStart);
  const before = upToDate.filter((d) => d <= windowStart).at(-1);
  const from = before ?? maxDate(windowStart, person.startDate);
  const points = [from, ...inWindow, asOf];
  let longestGapDays = 0;
  for (let i = 1; i < points.length; i++) {
    longestGapDays = Math.max(
      longestGapDays,
      daysBetween(points[i - 1] as string, points[i] as string),
    );
  }
  return { formalSessionsLast12Months: inWindow.length, longestGapDays };
}

/**
 * Whether the yearly minimum of formal sessions applies on `asOf`: to someone employed for the
 * whole of the 12 months `formalSessionsLast12Months` counts (after the day 12 months earlier,
 * up to `asOf`), as the digest and the supervision record both judge it.
 */
export function minimumSessionsApply(person: Pick<StaffMember, "startDate">, asOf: IsoDate) {
  return person.startDate <= addDays(addMonths(asOf, -12), 1);
}
