import fc from "fast-check";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { foldLine, text, utcDateTime, writeCalendar } from "../../shared/email/icalendar";
import { supervisionInvite } from "../../shared/email/supervision-invite";

/** The calendar's physical lines as bytes, split at CRLF; each must be whole UTF-8. */
function physicalLines(content: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(content);
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 2;
      i++;
    }
  }
  expect(start).toBe(bytes.length); // ends with CRLF, nothing after it
  return lines;
}

function expectWellFormed(content: string) {
  expect(content).not.toMatch(/\r(?!\n)|(?<!\r)\n/); // CRLF only
  const strict = new TextDecoder("utf-8", { fatal: true });
  for (const line of physicalLines(content)) {
    expect(line.length).toBeLessThanOrEqual(75);
    expect(() => strict.decode(line)).not.toThrow(); // no character split across a fold
  }
}

/** One event with this summary and description, parsed back by ical.js. */
function roundTrip(summary: string, description: string) {
  const content = writeCalendar({
    name: "VCALENDAR",
    properties: [
      ["VERSION", "2.0"],
      ["PRODID", "test"],
    ],
    components: [
      {
        name: "VEVENT",
        properties: [
          ["UID", text("u@test")],
          ["DTSTAMP", utcDateTime(new Date(Date.UTC(2024, 0, 1)))],
          ["DTSTART", utcDateTime(new Date(Date.UTC(2024, 0, 2, 9)))],
          ["SUMMARY", text(summary)],
          ["DESCRIPTION", text(description)],
        ],
      },
    ],
  });
  const event = new ICAL.Component(ICAL.parse(content)).getFirstSubcomponent("vevent");
  return {
    content,
    summary: event?.getFirstPropertyValue("summary"),
    description: event?.getFirstPropertyValue("description"),
  };
}

/** Text a name or description may hold: any printable Unicode, and the characters TEXT escapes. */
const awkward = fc.constantFrom(
  "\\",
  ";",
  ",",
  "\n",
  ":",
  '"',
  " ",
  "\t",
  "\\n",
  "\\,",
  "é",
  "ß",
  "中",
  "😀",
  "👩🏽‍⚕️",
  "e\u0301",
);
const calendarText = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: awkward },
  ),
  maxLength: 300,
  // Long enough to fold, often more than once (fast-check's default size keeps strings short).
  size: "large",
});

describe("iCalendar TEXT and folding (RFC 5545), read back by ical.js", () => {
  it("escapes backslash, semicolon, comma and line breaks", () => {
    expect(text("a\\b;c,d\ne")).toBe("a\\\\b\\;c\\,d\\ne");
    expect(text("one\r\ntwo\rthree")).toBe("one\\ntwo\\nthree");
    expect(text("tab\tkept, bell\u0007 and NUL\u0000 dropped")).toBe(
      "tab\tkept\\, bell and NUL dropped",
    );
  });

  it("folds at 75 octets, a continuation's leading space counted, never inside a character", () => {
    const ascii75 = `SUMMARY:${"x".repeat(67)}`;
    expect(foldLine(ascii75)).toBe(ascii75);
    expect(foldLine(`${ascii75}y`)).toBe(`${ascii75}\r\n y`);
    // 74 octets, then a two-octet character that would make 76: it starts the next line.
    expect(foldLine(`${"x".repeat(74)}é`)).toBe(`${"x".repeat(74)}\r\n é`);
    // A four-octet character at the edge, then a long continuation of 74 octets a line.
    const emoji = foldLine(`${"x".repeat(72)}😀${"y".repeat(150)}`).split("\r\n");
    expect(emoji[0]).toBe(`${"x".repeat(72)}`);
    expect(emoji[1]).toBe(` 😀${"y".repeat(70)}`);
    expect(emoji.slice(1).every((line) => line.startsWith(" "))).toBe(true);
    // Unfolding (CRLF and the one space removed) gives the line back.
    expect(emoji.join("\r\n").replace(/\r\n /g, "")).toBe(`${"x".repeat(72)}😀${"y".repeat(150)}`);
  });

  it("a UTC date-time in the basic form", () => {
    expect(utcDateTime(new Date(Date.UTC(2024, 6, 1, 9, 5, 7, 999)))).toBe("20240701T090507Z");
  });

  it("any summary and description round-trip exactly, in whole-UTF-8 lines of at most 75 octets", () => {
    fc.assert(
      fc.property(calendarText, calendarText, (summary, description) => {
        const parsed = roundTrip(summary, description);
        expectWellFormed(parsed.content);
        expect(parsed.summary).toBe(summary);
        expect(parsed.description).toBe(description);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the supervision invitation", () => {
  const request = {
    staffId: "W3",
    personName: "Zoë O'Brien-Ñúñez, Jr.; \\ the second",
    dueDate: "2024-06-01",
    proposedDate: "2024-07-01",
    proposedTime: "10:00",
    minutes: 90,
    sequence: 14,
  };
  const stamped = Date.UTC(2024, 5, 28, 6, 0, 12);

  it("is a published event ical.js reads: UID, stamp, start in UTC, duration, summary, description", () => {
    const invite = supervisionInvite(request, stamped);
    expectWellFormed(invite.content);
    expect(invite.filename).toBe("supervision-W3.ics");
    expect(invite.contentType).toBe("text/calendar; charset=utf-8; method=PUBLISH");
    const calendar = new ICAL.Component(ICAL.parse(invite.content));
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("prodid")).toBe("supervision-reminders");
    const vevent = calendar.getFirstSubcomponent("vevent");
    if (!vevent) throw new Error("no VEVENT");
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe("supervision-W3-2024-06-01@supervision-reminders");
    expect(event.summary).toBe(`Supervision: ${request.personName}`);
    expect(event.description).toBe(
      "Formal one-to-one supervision, due 2024-06-01. Move this to a time that suits you both.",
    );
    // 10:00 in London on 1 July is 09:00 UTC (BST); written in UTC, not floating.
    expect(event.startDate.zone?.tzid).toBe("UTC");
    expect(event.startDate.toJSDate().toISOString()).toBe("2024-07-01T09:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2024-07-01T10:30:00.000Z");
    const stamp = vevent.getFirstPropertyValue("dtstamp") as ICAL.Time;
    expect(stamp.toJSDate().getTime()).toBe(stamped);
    expect(event.sequence).toBe(14);
    expect(vevent.getAllProperties().map((p) => p.name)).toEqual([
      "uid",
      "summary",
      "sequence",
      "dtstamp",
      "dtstart",
      "description",
      "duration",
    ]);
  });

  it("is the same event for the same person and due date, whenever it is stamped", () => {
    const body = (ms: number) =>
      supervisionInvite(request, ms).content.replace(/^DTSTAMP:.*\r\n/m, "");
    expect(body(stamped)).toBe(body(stamped + 86_400_000));
  });

  it("a later copy is a revision of the same event: same UID, higher SEQUENCE, ical.js reads both", () => {
    const events = [0, 7, 9].map((sequence, i) => {
      const copy = supervisionInvite(
        { ...request, sequence, proposedDate: `2024-07-0${i + 1}` },
        stamped + i * 86_400_000,
      );
      expectWellFormed(copy.content);
      const vevent = new ICAL.Component(ICAL.parse(copy.content)).getFirstSubcomponent("vevent");
      if (!vevent) throw new Error("no VEVENT");
      return new ICAL.Event(vevent);
    });
    expect(new Set(events.map((e) => e.uid)).size).toBe(1);
    expect(events.map((e) => e.sequence)).toEqual([0, 7, 9]);
  });
});
