import type { ObligationKind, Stage } from "../domain/stage";

export const OBLIGATION_LABEL: Record<ObligationKind, string> = {
  supervision: "Supervision session",
  agreement: "Supervision agreement",
  agreement_review: "Agreement review",
  appraisal: "Appraisal",
  training: "Supervision training",
};

/** Words for each stage: the emails never rely on colour alone. */
export const STAGE_LABEL: Record<Stage, string> = {
  escalated: "Past the policy limit",
  overdue: "Overdue",
  due: "Due now",
  due_soon: "Due this week",
  paused: "Paused (absent)",
  not_due: "Not due",
};

/** Background and text colours chosen for at least 4.5:1 contrast. */
export const STAGE_COLOURS: Record<Stage, { background: string; text: string }> = {
  escalated: { background: "#fde8e8", text: "#8a1c1c" },
  overdue: { background: "#fff1e0", text: "#7a3b00" },
  due: { background: "#fff8d6", text: "#5c4a00" },
  due_soon: { background: "#e8f1fb", text: "#0b4a8b" },
  paused: { background: "#eeeeee", text: "#333333" },
  not_due: { background: "#eeeeee", text: "#333333" },
};

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A date as people in the UK write it: "Thu 5 Nov 2026". */
export function ukDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  })
    .format(new Date(Date.UTC(y, m - 1, d)))
    .replace(",", "");
}
