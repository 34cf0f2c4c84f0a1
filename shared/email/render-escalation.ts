import type { IsoDate, IsoMonth } from "../domain/dates";
import type { AuditGrade } from "../domain/records";
import type { ObligationKind } from "../domain/stage";
import {
  actionsSetBySentence,
  breakable,
  distinctNames,
  escapeHtml,
  lateness,
  listOr,
  monthName,
  OBLIGATION_LABEL,
  plural,
  ukDate,
} from "./labels";
import { dataTable, emailLayout, FONT } from "./layout";
import type { RenderedEmail } from "./render-reminder";

export interface EscalationItem {
  /** Tells apart two people of the same name (shown only then). */
  staffId: string;
  personName: string;
  team: string;
  supervisorName: string;
  kind: ObligationKind;
  dueDate: IsoDate;
  daysLate: number;
  /** A service manager's own file audit: the months gone by with none recorded. */
  monthsMissed?: IsoMonth[] | undefined;
  /** File audit actions: the audit below Good that set them. */
  setBy?: { date: IsoDate; grade: AuditGrade } | undefined;
}

export interface EscalationEmailView {
  recipientName: string;
  date: IsoDate;
  items: EscalationItem[];
  senderName: string;
}

interface PersonBlock {
  staffId: string;
  label: { name: string; team: string; id?: string };
  supervisorName: string;
  /** Their own monthly file audit: theirs to do, not their supervisor's. */
  own: boolean;
  items: EscalationItem[];
}

const INTRO =
  "The following have passed the policy's hard limits (e.g. no formal supervision for more than two months, no agreement within three months) and are still unresolved. Please follow up with their supervisors.";
const INTRO_OWN_AUDITS =
  "Service managers named for their own monthly file audit have recorded none for two months or more (policy 9.3): please follow that up with them.";
const INTRO_ONLY_OWN_AUDITS =
  "The following service managers have recorded no monthly file audit for two months or more (policy 9.3), past the policy's limit. Please follow up with them.";
const ACTIONS_NOTE =
  "File audit actions were set by an audit that graded the file below Good, and no later audit has graded it Good.";

/** The reader's words for an item: when it was due and how late, and what an audit item means. */
function line(i: EscalationItem): string {
  const base = `${OBLIGATION_LABEL[i.kind]}: was due ${ukDate(i.dueDate)}, ${lateness(i.daysLate)}`;
  const note = auditNote(i);
  return note ? `${base}. ${note}` : base;
}

function auditNote(i: EscalationItem): string | undefined {
  if (i.kind === "file_audit" && i.monthsMissed && i.monthsMissed.length > 0)
    return `None recorded for ${listOr(i.monthsMissed.map((m) => monthName(m)))}.`;
  if (i.kind === "audit_action" && i.setBy) return actionsSetBySentence(i.setBy);
  return undefined;
}
const FOOTER =
  "This escalation repeats weekly while unresolved and moves up a level if it stays unresolved.";

/**
 * The weekly escalation to a manager: who has passed a hard limit, by team, one block per
 * person with everything of theirs past the limit, latest first; a service manager's own file
 * audit in a block of its own, since it is theirs to do and not their supervisor's.
 */
