import { mkdtempSync, readdirSync, rmSync } from "node:fs";
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

  it("turns anything but letters, digits, '.', '_' and '-' into '_', and no name starts with a dot", () => {
    expect(safeFileName("W1-reminder")).toBe("W1-reminder");
    expect(safeFileName("..")).toBe("_");
    expect(safeFileName("a/b\\c d")).toBe("a_b_c_d");
  });
});
