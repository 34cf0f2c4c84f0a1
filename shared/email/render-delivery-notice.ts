import type { IsoDate } from "../domain/dates";
import type { ObligationKind, Stage } from "../domain/stage";
import {
  breakable,
  escapeHtml,
  fileAuditLabel,
  OBLIGATION_LABEL,
  plural,
  stageLabel,
  ukDate,
} from "./labels";
import { dataTable, emailLayout, FONT } from "./layout";
import type { RenderedEmail } from "./render-reminder";

export interface NoticeItem {
  /**
   * Whom the item is about: one of the bouncing person's supervisees, or themselves (a manager's
   * own monthly file audit is always their own).
   */
  personName: string;
  kind: ObligationKind;
  stage: Stage;
  dueDate: IsoDate;
}

export interface NoticePerson {
  name: string;
  team: string;
  bouncedOn: IsoDate;
  items: NoticeItem[];
}

export interface DeliveryNoticeView {
  recipientName: string;
  date: IsoDate;
  senderName: string;
  dueSoonDays: number;
  people: NoticePerson[];
}

/** The item in words; a file audit names its month (it is due on the month's last working day). */
function what(i: NoticeItem): string {
  return i.kind === "file_audit"
    ? capitalised(fileAuditLabel(i.dueDate))
    : OBLIGATION_LABEL[i.kind];
}

function capitalised(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ACTION =
  "Please check their email address with them and ask HR to correct it in the staff export; until then, please make sure what is listed below is followed up.";
const FOOTER =
  "Sent because the reminder email to this address came back as undeliverable. It repeats weekly until the address is corrected.";

/**
 * To a manager (or the admins): reminders to these people are not arriving, since their
 * address bounced, and here is what each was to be told today.
 */
export function renderDeliveryNotice(view: DeliveryNoticeView): RenderedEmail {
  const names = view.people.map((p) => p.name);
  const subject =
    view.people.length === 1
      ? `Supervision reminders to ${names[0]} are not arriving`
      : `Supervision reminders to ${plural(view.people.length, "person", "people")} are not arriving`;
  const line = (i: NoticeItem) =>
    `${i.kind === "file_audit" ? `Their own ${fileAuditLabel(i.dueDate)}` : `${i.personName}: ${what(i)}`} due ${ukDate(i.dueDate)} (${stageLabel(i.stage, view.dueSoonDays).toLowerCase()})`;
  const text = [
    `Dear ${view.recipientName},`,
    "",
    ...view.people.flatMap((p) => [
      `Reminders to ${p.name} (${p.team}) are not arriving: the email of ${ukDate(p.bouncedOn)} to their address was returned as undeliverable.`,
      `What they were to be told on ${ukDate(view.date)}:`,
      ...p.items.map((i) => `  - ${line(i)}`),
      "",
    ]),
    ACTION,
    "",
    FOOTER,
    "",
    `${view.senderName}, ${ukDate(view.date)}`,
  ].join("\n");
  const person = (p: NoticePerson) =>
    `<tr><td style="padding:12px 20px 0 20px;${FONT}font-size:16px;line-height:22px;color:#111827;">Reminders to <strong>${breakable(p.name)}</strong> (${breakable(p.team)}) are not arriving: the email of ${ukDate(p.bouncedOn)} to their address was returned as undeliverable.</td></tr>
<tr><td style="padding:8px 20px 0 20px;">${dataTable({
      caption: `What ${p.name} was to be told on ${ukDate(view.date)}`,
      columns: [{ header: "About", style: "width:35%;" }, { header: "What" }, { header: "Due" }],
      rows: p.items.map((i) => [
        i.kind === "file_audit" ? "Their own" : breakable(i.personName),
        `${escapeHtml(what(i))}<br>${escapeHtml(stageLabel(i.stage, view.dueSoonDays))}`,
        ukDate(i.dueDate),
      ]),
    })}</td></tr>`;
  const body = `<tr><td style="padding:4px 20px 8px 20px;${FONT}font-size:16px;line-height:22px;color:#111827;">Dear ${breakable(view.recipientName)},</td></tr>
${view.people.map(person).join("\n")}
<tr><td style="padding:16px 20px 0 20px;${FONT}font-size:16px;line-height:22px;color:#111827;">${escapeHtml(ACTION)}</td></tr>`;
  const footer = `${escapeHtml(FOOTER)}<br>${escapeHtml(view.senderName)} &middot; ${ukDate(view.date)}`;
  return { subject, text, html: emailLayout({ title: subject, preheader: subject, body, footer }) };
}
