import { daysBetween, type IsoDate } from "../domain/dates";
import type { Obligation } from "../domain/obligations";
import type { StaffStatus } from "../domain/records";
import type { OpenStage } from "../domain/stage";
import { fileAuditLabel, OBLIGATION_LABEL, plural } from "../email/labels";

const STAGE_ORDER: OpenStage[] = ["escalated", "overdue", "due", "due_soon", "paused"];

const NO_SUPERVISOR = "(no supervisor on record)";

function bySupervisor(obligations: readonly Obligation[]): Map<string, Obligation[]> {
  const groups = new Map<string, Obligation[]>();
  for (const o of obligations) {
    const key = o.supervisorId ?? NO_SUPERVISOR;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return groups;
}

function stageCounts(obligations: readonly Obligation[]): string {
  return STAGE_ORDER.map(
    (stage) => [stage, obligations.filter((o) => o.stage === stage).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([stage, n]) => `${n} ${stage.replace("_", " ")}`)
    .join(", ");
}

/** One line per supervisor: who they are and how many of their obligations are at each stage. */
export function formatStatusSummary(
  date: IsoDate,
  obligations: readonly Obligation[],
  roster: readonly StaffStatus[],
): string {
  const names = new Map(roster.map((s) => [s.person.staffId, s.person]));
  const groups = bySupervisor(obligations);
  const lines = [...groups].map(([supervisorId, list]) => {
    const who = names.get(supervisorId);
    const label = who
      ? `${supervisorId} ${who.name} (${who.team})`
      : supervisorId === NO_SUPERVISOR
        ? supervisorId
        : `${supervisorId} (not in the active roster)`;
    return `  ${label.padEnd(48)} ${stageCounts(list)}`;
  });
  return [
    `Open obligations on ${date}: ${obligations.length} for ${groups.size} supervisors (${stageCounts(obligations)})`,
    ...lines,
  ].join("\n");
}

/** Every open obligation, grouped by supervisor, most urgent first. */
export function formatStatusDetail(
  date: IsoDate,
  obligations: readonly Obligation[],
  roster: readonly StaffStatus[],
): string {
  const names = new Map(roster.map((s) => [s.person.staffId, s.person]));
  const out = [`Open obligations on ${date}, by supervisor`];
  for (const [supervisorId, list] of bySupervisor(obligations)) {
    const who = names.get(supervisorId);
    out.push("", `${supervisorId}${who ? ` ${who.name} (${who.team})` : ""}: ${stageCounts(list)}`);
    const sorted = [...list].sort(
      (a, b) =>
        STAGE_ORDER.indexOf(a.stage as OpenStage) - STAGE_ORDER.indexOf(b.stage as OpenStage) ||
        a.dueDate.localeCompare(b.dueDate),
    );
    for (const o of sorted) {
      const late = daysBetween(o.dueDate, date);
      const when =
        late > 0
          ? `due ${o.dueDate}, ${plural(late, "day")} ago`
          : late === 0
            ? `due today`
            : `due ${o.dueDate}`;
      const person = names.get(o.staffId);
      // A file audit is the service manager's own to make (on someone else's file): it names
      // the month it is for (its due date is that month's last working day), and no person.
      const about =
        o.kind === "file_audit"
          ? `${fileAuditLabel(o.dueDate)} (their own)`
          : `${OBLIGATION_LABEL[o.kind].toLowerCase().padEnd(22)} ${o.staffId} ${person?.name ?? ""}`;
      out.push(`  ${o.stage.replace("_", " ").padEnd(9)} ${about} — ${when}`);
    }
  }
  return out.join("\n");
}
