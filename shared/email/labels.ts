import { type IsoDate, type IsoMonth, monthOf } from "../domain/dates";
import type { AuditGrade } from "../domain/records";
import type { ObligationKind, Stage } from "../domain/stage";

export const OBLIGATION_LABEL: Record<ObligationKind, string> = {
  supervision: "Supervision session",
  agreement: "Supervision agreement",
  agreement_review: "Agreement review",
  appraisal: "Appraisal",
  training: "Supervision training",
  file_audit: "Monthly file audit",
  audit_action: "File audit actions",
};

/** The audit tool's grades as the tool writes them (Appendix 7). */
export const AUDIT_GRADE_LABEL: Record<AuditGrade, string> = {
  outstanding: "Outstanding",
  good: "Good",
  requires_improvement: "Requires Improvement",
  inadequate: "Inadequate",
};

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A month as people write it: "November 2026", or "Nov 2026" where room is short. */
export function monthName(month: IsoMonth, length: "long" | "short" = "long"): string {
  const [year, m] = month.split("-");
  const name = MONTH_NAMES[Number(m) - 1] ?? String(m);
  return `${length === "short" ? name.slice(0, 3) : name} ${year}`;
}

/** A service manager's own audit by the month it is for: "monthly file audit for November 2026". */
export function fileAuditLabel(dueDate: IsoDate): string {
  return `monthly file audit for ${monthName(monthOf(dueDate))}`;
}

/** Where file audit actions came from: the audit below Good that set them. */
export function actionsSetBySentence(setBy: { date: IsoDate; grade: AuditGrade }): string {
  return `Set by the file audit of ${ukDate(setBy.date)}, which graded the file ${AUDIT_GRADE_LABEL[setBy.grade]}.`;
}

/** "A", "A or B", "A, B or C", as a sentence says them. */
export function listOr(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** Words for each stage: the emails never rely on colour alone. */
export const STAGE_LABEL: Record<Stage, string> = {
  escalated: "Past the policy limit",
  overdue: "Overdue",
  due: "Due now",
  due_soon: "Due within 7 days",
  paused: "Paused (absent)",
  not_due: "Not due",
};

/** The stage in words, with the configured "due soon" window (`policy.dueSoonDays`). */
export function stageLabel(stage: Stage, dueSoonDays = 7): string {
  if (stage !== "due_soon") return STAGE_LABEL[stage];
  return dueSoonDays === 1 ? "Due tomorrow" : `Due within ${dueSoonDays} days`;
}

/**
 * How late, as a person would say it: "1 day late", "12 days late", "5 weeks late",
 * "4 months late", "over a year late", "over 3 years late". Exact days stop mattering after a
 * fortnight, and nobody needs "4780 days".
 */
export function lateness(days: number): string {
  if (days < 14) return `${plural(Math.max(0, days), "day")} late`;
  if (days < 63) return `${Math.floor(days / 7)} weeks late`;
  if (days < 365) return `${Math.max(2, Math.floor(days / 30.44))} months late`;
  const years = Math.floor(days / 365.25);
  return years < 2 ? "over a year late" : `over ${years} years late`;
}

/**
 * What to call each person in one email so that nobody can be taken for someone else: their
 * name and team, and their staff id too when another person in the email has the same name in
 * the same team. Letter case and spacing are ignored when comparing.
 */
export function distinctNames(
  people: readonly { staffId: string; name: string; team: string }[],
): Map<string, { name: string; team: string; id?: string }> {
  const key = (p: { name: string; team: string }) =>
    `${p.name.trim().replace(/\s+/g, " ").toLowerCase()}\u0000${p.team.trim().toLowerCase()}`;
  const ids = new Map<string, Set<string>>();
  for (const p of people) ids.set(key(p), (ids.get(key(p)) ?? new Set()).add(p.staffId));
  return new Map(
    people.map((p) => [
      p.staffId,
      (ids.get(key(p))?.size ?? 0) > 1
        ? { name: p.name, team: p.team, id: p.staffId }
        : { name: p.name, team: p.team },
    ]),
  );
}

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

/**
 * A name or team for HTML, escaped, with a break opportunity (`<wbr>`) every 8 characters of
 * any word longer than 12: ordinary words keep whole, and a 40-character token cannot widen
 * a column or heading past a phone's screen.
 */
export function breakable(text: string): string {
  return text
    .split(" ")
    .map((word) =>
      word.length <= 12
        ? escapeHtml(word)
        : (word.match(/.{1,8}/gsu) ?? []).map(escapeHtml).join("<wbr>"),
    )
    .join(" ");
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
