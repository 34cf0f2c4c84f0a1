import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EmailSender, OutgoingEmail } from "../../ports/email-sender";
import { composeMime } from "./mime";
import type { Sender } from "./sender";

/**
 * Keeps a copy of every email sent locally under `<dir>/<date>/`, as `.eml` (opens in Outlook
 * or Thunderbird) and `.html` (opens in a browser). Local runs only: never on AWS.
 */
export class OutboxEmailSender implements EmailSender {
  private count = 0;

  constructor(
    private readonly inner: EmailSender,
    private readonly dir: string,
    private readonly sender: Sender,
    private readonly dateOf: () => string,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const result = await this.inner.send(email);
    const folder = join(this.dir, this.dateOf());
    mkdirSync(folder, { recursive: true });
    // One email per recipient and kind a day: a resend after a failure replaces the copy.
    const name = safeFileName(email.tag ?? `email-${++this.count}`);
    writeFileSync(join(folder, `${name}.eml`), await composeMime(email, this.sender));
    writeFileSync(join(folder, `${name}.html`), email.html);
    return result;
  }

  folderFor(date: string): string {
    return join(this.dir, date);
  }
}

/** A tag carries ids from the data: never let one name a path outside the outbox. */
export function safeFileName(tag: string): string {
  return tag.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
}
