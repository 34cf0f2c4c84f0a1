import type { IsoDate } from "../domain/dates";
import { type ObligationKind, STAGE_SEVERITY, type Stage } from "../domain/stage";
import type { EmailRhythm } from "../domain/todays-emails";
import {
  breakable,
  distinctNames,
  escapeHtml,
  lateness,
  OBLIGATION_LABEL,
  plural,
  STAGE_COLOURS,
  stageLabel,
  ukDate,
} from "./labels";
import { dataTable, emailLayout, FONT } from "./layout";

export interface ReminderItem {
  /** Tells apart two people of the same name (shown only then). */
  staffId: string;
  personName: string;
  team: string;
  kind: ObligationKind;
  stage: Stage;
  dueDate: IsoDate;
  /** Days past the due date; 0 or less when not yet overdue. */
  daysLate: number;
  /** The session an attached .ics invitation proposes for this item (London time). */
  invitation?: { date: IsoDate; time: string } | undefined;
}

/**
 * Items that were already overdue when reminders began (the go-live date): not listed one by
 * one, but counted in a short section, with their names in an attached CSV.
 */
export interface ReminderBacklog {
  goLiveDate: IsoDate;
  /** How many of each kind, in the order shown. */
  counts: { kind: ObligationKind; count: number }[];
  people: number;
  /** The attachment that names them. */
  csvFilename: string;
}

/** Which kind of reminder this is, and when the next weekly summary goes. */
export interface ReminderRhythm {
  kind: EmailRhythm;
  nextSummaryDay: IsoDate;
}

