import { type IsoDate, type IsoMonth, monthOf } from "../domain/dates";
import type { AuditGrade } from "../domain/records";
import { type ObligationKind, STAGE_SEVERITY, type Stage } from "../domain/stage";
import type { EmailRhythm } from "../domain/todays-emails";
import {
  actionsSetBySentence,
  breakable,
  distinctNames,
  escapeHtml,
  fileAuditLabel,
  lateness,
  monthName,
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
  /**
   * A file audit (always the recipient's own, never a supervisee's): the file drawn for them
   * for its month, when the digest before it drew one. Without it, they choose a file.
   */
  drawnFile?: { name: string; team?: string | undefined } | undefined;
  /** A file audit: the month of the draw named (or, with none, the month to choose for). */
  fileMonth?: IsoMonth | undefined;
  /** A file audit when behind: this month, whose one audit settles the months missed. */
  catchUpMonth?: IsoMonth | undefined;
  /** File audit actions: the audit below Good that set them. */
  setBy?: { date: IsoDate; grade: AuditGrade } | undefined;
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

/** The recipient's own monthly file audit: their task, not a supervisee's (policy 9.3). */
export function isOwnTask(item: Pick<ReminderItem, "kind">): boolean {
  return item.kind === "file_audit";
}

/** The stages a subject counts, most urgent first. */
const SUBJECT_STAGES = ["escalated", "overdue", "due", "due_soon"] as const;

/** A stage as the subject says it: "past the limit", "overdue", "due now", "due within 7 days". */
function subjectStage(stage: Stage, dueSoonDays: number): string {
  if (stage === "escalated") return "past the limit";
  if (stage === "due") return "due now";
  return stageLabel(stage, dueSoonDays).toLowerCase();
}

/**
 * e.g. "Supervision: 2 overdue, 1 due within 7 days" — the counts a supervisor acts on. The
 * recipient's own file audit is said first, in words, and not counted with their supervisees'
 * items: "Supervision update: your monthly file audit is overdue; 1 due now".
 */
export function reminderSubject(
  items: readonly ReminderItem[],
  dueSoonDays = 7,
  backlog?: ReminderBacklog,
  rhythm?: EmailRhythm,
): string {
  const backlogItems = backlog?.counts.reduce((n, c) => n + c.count, 0) ?? 0;
  const theirs = items.filter((i) => !isOwnTask(i));
  const parts: [number, string][] = [
    ...SUBJECT_STAGES.map((stage): [number, string] => [
      count(theirs, stage),
      subjectStage(stage, dueSoonDays),
    ]),
    [backlogItems, "in the backlog from before go-live"],
  ];
  const own = items.filter(isOwnTask).sort(byUrgency)[0];
  const counts = parts
    .filter(([n]) => n > 0)
    .map(([n, label]) => `${n} ${label}`)
    .join(", ");
  const said = [
    own ? `your monthly file audit is ${subjectStage(own.stage, dueSoonDays)}` : "",
    counts,
  ].filter((part) => part);
  return `${SUBJECT_START[rhythm ?? "daily"]}: ${said.join("; ")}`;
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

/** What the item is: a supervisee's "Appraisal", or "Your monthly file audit for November 2026". */
function itemLabel(item: ReminderItem): string {
  return isOwnTask(item) ? `Your ${fileAuditLabel(item.dueDate)}` : OBLIGATION_LABEL[item.kind];
}

/**
 * What an audit item says besides its stage, in HTML (`html`) or as text: which file to audit,
 * or which audit set the actions. Nothing for other kinds.
 */
function auditNote(item: ReminderItem, html = false): string | undefined {
  const text = (t: string) => (html ? escapeHtml(t) : t);
  if (isOwnTask(item)) {
    const file = item.drawnFile;
    const month = item.fileMonth ?? monthOf(item.dueDate);
    const settles = item.catchUpMonth
      ? text(` One audit in ${monthName(item.catchUpMonth)} settles the months missed.`)
      : "";
    if (!file)
      return `${text(
        `No file was drawn for you for ${monthName(month)}: choose one supervision file from one of your teams (policy 9.3).`,
      )}${settles}`;
    const name = html ? `<strong>${breakable(file.name)}</strong>` : file.name;
    const team = file.team ? `, ${html ? breakable(file.team) : file.team}` : "";
    return `${text(`File drawn for you for ${monthName(month)}: `)}${name}${team}.${settles}`;
  }
  if (item.kind === "audit_action" && item.setBy) return text(actionsSetBySentence(item.setBy));
  return undefined;
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
const INTRO_OWN_FIRST =
  "Your own monthly file audit comes first, then the supervisees who need something from you. Supervision is formal one-to-one; group and peer sessions do not count towards it.";
const INTRO_OWN_ONLY = "Your own monthly file audit needs your attention.";

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
const FOOTER_AUDITS =
  "Record sessions and audits in the usual system; this reminder stops once they are recorded. Never reply with notes about children.";

/** The supervisor's reminder: pure, view model in, subject/text/html out. */
export function renderReminderEmail(view: ReminderEmailView): RenderedEmail {
  const dueSoonDays = view.dueSoonDays ?? 7;
  const own = view.items.filter(isOwnTask).sort(byUrgency);
  const blocks = blocksOf(view.items.filter((i) => !isOwnTask(i)));
  const subject = reminderSubject(view.items, dueSoonDays, view.backlog, view.rhythm?.kind);
  const note = rhythmNote(view.rhythm);
  const invites = view.items.some((i) => i.invitation);
  const { backlog } = view;
  const intro = own.length === 0 ? INTRO : blocks.length > 0 ? INTRO_OWN_FIRST : INTRO_OWN_ONLY;
  const footerText = view.items.some((i) => isOwnTask(i) || i.kind === "audit_action")
    ? FOOTER_AUDITS
    : FOOTER;
  const line = (i: ReminderItem) =>
    [
      `${itemLabel(i)}: ${stageLabel(i.stage, dueSoonDays)}, ${when(i)}.`,
      invitationNote(i) ? ` ${invitationNote(i)}.` : "",
      // A supervisee's item keeps to one line; the own audit's file goes on the next.
      !isOwnTask(i) && auditNote(i) ? ` ${auditNote(i)}` : "",
    ].join("");

  const text = [
    `Dear ${view.recipientName},`,
    "",
    intro,
    ...(note ? [note] : []),
    "",
    // Not "  - " items: those belong to the supervisee named above them.
    ...own.flatMap((i) => [line(i), auditNote(i) as string, ""]),
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
    footerText,
    "",
    `${view.senderName}, ${ukDate(view.date)}`,
  ].join("\n");

  const badge = (stage: Stage) => {
    const colours = STAGE_COLOURS[stage];
    return `<span style="display:inline-block;background:${colours.background};color:${colours.text};border:1px solid ${colours.text};padding:0 6px;font-weight:bold;white-space:nowrap;">${escapeHtml(stageLabel(stage, dueSoonDays))}</span>`;
  };
  const statusCell = (i: ReminderItem) => {
    const note = invitationNote(i);
    const audit = auditNote(i, true);
    return `${badge(i.stage)}<br>${escapeHtml(when(i))}${note ? `<br><span style="color:#0b4a8b;font-weight:bold;">&#10003; ${escapeHtml(note)}</span>` : ""}${audit ? `<br>${audit}` : ""}`;
  };
  const table = (caption: string, items: readonly ReminderItem[]) =>
    `<tr><td style="padding:14px 20px 0 20px;">${dataTable({
      caption,
      columns: [{ header: "What", style: "width:40%;" }, { header: "Where it stands" }],
      rows: items.map((i) => [escapeHtml(itemLabel(i)), statusCell(i)]),
    })}</td></tr>`;
  const person = (b: PersonBlock) => table(personLabel(b.label), b.items);
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
      `Dear ${breakable(view.recipientName)},<br>${escapeHtml(intro)}${note ? ` ${escapeHtml(note)}` : ""}`,
    ),
    own.length > 0 ? table("For you to do", own) : "",
    ...blocks.map(person),
    invites ? paragraph(escapeHtml(INVITES), 15) : "",
    backlogSection,
  ]
    .filter((part) => part)
    .join("\n");
  const footer = `${escapeHtml(footerText)}<br>${escapeHtml(view.senderName)} &middot; ${ukDate(view.date)}`;
  const people = plural(blocks.length, "supervisee");
  const needs = blocks.length === 1 ? "needs" : "need";
  return {
    subject,
    text,
    html: emailLayout({
      title: subject,
      // No names: a preheader shows on phones' lock screens.
      preheader:
        own.length > 0
          ? blocks.length > 0
            ? `Your monthly file audit, and ${people} who ${needs} something from you`
            : "Your monthly file audit"
          : blocks.length > 0
            ? `${people} ${needs} something from you`
            : "The backlog from before go-live, still open",
      body,
      footer,
    }),
  };
}