export function renderEscalationEmail(view: EscalationEmailView): RenderedEmail {
  const labels = distinctNames(
    [...new Map(view.items.map((i) => [i.staffId, i])).values()].map((i) => ({
      staffId: i.staffId,
      name: i.personName,
      team: i.team,
    })),
  );
  // A service manager's own audit is a block of its own: a supervisor named above it would not
  // be the one who must act.
  const blocks = new Map<string, PersonBlock>();
  for (const item of view.items) {
    const own = item.kind === "file_audit";
    const key = `${item.staffId}#${own ? "own" : "supervised"}`;
    const block = blocks.get(key) ?? {
      staffId: item.staffId,
      label: labels.get(item.staffId) ?? { name: item.personName, team: item.team },
      supervisorName: item.supervisorName,
      own,
      items: [],
    };
    block.items.push(item);
    blocks.set(key, block);
  }
  const people = [...blocks.values()];
  for (const b of people) b.items.sort((x, y) => y.daysLate - x.daysLate);
  const latest = (b: PersonBlock) => b.items[0]?.daysLate ?? 0;
  const teams = [...new Set(people.map((b) => b.label.team))].sort().map((team) => ({
    team,
    people: people
      .filter((b) => b.label.team === team)
      .sort(
        (a, b) =>
          latest(b) - latest(a) ||
          a.label.name.localeCompare(b.label.name) ||
          a.staffId.localeCompare(b.staffId) ||
          Number(a.own) - Number(b.own),
      ),
  }));
  const headcount = new Set(people.map((b) => b.staffId)).size;
  const countIn = (blocksOfTeam: readonly PersonBlock[]) =>
    plural(new Set(blocksOfTeam.map((b) => b.staffId)).size, "person", "people");
  const subject = `Escalation: ${plural(headcount, "person", "people")} past the supervision policy limits`;
  // The team is the heading: a person's label names it again only to tell two apart.
  const nameOf = (b: PersonBlock) =>
    b.label.id ? `${b.label.name} (${b.label.id})` : b.label.name;
  const heading = (b: PersonBlock) =>
    b.own
      ? `${nameOf(b)}: their own monthly file audit`
      : `${nameOf(b)}, supervisor ${b.supervisorName}`;
  const ownAudits = people.some((b) => b.own);
  const intro = [
    ownAudits && people.every((b) => b.own) ? INTRO_ONLY_OWN_AUDITS : INTRO,
    ...(ownAudits && !people.every((b) => b.own) ? [INTRO_OWN_AUDITS] : []),
    ...(view.items.some((i) => i.kind === "audit_action") ? [ACTIONS_NOTE] : []),
  ].join(" ");

  const text = [
    `Dear ${view.recipientName},`,
    "",
    intro,
    "",
    ...teams.flatMap((t) => [
      `${t.team.toUpperCase()} (${countIn(t.people)})`,
      ...t.people.flatMap((b) => [heading(b), ...b.items.map((i) => `  - ${line(i)}`)]),
      "",
    ]),
    FOOTER,
    "",
    `${view.senderName}, ${ukDate(view.date)}`,
  ].join("\n");

  const person = (b: PersonBlock) =>
    `<tr><td style="padding:12px 20px 0 20px;">${dataTable({
      caption: heading(b),
      columns: [{ header: "Past the limit", style: "width:40%;" }, { header: "Since" }],
      rows: b.items.map((i) => {
        const note = auditNote(i);
        return [
          escapeHtml(OBLIGATION_LABEL[i.kind]),
          `was due ${ukDate(i.dueDate)}<br><strong style="color:#8a1c1c;">${escapeHtml(lateness(i.daysLate))}</strong>${note ? `<br>${escapeHtml(note)}` : ""}`,
        ];
      }),
    })}</td></tr>`;
  const rows = teams
    .map(
      (t) =>
        `<tr><td style="padding:20px 20px 0 20px;${FONT}font-size:17px;line-height:23px;font-weight:bold;color:#111827;">${breakable(t.team)} &middot; ${countIn(t.people)}</td></tr>\n${t.people.map(person).join("\n")}`,
    )
    .join("\n");
  const body = `<tr><td style="padding:4px 20px 8px 20px;${FONT}font-size:16px;line-height:22px;color:#111827;">Dear ${breakable(view.recipientName)},<br>${escapeHtml(intro)}</td></tr>\n${rows}`;
  const footer = `${escapeHtml(FOOTER)}<br>${escapeHtml(view.senderName)} &middot; ${ukDate(view.date)}`;
  return { subject, text, html: emailLayout({ title: subject, preheader: subject, body, footer }) };
}
