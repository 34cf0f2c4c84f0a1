/**
 * A small iCalendar (RFC 5545) writer: components of properties, TEXT escaped, lines folded at
 * 75 octets and ended by CRLF. It writes only what it is given; the invitation says what goes in.
 */

/** A property as it is written: its name (with any parameters) and its value, already encoded. */
export type CalendarProperty = readonly [name: string, value: string];

export interface CalendarComponent {
  /** `VCALENDAR`, `VEVENT`, … */
  name: string;
  properties: readonly CalendarProperty[];
  components?: readonly CalendarComponent[];
}

/** RFC 5545 §3.1: a content line SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

/** Control characters a TEXT value cannot hold (RFC 5545 §3.3.11 allows only HTAB): dropped. */
const FORBIDDEN_CONTROL = /[^\P{Cc}\t\n]/gu;

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped with a backslash, a
 * line break (LF, CRLF or CR) written `\n`; other control characters, which TEXT cannot hold,
 * are dropped.
 */
export function text(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(FORBIDDEN_CONTROL, "")
    .replace(/[\\;,\n]/g, (char) => (char === "\n" ? "\\n" : `\\${char}`));
}

/** A DATE-TIME in UTC (RFC 5545 §3.3.5, form #2): `20240701T090000Z`. */
export function utcDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/**
 * Folds a content line (RFC 5545 §3.1) into lines of at most 75 octets of UTF-8, each
 * continuation starting with one space (which counts), never splitting a character.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) as number);
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join("\r\n");
}

/** The iCalendar object: every content line folded and ended by CRLF. */
export function writeCalendar(calendar: CalendarComponent): string {
  return contentLines(calendar)
    .map((line) => `${foldLine(line)}\r\n`)
    .join("");
}

function contentLines(component: CalendarComponent): string[] {
  return [
    `BEGIN:${component.name}`,
    ...component.properties.map(([name, value]) => `${name}:${value}`),
    ...(component.components ?? []).flatMap(contentLines),
    `END:${component.name}`,
  ];
}

/** Octets of one code point in UTF-8 (a lone surrogate is written as U+FFFD: three). */
function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
