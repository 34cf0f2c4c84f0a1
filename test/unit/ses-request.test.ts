import fc from "fast-check";
import addressparser from "nodemailer/lib/addressparser";
import { describe, expect, it } from "vitest";
import { fromAddress } from "../../shared/adapters/ses/sender";
import { sendEmailInput } from "../../shared/adapters/ses/ses-email-sender";
import type { OutgoingEmail } from "../../shared/ports/email-sender";

const FROM = "supervision-reminders@example.gov.uk";

/** The display name back from RFC 2047 encoded-words (UTF-8, base64), checking each word's form. */
function decodeWords(phrase: string): string {
  return phrase
    .split(" ")
    .map((word) => {
      expect(word.length).toBeLessThanOrEqual(75);
      const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/]*={0,2})\?=$/.exec(word);
      if (!match) throw new Error(`not an encoded-word: ${word}`);
      // Each word holds whole characters: it decodes alone, strictly.
      const bytes = Buffer.from(match[1] as string, "base64");
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    })
    .join("");
}

/** The name as a mail reader reads it from `From:`. */
function nameOf(header: string): { name: string; address: string } {
  expect(header).not.toMatch(/[\r\n]/);
  const encoded = /^(=\?UTF-8\?B\?.*\?=) <([^<>]+)>$/.exec(header);
  if (encoded) return { name: decodeWords(encoded[1] as string), address: encoded[2] as string };
  const [parsed] = addressparser(header) as { name: string; address: string }[];
  return { name: parsed?.name ?? "", address: parsed?.address ?? "" };
}

/** Any name: any code points, and ASCII heavy with what a quoted string must escape. */
const senderNames = fc.oneof(
  fc.string({ unit: "binary", maxLength: 120, size: "large" }),
  fc.string({ unit: fc.constantFrom('"', "\\", "a", " ", "<", ">", ",", ";", "@", "(", ")") }),
);

