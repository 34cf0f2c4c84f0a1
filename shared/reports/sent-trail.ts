import type { IsoDate } from "../domain/dates";
import type { DeliveryStatus } from "../domain/delivery";
import type { EmailKind } from "../domain/reminder-plan";
import type { SentEmail } from "../domain/sent-trail";
import { type ObligationKind, STAGES, type Stage } from "../domain/stage";
import type { CsvCell } from "../email/excel-csv";
import { OBLIGATION_LABEL } from "../email/labels";

/**
 * One thing told to one recipient, across emails: an obligation (person, kind, due date) at a
 * stage, the day it was first told, and every day in the range it was told.
 */
export interface Telling {
  staffId: string;
  kind: ObligationKind;
  dueDate: IsoDate;
  stage: Stage;
  recipientId: string;
  emailKind: EmailKind;
  /** The day this recipient was first told (may be before the range). */
  firstTold: IsoDate;
  /** Each day in the range an email to them listed it, oldest first. */
  told: IsoDate[];
  /** What became of each of those emails, as SES reported it (same order as `told`). */
  delivery: DeliveryStatus[];
}

/** What became of one sent email (SES's delivery events), by message id. */
export type DeliveryOf = (messageId: string) => DeliveryStatus;

const NOTHING_HEARD: DeliveryOf = () => "no_feedback";

/** The trail's emails as tellings: by person, obligation, stage, then recipient. */
export function tellingsOf(
  emails: readonly SentEmail[],
  deliveryOf: DeliveryOf = NOTHING_HEARD,
): Telling[] {
  const found = new Map<string, Telling>();
  const days = new Map<string, Map<IsoDate, DeliveryStatus>>();
  for (const email of emails) {
    for (const item of email.items) {
      const id = [
        item.staffId,
        item.kind,
        item.dueDate,
        item.stage,
        email.recipientId,
        email.emailKind,
      ].join("#");
      const telling = found.get(id) ?? {
        staffId: item.staffId,
        kind: item.kind,
        dueDate: item.dueDate,
        stage: item.stage,
        recipientId: email.recipientId,
        emailKind: email.emailKind,
        firstTold: item.firstTold,
        told: [],
        delivery: [],
      };
      if (item.firstTold < telling.firstTold) telling.firstTold = item.firstTold;
      const told = days.get(id) ?? new Map<IsoDate, DeliveryStatus>();
      told.set(email.runDate, deliveryOf(email.messageId));
      days.set(id, told);
      found.set(id, telling);
    }
  }
  const tellings = [...found.values()];
  for (const [id, told] of days) {
    const telling = found.get(id) as Telling;
    telling.told = [...told.keys()].sort();
    telling.delivery = telling.told.map((day) => told.get(day) ?? "no_feedback");
  }
  return tellings.sort(
    (a, b) =>
      a.staffId.localeCompare(b.staffId) ||
      a.kind.localeCompare(b.kind) ||
      a.dueDate.localeCompare(b.dueDate) ||
      STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) ||
      a.recipientId.localeCompare(b.recipientId) ||
      a.emailKind.localeCompare(b.emailKind),
  );
}

/** A person as `sent` names them: id and, when still on the roster, name. */
export type NameOf = (staffId: string) => string;

/** `sent`'s text: each obligation once, then each stage told, to whom, first and every day. */
export function formatTellings(tellings: readonly Telling[], nameOf: NameOf): string[] {
  const lines: string[] = [];
  let heading = "";
  for (const t of tellings) {
    const about = `${nameOf(t.staffId)}: ${OBLIGATION_LABEL[t.kind]}, due ${t.dueDate}`;
    if (about !== heading) {
      lines.push(about);
      heading = about;
    }
    const days = t.told.map((day, i) => withDelivery(day, t.delivery[i]));
    lines.push(
      `  ${t.stage.replace("_", " ")}, to ${nameOf(t.recipientId)} (${t.emailKind}): first told ${t.firstTold}; told ${days.join(", ")}`,
    );
  }
  return lines;
}

/** Words for what SES reported; nothing is said while it has reported no more than the send. */
export const DELIVERY_WORDS: Record<DeliveryStatus, string> = {
  no_feedback: "",
  sent: "",
  delivered: "delivered",
  bounced_hard: "bounced (address does not exist)",
  bounced_soft: "bounced (temporary)",
  complained: "marked as spam",
  rejected: "rejected by SES",
  delayed: "delayed",
};

function withDelivery(day: IsoDate, status: DeliveryStatus | undefined): string {
  const words = status ? DELIVERY_WORDS[status] : "";
  return words ? `${day} (${words})` : day;
}

export const SENT_CSV_COLUMNS = [
  "run_date",
  "sent_at",
  "email",
  "recipient_id",
  "recipient",
  "staff_id",
  "name",
  "obligation",
  "stage",
  "due_date",
  "first_told",
  "new_or_repeated",
  "message_id",
  "delivery",
] as const;

/** One row per item per email: what each email said, for a spreadsheet (`nameOf`: the name alone). */
export function sentCsvRows(
  emails: readonly SentEmail[],
  nameOf: NameOf,
  deliveryOf: DeliveryOf = NOTHING_HEARD,
): CsvCell[][] {
  return emails.flatMap((e) =>
    e.items.map((i) => [
      e.runDate,
      e.sentAt,
      e.emailKind,
      e.recipientId,
      nameOf(e.recipientId),
      i.staffId,
      nameOf(i.staffId),
      OBLIGATION_LABEL[i.kind],
      i.stage.replace("_", " "),
      i.dueDate,
      i.firstTold,
      i.firstTold === e.runDate ? "new" : "repeated",
      e.messageId,
      deliveryOf(e.messageId).replace("no_feedback", ""),
    ]),
  );
}
