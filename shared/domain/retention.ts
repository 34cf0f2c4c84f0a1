/**
 * Epoch seconds at which a leaver's items may go: `keepDays` after their end date (policy 8.12:
 * at least two years). Nothing expires for someone still employed.
 */
export function leaverExpiry(endDate: string | undefined, keepDays: number): number | undefined {
  if (endDate === undefined) return undefined;
  return Math.floor(Date.parse(`${endDate}T00:00:00Z`) / 1000) + keepDays * 86_400;
}