describe("the From address SES v2 is given", () => {
  it("quotes a plain name, escaping quotes and backslashes", () => {
    const sender = { from: FROM, senderName: "Children's Services supervision reminders" };
    expect(fromAddress(sender)).toBe(`"Children's Services supervision reminders" <${FROM}>`);
    const awkward = { from: FROM, senderName: 'The "Workforce" team \\ North, East; <West>' };
    expect(fromAddress(awkward)).toBe(
      `"The \\"Workforce\\" team \\\\ North, East; <West>" <${FROM}>`,
    );
    expect(nameOf(fromAddress(awkward))).toEqual({ name: awkward.senderName, address: FROM });
  });

  it("encodes a name that is not ASCII as RFC 2047 words of whole characters", () => {
    const sender = { from: FROM, senderName: "Gwasanaethau Plant — goruchwyliaeth 👩🏽‍⚕️ Zoë" };
    const header = fromAddress(sender);
    expect(header).toMatch(/^=\?UTF-8\?B\?[^ ]+\?=( =\?UTF-8\?B\?[^ ]+\?=)+ </);
    expect(nameOf(header)).toEqual({ name: sender.senderName, address: FROM });
  });

  it("any name reads back exactly, on one line, in words of at most 75 characters", () => {
    fc.assert(
      fc.property(senderNames, (senderName) => {
        // A reader trims the spaces round a quoted name; an encoded one keeps every character.
        const quoted = /^[\x20-\x7e]*$/.test(senderName);
        expect(nameOf(fromAddress({ from: FROM, senderName }))).toEqual({
          name: quoted ? senderName.trim() : senderName,
          address: FROM,
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("the SES v2 SendEmail request", () => {
  const email: OutgoingEmail = {
    to: "dana.hughes@example.gov.uk",
    subject: "Supervision reminders: 2 due — Zoë",
    text: "Hello Dana,\n\n- Zoë (due 21 March)\n",
    html: "<p>Hello Dana,</p>\n<p>Zoë</p>",
    attachments: [
      {
        filename: "supervision-W3.ics",
        contentType: "text/calendar; charset=utf-8; method=PUBLISH",
        content: "BEGIN:VCALENDAR\r\nSUMMARY:Supervision: Zoë\r\n \\, folded\r\nEND:VCALENDAR\r\n",
      },
    ],
  };

  it("is simple content in UTF-8, from the sender's name, replies to the reply-to, one recipient", () => {
    const input = sendEmailInput(email, {
      from: FROM,
      senderName: "Reminders",
      replyTo: "workforce-team@example.gov.uk",
    });
    expect(input).toMatchObject({
      FromEmailAddress: `"Reminders" <${FROM}>`,
      Destination: { ToAddresses: ["dana.hughes@example.gov.uk"] },
      ReplyToAddresses: ["workforce-team@example.gov.uk"],
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: "UTF-8" },
          Body: {
            Text: { Data: "Hello Dana,\r\n\r\n- Zoë (due 21 March)\r\n", Charset: "UTF-8" },
            Html: { Data: "<p>Hello Dana,</p>\r\n<p>Zoë</p>", Charset: "UTF-8" },
          },
        },
      },
    });
    expect(Object.keys(input.Content ?? {})).toEqual(["Simple"]);
  });

  it("says it is automated, so out-of-office and other auto-replies stay quiet (RFC 3834, Exchange)", () => {
    const input = sendEmailInput(email, { from: FROM, senderName: "R" });
    expect(input.Content?.Simple?.Headers).toEqual([
      { Name: "Auto-Submitted", Value: "auto-generated" },
      { Name: "X-Auto-Response-Suppress", Value: "All" },
    ]);
    // SES's own rules for a header: printable ASCII, a name without ':'.
    for (const h of input.Content?.Simple?.Headers ?? []) {
      expect(h.Name).toMatch(/^[!-9;-@A-~]{1,126}$/);
      expect(h.Value).toMatch(/^[ -~]{1,870}$/);
    }
  });

  it("ends every line of the text and HTML bodies with CRLF, whatever breaks they came with, and changes nothing else", () => {
    // Lines of at least one character: a CR, an empty line and then an LF would be one CRLF.
    const line = fc.string({ unit: fc.constantFrom("a", "é", " ", "<", "\t"), minLength: 1 });
    const lines = fc.array(line, { maxLength: 8 });
    const breaks = fc.array(fc.constantFrom("\n", "\r", "\r\n"), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(lines, lines, breaks, (textLines, htmlLines, seps) => {
        const join = (parts: string[]) => parts.map((p, i) => p + (seps[i] ?? "")).join("");
        const body = sendEmailInput(
          { ...email, text: join(textLines), html: join(htmlLines) },
          { from: FROM, senderName: "R" },
        ).Content?.Simple?.Body;
        for (const [sent, parts] of [
          [body?.Text?.Data ?? "", textLines],
          [body?.Html?.Data ?? "", htmlLines],
        ] as const) {
          expect(sent).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
          expect(sent.split("\r\n").slice(0, parts.length)).toEqual(parts);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("attaches each file as its exact bytes, its type and name, as an attachment", () => {
    const [ics] = sendEmailInput(email, { from: FROM, senderName: "R" }).Content?.Simple
      ?.Attachments ?? [undefined];
    expect(ics).toMatchObject({
      FileName: "supervision-W3.ics",
      ContentType: "text/calendar; charset=utf-8; method=PUBLISH",
      ContentDisposition: "ATTACHMENT",
      ContentTransferEncoding: "BASE64",
    });
    expect(Buffer.from(ics?.RawContent ?? []).toString("utf8")).toBe(email.attachments[0]?.content);
  });

  it("has no reply-to or attachments when there are none", () => {
    const input = sendEmailInput({ ...email, attachments: [] }, { from: FROM, senderName: "R" });
    expect(input).not.toHaveProperty("ReplyToAddresses");
    expect(input.Content?.Simple).not.toHaveProperty("Attachments");
  });
});
