import { afterEach, describe, expect, it } from "vitest";
import { createSesClient } from "../../shared/adapters/ses/ses-client";
import { SesEmailSender } from "../../shared/adapters/ses/ses-email-sender";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { SendingPausedError } from "../../shared/ports/email-sender";
import { closedPort } from "../helpers/closed-port";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { sesRefuses } from "../helpers/ses-refusals";
import { tableContents } from "../helpers/table-contents";

const DAY = "2024-03-20"; // a Wednesday
const files = toCsvBuffers(
  generateDepartment({ asOf: DAY, socialWorkers: 33, historyMonths: 6, seed: 11 }),
);

let harness: ReminderHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function failedClaims(h: ReminderHarness) {
  return (await tableContents(h.dynamo.documents, h.tableName)).filter(
    (i) => i.kind === "email" && i.status === "failed",
  );
}

describe("sends that certainly did not leave (real SDK client, SES emulator, dynalite)", () => {
  it("an unreachable SES stops the run, incomplete, recording the error code; the recovery run counts no duplicates", async () => {
    harness = await startReminderHarness(files);
    const h = harness;
    const unreachable = new SesEmailSender({
      client: createSesClient({
        region: "eu-west-2",
        endpoint: `http://127.0.0.1:${await closedPort()}`,
      }),
      sender: { from: h.config.email.from, senderName: h.config.email.senderName },
      maxRatePerSecond: 200,
      throttleRetries: 2,
    });
    const first = await h.run(DAY, { mailer: unreachable });
    expect(first).toMatchObject({
      sent: 0,
      failed: 1,
      complete: false,
      stoppedBecause: "sending_paused",
    });
    const failures = await failedClaims(h);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ reason: "ECONNREFUSED", outcomeUnknown: false });

    const recovery = await h.run(DAY);
    expect(recovery).toMatchObject({ failed: 0, possibleDuplicates: 0, complete: true });
    expect(recovery.sent).toBe(recovery.recipients);
    expect((await h.emails()).length).toBe(recovery.sent);
  });

  it("a DNS failure is likewise a certain non-send, reported by its code", async () => {
    const nowhere = new SesEmailSender({
      // .invalid never resolves (RFC 6761).
      client: createSesClient({ region: "eu-west-2", endpoint: "http://ses.example.invalid" }),
      sender: { from: "reminders@example.gov.uk", senderName: "Reminders" },
      maxRatePerSecond: 200,
      throttleRetries: 2,
    });
    const sending = nowhere.send({
      to: "someone@example.gov.uk",
      subject: "s",
      text: "t",
      html: "<p>t</p>",
      attachments: [],
    });
    await expect(sending).rejects.toBeInstanceOf(SendingPausedError);
    await expect(sending).rejects.toThrow(/^(ENOTFOUND|EAI_AGAIN)$/);
  });

  it("a 4xx from SES fails that email with its code, not as a possible send, and the run goes on", async () => {
    harness = await startReminderHarness(files);
    const h = harness;
    let refused = 0;
    const firstOnly = () => refused++ === 0;
    sesRefuses(h.sesClient, firstOnly, {
      name: "ValidationError",
      message: "Illegal header in the message",
      status: 400,
    });
    const first = await h.run(DAY);
    expect(first.failed).toBe(1);
    expect(first.complete).toBe(true);
    expect(first.sent).toBe(first.recipients - 1);
    const [failure] = await failedClaims(h);
    expect(failure).toMatchObject({
      reason: "ValidationError: Illegal header in the message",
      outcomeUnknown: false,
    });
    expect(await h.run(DAY)).toMatchObject({ sent: 1, possibleDuplicates: 0 });
  });
});
