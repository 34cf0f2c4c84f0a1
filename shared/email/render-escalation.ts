import type { IsoDate } from "../domain/dates";
import type { ObligationKind } from "../domain/stage";
import { escapeHtml, OBLIGATION_LABEL, plural, ukDate } from "./labels";
import { emailLayout, FONT } from "./layout";
import type { RenderedEmail } from "./render-reminder";

export interface EscalationItem {
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

/** The weekly escalation to a manager: who has passed a hard limit, by team. */
export function renderEscalationEmail(view: EscalationEmailView): RenderedEmail {
  const people = new Set(view.items.map((i) => `${i.personName}|${i.team}`)).size;
  const subject = `Escalation: ${plural(people, "person", "people")} past the supervision policy limits`;
  const teams = [...new Set(view.items.map((i) => i.team))].sort();
  const byTeam = teams.map((team) => ({
    team,
    items: view.items
      .filter((i) => i.team === team)
      .sort((a, b) => b.daysLate - a.daysLate || a.personName.localeCompare(b.personName)),
  }));
  const intro =
    "The following have passed the policy's hard limits (e.g. no formal supervision for more than two months, no agreement within three months) and are still unresolved. Please follow up with their supervisors.";
  const line = (i: EscalationItem) =>
    `${i.personName}: ${OBLIGATION_LABEL[i.kind]}, was due ${ukDate(i.dueDate)} (${plural(i.daysLate, "day")} late); supervisor ${i.supervisorName}`;

  const text = [
    `Dear ${view.recipientName},`,
    "",
    intro,
    "",
    ...byTeam.flatMap((t) => [
      `${t.team} (${t.items.length})`,
      ...t.items.map((i) => `- ${line(i)}`),
      "",
    ]),
    `This escalation repeats weekly while unresolved and moves up a level if it stays unresolved.`,
    "",
    `${view.senderName}, ${ukDate(view.date)}`,
  ].join("\n");

  const rows = byTeam
    .map(
      (
        t,
      ) => `<tr><td style="padding:16px 20px 4px 20px;${FONT}font-size:16px;line-height:22px;font-weight:bold;color:#111827;">${escapeHtml(t.team)} &middot; ${t.items.length}</td></tr>
${t.items
  .map(
    (
      i,
    ) => `<tr><td style="padding:6px 20px;${FONT}font-size:16px;line-height:22px;color:#111827;border-bottom:1px solid #f3f4f6;">
<strong>${escapeHtml(i.personName)}</strong><br>${escapeHtml(OBLIGATION_LABEL[i.kind])} &middot; was due ${ukDate(i.dueDate)} &middot; <strong style="color:#8a1c1c;">${escapeHtml(plural(i.daysLate, "day"))} late</strong><br>
<span style="color:#4b5563;">Supervisor: ${escapeHtml(i.supervisorName)}</span></td></tr>`,
  )
  .join("\n")}`,
    )
    .join("\n");
  const body = `<tr><td style="padding:4px 20px 8px 20px;${FONT}font-size:16px;line-height:22px;color:#111827;">Dear ${escapeHtml(view.recipientName)},<br>${escapeHtml(intro)}</td></tr>\n${rows}`;
  const footer = `This escalation repeats weekly while unresolved and moves up a level if it stays unresolved.<br>${escapeHtml(view.senderName)} &middot; ${ukDate(view.date)}`;
  return { subject, text, html: emailLayout({ title: subject, preheader: subject, body, footer }) };
}
