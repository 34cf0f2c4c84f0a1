import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OutboxEmailSender, safeFileName } from "../../shared/adapters/ses/outbox-email-sender";
import type { EmailSender } from "../../shared/ports/email-sender";

describe("the local outbox", () => {
  const dir = mkdtempSync(join(tmpdir(), "outbox-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps every copy inside its own folder, whatever the tag holds", async () => {
    const inner: EmailSender = { send: async () => ({ messageId: "m1" }) };
    const outbox = new OutboxEmailSender(
      inner,
      join(dir, "outbox"),
      { from: "a@b.c", senderName: "Supervision reminders" },
      () => "2024-03-20",
    );
    await outbox.send({
      to: "x@example.gov.uk",
      subject: "s",
      text: "t",
      html: "<p>h</p>",
      attachments: [],
      tag: "../../escaped-reminder",
    });
    expect(readdirSync(dir)).toEqual(["outbox"]);
    expect(readdirSync(join(dir, "outbox", "2024-03-20")).sort()).toEqual([
      "__.._escaped-reminder.eml",
      "__.._escaped-reminder.html",
    ]);
  });

  it("writes the .eml with CRLF line endings only (RFC 5322), the .ics inside it byte for byte", async () => {
    const inner: EmailSender = { send: async () => ({ messageId: "m2" }) };
    const outbox = new OutboxEmailSender(
      inner,
      join(dir, "crlf"),
      { from: "a@b.c", senderName: "Supervision reminders", replyTo: "r@b.c" },
      () => "2024-03-20",
    );
    const ics = "BEGIN:VCALENDAR\r\nSUMMARY:Zoë\r\nEND:VCALENDAR\r\n";
    await outbox.send({
      to: "x@example.gov.uk",
      subject: "Reminders",
      text: "Hello,\n\n- one\r- two\n",
      html: "<p>Hello,</p>\n<ul><li>one</li></ul>\r\n",
      attachments: [{ filename: "s.ics", contentType: "text/calendar", content: ics }],
      tag: "W1-reminder",
    });
    const eml = readFileSync(join(dir, "crlf", "2024-03-20", "W1-reminder.eml"), "utf8");
    expect(eml).toMatch(/^From: "?Supervision reminders"? <a@b\.c>\r\n/m);
    expect(eml).toContain("- one\r\n- two\r\n");
    expect(eml).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    const headers = eml.slice(0, eml.indexOf("\r\n\r\n"));
    expect(headers).toMatch(/^Auto-Submitted: auto-generated\r$/m);
    expect(headers).toMatch(/^X-Auto-Response-Suppress: All\r$/m);
    expect(eml).toContain(Buffer.from(ics).toString("base64"));
  });

  it("turns anything but letters, digits, '.', '_' and '-' into '_', and no name starts with a dot", () => {
    expect(safeFileName("W1-reminder")).toBe("W1-reminder");
    expect(safeFileName("..")).toBe("_");
    expect(safeFileName("a/b\\c d")).toBe("a_b_c_d");
  });
});
