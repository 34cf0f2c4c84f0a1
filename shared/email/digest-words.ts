/**
 * How the digest writes months, days and percentages, and the shape of a part of its detail:
 * shared by the page's view (`digest-view.ts`) and its quality section's.
 */

import { monthName } from "./labels";

/** "2025-11" as "Nov 2025". */
export function monthLabel(month: string): string {
  return monthName(month, "short");
}

/** "2025-11-30" as "30 Nov 2025". */
export function dayLabel(date: string): string {
  return `${Number(date.slice(8, 10))} ${monthLabel(date.slice(0, 7))}`;
}

export const pct = (n: number | null) => (n === null ? "n/a" : `${n.toFixed(1)}%`);

/** A titled part of the detail: sentences, and names grouped by team. */
export interface DetailSection {
  title: string;
  lines: string[];
  /**
   * People by team: their names, or only how many when the list is too long for the page; or,
   * for a team's figures rather than its people, those in words (`figure`).
   */
  groups: { team: string; count: number; names: string[]; figure?: string }[];
}
