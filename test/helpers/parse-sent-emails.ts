import { parse } from "csv-parse/sync";
import type { IsoDate } from "../../shared/domain/dates";
import type { StaffMember } from "../../shared/domain/records";
import type { ObligationKind, Stage } from "../../shared/domain/stage";
import { OBLIGATION_LABEL, stageLabel } from "../../shared/email/labels";

/** An email as the SES emulator stores it (its `/store`), with what a reader needs of it. */
export interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; content?: string }[];
}

/** One item an email showed its reader: about whom, what, and (when the email says) at which stage. */
export interface ReadItem {
  staffId: string;
  kind: ObligationKind;
  dueDate: IsoDate;
  /** Absent for the backlog, whose attachment does not say. */
  stage?: Stage;
  backlog: boolean;
}

/** What a reader of one email can tell from the email alone. */
export interface ReadEmail {
  messageId: string;
  recipientId: string;
  emailKind: "reminder" | "escalation";
  /** The day in the email's sign-off. */
  signedOn: IsoDate;
  items: ReadItem[];
  /** People whose heading fitted two in the roster, told apart by their records (`HadOpen`). */
  toldApart: string[];
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Wed 6 Mar 2024" back to 2024-03-06 (en-GB writes September "Sept"). */
function isoFromUk(text: string): IsoDate {
  const match = /^\w{3} (\d{1,2}) (\w{3,4}) (\d{4})$/.exec(text);
  const month = MONTHS.indexOf(match?.[2]?.slice(0, 3) ?? "");
  if (!match || month < 0) throw new Error(`not a UK date: ${text}`);
  return `${match[3]}-${String(month + 1).padStart(2, "0")}-${(match[1] as string).padStart(2, "0")}`;
}

function invert<K extends string>(labels: Record<K, string>): Map<string, K> {
  return new Map(Object.entries(labels).map(([k, v]) => [v as string, k as K]));
}

/** Whether this person had this obligation open on that day (from their records, not the ledger). */
export type HadOpen = (
  staffId: string,
  kind: ObligationKind,
  dueDate: IsoDate,
  day: IsoDate,
) => boolean;

/** A person's block in an email: whom its heading could name, and the items beneath it. */
interface Block {
  shown: string;
  candidates: StaffMember[];
  items: Omit<ReadItem, "staffId">[];
}

/**
 * Reads the sent emails as their recipients would: the plain-text part (one block per person,
 * items beneath) and, for the backlog, the attached CSV. People are found by what the email
 * shows (name and team, the staff id only when two in one email share both) and mapped to
 * staff ids through the roster, never through anything the sender recorded.
 *
 * The roster may hold two people of one name and team, with one supervisor, while an email
 * lists only one of them and so shows no id: then the person is the one whose records had
 * every item of the block open that day (`hadOpen`); anything else is an error.
 */
export function readSentEmails(
  emails: readonly StoredEmail[],
  roster: readonly StaffMember[],
  options: { dueSoonDays: number; hadOpen: HadOpen },
): ReadEmail[] {
  const byEmail = new Map(roster.map((p) => [p.email.toLowerCase(), p]));
  const byId = new Map(roster.map((p) => [p.staffId, p]));
  const kinds = invert(OBLIGATION_LABEL);
  const stages = new Map(
    (["escalated", "overdue", "due", "due_soon", "paused", "not_due"] as const).map((s) => [
      stageLabel(s, options.dueSoonDays),
      s,
    ]),
  );
  const kindOf = (label: string) => {
    const kind = kinds.get(label);
    if (!kind) throw new Error(`unknown item: ${label}`);
    return kind;
  };

  return emails.map((email) => {
    const to = email.destination.to[0] ?? "";
    const recipient = byEmail.get(to.replace(/^.*<(.*)>$/, "$1").toLowerCase());
    if (!recipient) throw new Error(`email to nobody on the roster: ${to}`);
    const lines = (email.body.text ?? "").split(/\r?\n/);
    const signOff = [...lines].reverse().find((l) => l.trim() !== "") ?? "";
    const signedOn = isoFromUk(signOff.replace(/^.*, /, ""));
    const escalation = email.subject.startsWith("Escalation:");
    const blocks: Block[] = [];
    let team: string | undefined;
    for (const line of lines) {
      if (line === "BACKLOG FROM BEFORE GO-LIVE") break;
      const item = /^ {2}- ([^:]+): (.*)$/.exec(line);
      if (item) {
        const block = blocks[blocks.length - 1];
        if (!block) throw new Error(`an item before any person: ${line}`);
        const [, label, rest] = item as unknown as [string, string, string];
        if (escalation) {
          const due = /^was due (\w{3} \d{1,2} \w{3,4} \d{4}), /.exec(rest);
          if (!due) throw new Error(`unread escalation item: ${line}`);
          block.items.push({
            kind: kindOf(label),
            dueDate: isoFromUk(due[1] as string),
            stage: "escalated",
            backlog: false,
          });
        } else {
          const parts =
            /^(.+?), (?:was due|due since|due today,|due) (\w{3} \d{1,2} \w{3,4} \d{4})[,.]/.exec(
              rest,
            );
          const stage = stages.get(parts?.[1] ?? "");
          if (!parts || !stage) throw new Error(`unread reminder item: ${line}`);
          block.items.push({
            kind: kindOf(label),
            dueDate: isoFromUk(parts[2] as string),
            stage,
            backlog: false,
          });
        }
        continue;
      }
      if (escalation) {
        // "FRONT DOOR (3 people)", then "Name[ (id)], supervisor Name" under it.
        const heading = /^(.+) \(\d+ (?:person|people)\)$/.exec(line);
        const headed = roster.find((p) => p.team.toUpperCase() === heading?.[1]);
        if (heading && headed) {
          team = headed.team;
          continue;
        }
        const who = /^(.+), supervisor (.+)$/.exec(line);
        if (who && team) {
          const [, shown, supervisor] = who as unknown as [string, string, string];
          const withId = /^(.+) \((\S+)\)$/.exec(shown);
          const candidates = roster.filter(
            (p) =>
              p.team === team &&
              byId.get(p.supervisorId ?? "")?.name === supervisor &&
              (withId ? p.name === withId[1] && p.staffId === withId[2] : p.name === shown),
          );
          blocks.push({ shown, candidates, items: [] });
        }
        continue;
      }
      // "Name (Team)" or "Name (Team, id)", its items on the lines beneath: one of the
      // recipient's own supervisees.
      const candidates = roster.filter(
        (p) =>
          p.supervisorId === recipient.staffId &&
          (line === `${p.name} (${p.team})` || line === `${p.name} (${p.team}, ${p.staffId})`),
      );
      if (candidates.length > 0) blocks.push({ shown: line, candidates, items: [] });
    }
    const toldApart: string[] = [];
    const items: ReadItem[] = blocks.flatMap((block) => {
      const fit =
        block.candidates.length > 1
          ? block.candidates.filter((p) =>
              block.items.every((i) => options.hadOpen(p.staffId, i.kind, i.dueDate, signedOn)),
            )
          : block.candidates;
      if (fit.length !== 1)
        throw new Error(`"${block.shown}" to ${recipient.staffId} names ${fit.length} people`);
      const staffId = (fit[0] as StaffMember).staffId;
      if (block.candidates.length > 1) toldApart.push(staffId);
      return block.items.map((i) => ({ staffId, ...i }));
    });
    for (const attachment of email.attachments) {
      if (!/^supervision-backlog-.*\.csv$/.test(attachment.filename ?? "")) continue;
      const rows = parse(Buffer.from(attachment.content ?? "", "base64").toString("utf8"), {
        bom: true,
        columns: true,
      }) as Record<string, string>[];
      for (const row of rows)
        items.push({
          staffId: row.staff_id as string,
          kind: kindOf(row.item as string),
          dueDate: row.was_due as string,
          backlog: true,
        });
    }
    return {
      messageId: email.messageId,
      recipientId: recipient.staffId,
      emailKind: escalation ? "escalation" : "reminder",
      signedOn,
      items,
      toldApart,
    };
  });
}
