import type { IsoDate } from "../domain/dates";
import type { ObligationKind } from "../domain/stage";
import {
  breakable,
  distinctNames,
  escapeHtml,
  lateness,
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
  items: EscalationItem[];
}

const INTRO =
  "The following have passed the policy's hard limits (e.g. no formal supervision for more than two months, no agreement within three months) and are still unresolved. Please follow up with their supervisors.";
const FOOTER =
  "This escalation repeats weekly while unresolved and moves up a level if it stays unresolved.";

/**
 * The weekly escalation to a manager: who has passed a hard limit, by team, one block per
 * person with everything of theirs past the limit (nobody appears twice), latest first.
 */
export function renderEscalationEmail(view: EscalationEmailView): RenderedEmail {
  const labels = distinctNames(
    [...new Map(view.items.map((i) => [i.staffId, i])).values()].map((i) => ({
      staffId: i.staffId,
      name: i.personName,
      team: i.team,
    })),
  );
  const blocks = new Map<string, PersonBlock>();
  for (const item of view.items) {
    const block = blocks.get(item.staffId) ?? {
      staffId: item.staffId,
      label: labels.get(item.staffId) ?? { name: item.personName, team: item.team },
      supervisorName: item.supervisorName,
      items: [],
    };
    block.items.push(item);
    blocks.set(item.staffId, block);
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
          a.staffId.localeCompare(b.staffId),
      ),
  }));
  const subject = `Escalation: ${plural(people.length, "person", "people")} past the supervision policy limits`;
  // The team is the heading: a person's label names it again only to tell two apart.
  const nameOf = (b: PersonBlock) =>
    b.label.id ? `${b.label.name} (${b.label.id})` : b.label.name;
  const line = (i: EscalationItem) =>
    `${OBLIGATION_LABEL[i.kind]}: was due ${ukDate(i.dueDate)}, ${lateness(i.daysLate)}`;

  const text = [
    `Dear ${view.recipientName},`,
    "",
    INTRO,
    "",
    ...teams.flatMap((t) => [
      `${t.team.toUpperCase()} (${plural(t.people.length, "person", "people")})`,
      ...t.people.flatMap((b) => [
        `${nameOf(b)}, supervisor ${b.supervisorName}`,
        ...b.items.map((i) => `  - ${line(i)}`),
      ]),
      "",
    ]),
    FOOTER,
    "",
    `${view.senderName}, ${ukDate(view.date)}`,
  ].join("\n");

  const person = (b: PersonBlock) =>
    `<tr><td style="padding:12px 20px 0 20px;">${dataTable({
      caption: `${nameOf(b)}, supervisor ${b.supervisorName}`,
      columns: [{ header: "Past the limit", style: "width:40%;" }, { header: "Since" }],
      rows: b.items.map((i) => [
        escapeHtml(OBLIGATION_LABEL[i.kind]),
        `was due ${ukDate(i.dueDate)}<br><strong style="color:#8a1c1c;">${escapeHtml(lateness(i.daysLate))}</strong>`,
      ]),
    })}</td></tr>`;
  const rows = teams
    .map(
      (t) =>
        `<tr><td style="padding:20px 20px 0 20px;${FONT}font-size:17px;line-height:23px;font-weight:bold;color:#111827;">${breakable(t.team)} &middot; ${plural(t.people.length, "person", "people")}</td></tr>\n${t.people.map(person).join("\n")}`,
    )
    .join("\n");
  const body = `<tr><td style="padding:4px 20px 8px 20px;${FONT}font-size:16px;line-height:22px;color:#111827;">Dear ${breakable(view.recipientName)},<br>${escapeHtml(INTRO)}</td></tr>\n${rows}`;
  const footer = `${escapeHtml(FOOTER)}<br>${escapeHtml(view.senderName)} &middot; ${ukDate(view.date)}`;
  return { subject, text, html: emailLayout({ title: subject, preheader: subject, body, footer }) };
}
