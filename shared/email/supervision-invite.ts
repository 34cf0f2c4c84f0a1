import { londonTimeToUtc } from "../domain/dates";
import type { EmailAttachment } from "../ports/email-sender";
import { text, utcDateTime, writeCalendar } from "./icalendar";

export interface InviteRequest {
  staffId: string;
  personName: string;
  dueDate: string;
  /** The day proposed for the session (a working day after the email), local time `HH:MM` in London. */
  proposedDate: string;
  proposedTime: string;
  minutes: number;
  /** The revision: higher with each later invitation for the same person and due date. */
  sequence: number;
}

/**
 * An .ics event the supervisor can drop into their calendar to book an overdue session. The
 * UID is stable per person and due date, and SEQUENCE grows with each later copy, so a repeat
 * reminder is read as a revision of the same event rather than a second one. It is published
 * (METHOD:PUBLISH), not a meeting request: there is no organiser to reply to. `nowMs` stamps
 * it (DTSTAMP: when this copy was made).
 */
export function supervisionInvite(request: InviteRequest, nowMs = Date.now()): EmailAttachment {
  const start = londonTimeToUtc(request.proposedDate, request.proposedTime);
  const content = writeCalendar({
    name: "VCALENDAR",
    properties: [
      ["VERSION", "2.0"],
      ["CALSCALE", "GREGORIAN"],
      ["PRODID", "supervision-reminders"],
      ["METHOD", "PUBLISH"],
      ["X-PUBLISHED-TTL", "PT1H"],
    ],
    components: [
      {
        name: "VEVENT",
        properties: [
          ["UID", text(`supervision-${request.staffId}-${request.dueDate}@supervision-reminders`)],
          ["SUMMARY", text(`Supervision: ${request.personName}`)],
          ["SEQUENCE", String(request.sequence)],
          ["DTSTAMP", utcDateTime(new Date(nowMs))],
          ["DTSTART", utcDateTime(start)],
          [
            "DESCRIPTION",
            text(
              `Formal one-to-one supervision, due ${request.dueDate}. Move this to a time that suits you both.`,
            ),
          ],
          ["DURATION", `PT${request.minutes}M`],
        ],
      },
    ],
  });
  return {
    filename: `supervision-${request.staffId}.ics`,
    contentType: "text/calendar; charset=utf-8; method=PUBLISH",
    content,
  };
}