export interface ReminderEmailView {
  recipientName: string;
  date: IsoDate;
  items: ReminderItem[];
  senderName: string;
  /** `policy.dueSoonDays`: what "due soon" means, in words (default 7). */
  dueSoonDays?: number;
  backlog?: ReminderBacklog | undefined;
  /** Without it, a plain list of everything open (as a daily recipient gets). */
  rhythm?: ReminderRhythm | undefined;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

function count(items: readonly ReminderItem[], stage: Stage) {
  return items.filter((i) => i.stage === stage).length;
}

/** e.g. "Supervision: 2 overdue, 1 due within 7 days" — the counts a supervisor acts on. */
export function reminderSubject(
  items: readonly ReminderItem[],
  dueSoonDays = 7,
  backlog?: ReminderBacklog,
  rhythm?: EmailRhythm,
): string {
  const backlogItems = backlog?.counts.reduce((n, c) => n + c.count, 0) ?? 0;
  const parts = [
    [count(items, "escalated"), "past the limit"],
    [count(items, "overdue"), "overdue"],
    [count(items, "due"), "due now"],
    [count(items, "due_soon"), stageLabel("due_soon", dueSoonDays).toLowerCase()],
    [backlogItems, "in the backlog from before go-live"],
  ] as const;
  return `${SUBJECT_START[rhythm ?? "daily"]}: ${parts
    .filter(([n]) => n > 0)
    .map(([n, label]) => `${n} ${label}`)
    .join(", ")}`;
}

/** Lateness is only spoken of once something is overdue; before that, when it fell due. */
function when(item: ReminderItem): string {
  const due = ukDate(item.dueDate);
  if (item.stage === "overdue" || item.stage === "escalated") {
    return `was due ${due}, ${lateness(item.daysLate)}`;
  }
  if (item.daysLate > 0) return `due since ${due}`;
  if (item.daysLate === 0) return `due today, ${due}`;
  return `due ${due}`;
}

function invitationNote(item: ReminderItem): string | undefined {
  if (!item.invitation) return undefined;
  return `Invitation attached: ${ukDate(item.invitation.date)}, ${item.invitation.time}`;
}

/** One supervisee with everything open for them, most urgent first. */
interface PersonBlock {
  staffId: string;
  label: { name: string; team: string; id?: string };
  items: ReminderItem[];
}

const byUrgency = (a: ReminderItem, b: ReminderItem) =>
  STAGE_SEVERITY[b.stage] - STAGE_SEVERITY[a.stage] || a.dueDate.localeCompare(b.dueDate);

/** One block per supervisee, whoever needs the most urgent action first. */
function blocksOf(items: readonly ReminderItem[]): PersonBlock[] {
  const labels = distinctNames(
    [...new Map(items.map((i) => [i.staffId, i])).values()].map((i) => ({
      staffId: i.staffId,
      name: i.personName,
      team: i.team,
    })),
  );
  const blocks = new Map<string, PersonBlock>();
  for (const item of items) {
    const block = blocks.get(item.staffId) ?? {
      staffId: item.staffId,
      label: labels.get(item.staffId) ?? { name: item.personName, team: item.team },
      items: [],
    };
    block.items.push(item);
    blocks.set(item.staffId, block);
  }
  const list = [...blocks.values()];
  for (const b of list) b.items.sort(byUrgency);
  return list.sort(
    (a, b) =>
      byUrgency(a.items[0] as ReminderItem, b.items[0] as ReminderItem) ||
      a.label.name.localeCompare(b.label.name) ||
      a.staffId.localeCompare(b.staffId),
  );
}

/** "Uma Green (Front Door)", or "Uma Green (Front Door, S00123)" when two share both. */
export function personLabel(label: { name: string; team: string; id?: string }): string {
  const where = [label.team, label.id].filter((part) => part).join(", ");
  return where ? `${label.name} (${where})` : label.name;
}

function backlogTotal(backlog: ReminderBacklog): number {
  return backlog.counts.reduce((n, c) => n + c.count, 0);
}

function backlogIntro(backlog: ReminderBacklog): string {
  return `Already overdue when reminders began on ${ukDate(backlog.goLiveDate)}, and still open: ${plural(backlogTotal(backlog), "item")} for ${plural(backlog.people, "person", "people")}.`;
}

function backlogWho(backlog: ReminderBacklog): string {
  return `Who and what: the attached ${backlog.csvFilename} (opens in Excel). They are not listed above; this summary comes weekly until the backlog is cleared.`;
}

const SUBJECT_START: Record<EmailRhythm, string> = {
  weekly_summary: "Weekly supervision summary",
  update: "Supervision update",
  daily: "Supervision",
};

const INTRO =
  "These supervisees need something from you. Supervision is formal one-to-one; group and peer sessions do not count towards it.";

/** What kind of email this is, in a sentence after the introduction. */
function rhythmNote(rhythm: ReminderRhythm | undefined): string | undefined {
  if (rhythm?.kind === "weekly_summary")
    return `This is your weekly summary: everything open, and what falls due before the next one on ${ukDate(rhythm.nextSummaryDay)}. In between, you hear only when something goes overdue or past the limit.`;
  if (rhythm?.kind === "update")
    return `Since your last weekly summary, these have gone overdue or past the limit, with anything else now due or due before the next one. Everything else is as in that summary; the next comes on ${ukDate(rhythm.nextSummaryDay)}.`;
  return undefined;
}
const INVITES =
  "Each attached invitation (.ics) proposes a time for an overdue supervision: open it to add the session to your calendar, then move it to a time that suits you both.";
const FOOTER =
  "Record sessions in the usual system; this reminder stops once they are recorded. Never reply with notes about children.";

/** The supervisor's reminder: pure, view model in, subject/text/html out. */
export function renderReminderEmail(view: ReminderEmailView): RenderedEmail {
  const dueSoonDays = view.dueSoonDays ?? 7;
  const blocks = blocksOf(view.items);
  const subject = reminderSubject(view.items, dueSoonDays, view.backlog, view.rhythm?.kind);
  const note = rhythmNote(view.rhythm);
  const invites = view.items.some((i) => i.invitation);
  const { backlog } = view;
  const line = (i: ReminderItem) =>
    [
      `${OBLIGATION_LABEL[i.kind]}: ${stageLabel(i.stage, dueSoonDays)}, ${when(i)}.`,
      invitationNote(i) ? ` ${invitationNote(i)}.` : "",
    ].join("");

  const text = [
    `Dear ${view.recipientName},`,
    "",
    INTRO,
    ...(note ? [note] : []),
    "",
    ...blocks.flatMap((b) => [personLabel(b.label), ...b.items.map((i) => `  - ${line(i)}`), ""]),
    ...(invites ? [INVITES, ""] : []),
    ...(backlog
      ? [
          "BACKLOG FROM BEFORE GO-LIVE",
          backlogIntro(backlog),
          ...backlog.counts.map((c) => `  - ${OBLIGATION_LABEL[c.kind]}: ${c.count}`),
          backlogWho(backlog),
          "",
        ]
      : []),
    FOOTER,
    "",
    `${view.senderName}, ${ukDate(view.date)}`,
  ].join("\n");

  const badge = (stage: Stage) => {
    const colours = STAGE_COLOURS[stage];
    return `<span style="display:inline-block;background:${colours.background};color:${colours.text};border:1px solid ${colours.text};padding:0 6px;font-weight:bold;white-space:nowrap;">${escapeHtml(stageLabel(stage, dueSoonDays))}</span>`;
  };
  const statusCell = (i: ReminderItem) => {
    const note = invitationNote(i);
    return `${badge(i.stage)}<br>${escapeHtml(when(i))}${note ? `<br><span style="color:#0b4a8b;font-weight:bold;">&#10003; ${escapeHtml(note)}</span>` : ""}`;
  };
  const person = (b: PersonBlock) =>
    `<tr><td style="padding:14px 20px 0 20px;">${dataTable({
      caption: personLabel(b.label),
      columns: [{ header: "What", style: "width:40%;" }, { header: "Where it stands" }],
      rows: b.items.map((i) => [escapeHtml(OBLIGATION_LABEL[i.kind]), statusCell(i)]),
    })}</td></tr>`;
  const paragraph = (html: string, size = 16) =>
    `<tr><td style="padding:14px 20px 0 20px;${FONT}font-size:${size}px;line-height:${size + 6}px;color:#111827;">${html}</td></tr>`;
  const backlogSection = backlog
    ? `<tr><td style="padding:20px 20px 0 20px;${FONT}font-size:17px;line-height:23px;font-weight:bold;color:#111827;">Backlog from before go-live</td></tr>
${paragraph(escapeHtml(backlogIntro(backlog)), 15)}
<tr><td style="padding:8px 20px 0 20px;">${dataTable({
        caption: "Backlog by kind",
        hideCaption: true,
        columns: [{ header: "Item" }, { header: "Open", align: "right" }],
        rows: backlog.counts.map((c) => [escapeHtml(OBLIGATION_LABEL[c.kind]), String(c.count)]),
      })}</td></tr>
${paragraph(breakable(backlogWho(backlog)), 15)}`
    : "";

  const body = [
    paragraph(
      `Dear ${breakable(view.recipientName)},<br>${escapeHtml(INTRO)}${note ? ` ${escapeHtml(note)}` : ""}`,
    ),
    ...blocks.map(person),
    invites ? paragraph(escapeHtml(INVITES), 15) : "",
    backlogSection,
  ]
    .filter((part) => part)
    .join("\n");
  const footer = `${escapeHtml(FOOTER)}<br>${escapeHtml(view.senderName)} &middot; ${ukDate(view.date)}`;
  const people = plural(blocks.length, "supervisee");
  return {
    subject,
    text,
    html: emailLayout({
      title: subject,
      // No names: a preheader shows on phones' lock screens.
      preheader:
        blocks.length > 0
          ? `${people} need${blocks.length === 1 ? "s" : ""} something from you`
          : "The backlog from before go-live, still open",
      body,
      footer,
    }),
  };
}
