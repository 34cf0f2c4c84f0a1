import type { IsoDate } from "../domain/dates";
import type { ObligationKind, Stage } from "../domain/stage";
import { escapeHtml, OBLIGATION_LABEL, plural, STAGE_COLOURS, STAGE_LABEL, ukDate } from "./labels";
import { emailLayout, FONT } from "./layout";

export interface ReminderItem {
  personName: string;
  team: string;
  kind: ObligationKind;
  stage: Stage;
  dueDate: IsoDate;
  /** Days past the due date; 0 or less when not yet overdue. */
  daysLate: number;
}

export interface ReminderEmailView {
  recipientName: string;
  date: IsoDate;
  items: ReminderItem[];
  senderName: string;
  /** Set when an .ics invitation is attached for each overdue supervision. */
  invitesAttached: number;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const STAGE_ORDER: Stage[] = ["escalated", "overdue", "due", "due_soon"];

function count(items: ReminderItem[], stage: Stage) {
  return items.filter((i) => i.stage === stage).length;
}

/** e.g. "Supervision: 2 overdue, 1 due this week" — the counts a supervisor acts on. */
export function reminderSubject(items: ReminderItem[]): string {
  const parts = [
    [count(items, "escalated"), "past the limit"],
    [count(items, "overdue"), "overdue"],
    [count(items, "due"), "due now"],
    [count(items, "due_soon"), "due this week"],
  ] as const;
  return `Supervision: ${parts
    .filter(([n]) => n > 0)
    .map(([n, label]) => `${n} ${label}`)
    .join(", ")}`;
}

/** Lateness is only spoken of once something is overdue; before that, when it fell due. */
function when(item: ReminderItem): string {
  const due = ukDate(item.dueDate);
  if (item.stage === "overdue" || item.stage === "escalated") {
    return `was due ${due}, ${plural(item.daysLate, "day")} late`;
  }
  if (item.daysLate > 0) return `due since ${due}`;
  if (item.daysLate === 0) return `due today, ${due}`;
  return `due ${due}`;
}

/** The supervisor's reminder: pure, view model in, subject/text/html out. */
export function renderReminderEmail(view: ReminderEmailView): RenderedEmail {
  const groups = STAGE_ORDER.map((stage) => ({
    stage,
    items: view.items
      .filter((i) => i.stage === stage)
      .sort(
        (a, b) => a.dueDate.localeCompare(b.dueDate) || a.personName.localeCompare(b.personName),
      ),
  })).filter((g) => g.items.length > 0);
  const subject = reminderSubject(view.items);
  const intro = `These supervisees need something from you. Supervision is formal one-to-one; group and peer sessions do not count towards it.`;
  const inviteNote =
    view.invitesAttached > 0
      ? `An invitation (.ics) is attached for each overdue supervision: open it to add the session to your calendar, then move it to a time that suits.`
      : "";

  const text = [
    `Dear ${view.recipientName},`,
    "",
    intro,
    "",
    ...groups.flatMap((g) => [
      `${STAGE_LABEL[g.stage].toUpperCase()} (${g.items.length})`,
      ...g.items.map(
        (i) => `- ${i.personName} (${i.team}): ${OBLIGATION_LABEL[i.kind]}, ${when(i)}`,
      ),
      "",
    ]),
    ...(inviteNote ? [inviteNote, ""] : []),
    `Record sessions in the usual system; this reminder stops once they are recorded. Never reply with notes about children.`,
    "",
    `${view.senderName}, ${ukDate(view.date)}`,
  ].join("\n");

  const rows = groups
    .map((g) => {
      const colours = STAGE_COLOURS[g.stage];
      const heading = `<tr><td style="padding:16px 20px 4px 20px;${FONT}font-size:16px;line-height:22px;font-weight:bold;color:${colours.text};">
<span style="display:inline-block;background:${colours.background};color:${colours.text};border:1px solid ${colours.text};padding:2px 8px;">${escapeHtml(STAGE_LABEL[g.stage])}</span> ${g.items.length}</td></tr>`;
      const lines = g.items
        .map(
          (
            i,
          ) => `<tr><td style="padding:6px 20px;${FONT}font-size:16px;line-height:22px;color:#111827;border-bottom:1px solid #f3f4f6;">
<strong>${escapeHtml(i.personName)}</strong> <span style="color:#4b5563;">(${escapeHtml(i.team)})</span><br>
${escapeHtml(OBLIGATION_LABEL[i.kind])} &middot; ${escapeHtml(when(i))}</td></tr>`,
        )
        .join("\n");
      return `${heading}\n${lines}`;
    })
    .join("\n");

  const body = `<tr><td style="padding:4px 20px 8px 20px;${FONT}font-size:16px;line-height:22px;color:#111827;">Dear ${escapeHtml(view.recipientName)},<br>${escapeHtml(intro)}</td></tr>
${rows}
${inviteNote ? `<tr><td style="padding:16px 20px 0 20px;${FONT}font-size:15px;line-height:21px;color:#111827;">${escapeHtml(inviteNote)}</td></tr>` : ""}`;
  const footer = `Record sessions in the usual system; this reminder stops once they are recorded. Never reply with notes about children.<br>${escapeHtml(view.senderName)} &middot; ${ukDate(view.date)}`;
  return {
    subject,
    text,
    html: emailLayout({
      title: subject,
      preheader: `${view.items.length} supervision items need you`,
      body,
      footer,
    }),
  };
}
