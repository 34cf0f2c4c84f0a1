import { createEvent } from "ics";
import { londonTimeToUtc } from "../domain/dates";
import type { EmailAttachment } from "../ports/email-sender";

export interface InviteRequest {
  staffId: string;
  personName: string;
  dueDate: string;
  /** The day proposed for the session (the next working day), local time `HH:MM` in London. */
  proposedDate: string;
  proposedTime: string;
  minutes: number;
}

/**
 * An .ics event the supervisor can drop into their calendar to book an overdue session. The
 * UID is stable per person and due date, so a repeat reminder updates the same event.
 */
export function supervisionInvite(request: InviteRequest): EmailAttachment {
  const start = londonTimeToUtc(request.proposedDate, request.proposedTime);
  const { error, value } = createEvent({
    uid: `supervision-${request.staffId}-${request.dueDate}@supervision-reminders`,
    method: "PUBLISH",
    title: `Supervision: ${request.personName}`,
    description: `Formal one-to-one supervision, due ${request.dueDate}. Move this to a time that suits you both.`,
    start: start.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: request.minutes },
    productId: "supervision-reminders",
  });
  if (error || !value)
    throw new Error(`could not build the invitation: ${error?.message ?? "no output"}`);
  return {
    filename: `supervision-${request.staffId}.ics`,
    contentType: "text/calendar; charset=utf-8; method=PUBLISH",
    content: value,
  };
}
