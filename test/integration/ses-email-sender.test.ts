import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LoopbackService } from "../../shared/adapters/loopback-server";
import { startLocalSes } from "../../shared/adapters/ses/local-ses";
import { fromAddress } from "../../shared/adapters/ses/sender";
import { createSesClient } from "../../shared/adapters/ses/ses-client";
import { SesEmailSender } from "../../shared/adapters/ses/ses-email-sender";
import { supervisionInvite } from "../../shared/email/supervision-invite";
import {
  EmailNotSentError,
  EmailRejectedError,
  type OutgoingEmail,
  SendingPausedError,
} from "../../shared/ports/email-sender";

/** An email as aws-ses-v2-local keeps a v2 simple-content send. */
interface StoredEmail {
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
  attachments: {
    filename: string;
    contentType: string;
    contentDisposition?: string;
    content: string; // base64
  }[];
}

const sender = {
  from: "supervision-reminders@example.gov.uk",
  senderName: "Gwasanaethau Plant — Children's Services",
  replyTo: "workforce-team@example.gov.uk",
};
const invite = supervisionInvite(
  {
    staffId: "W3",
    personName: "Zoë O'Brien, the second; née Ñúñez",
    dueDate: "2024-02-29",
    proposedDate: "2024-03-21",
    proposedTime: "10:00",
    minutes: 60,
    sequence: 0,
  },
  Date.UTC(2024, 2, 20, 7),
);
const email: OutgoingEmail = {
  to: "dana.hughes@example.gov.uk",
  subject: "Supervision reminders: 1 overdue — Zoë",
  text: "Hello Dana,\n\n- Zoë O'Brien (overdue since 29 February)\n",
  html: "<p>Hello Dana,</p>\n<p>Zoë O&#39;Brien</p>",
  attachments: [
    invite,
    { filename: "errors.csv", contentType: "text/csv; charset=utf-8", content: "a,b\r\n1,é\r\n" },
  ],
};

let ses: LoopbackService;
const clients: SESv2Client[] = [];
function client(): SESv2Client {
  const created = createSesClient({ region: "eu-west-2", endpoint: ses.endpoint });
  clients.push(created);
  return created;
}
async function stored(): Promise<StoredEmail[]> {
  return ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: StoredEmail[] })
    .emails;
}

beforeAll(async () => {
  ses = await startLocalSes();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await fetch(`${ses.endpoint}/clear-store`, { method: "POST" });
});
afterAll(async () => {
  await ses.close();
});

/** A sender on the emulator whose waits are recorded, not slept: its clock moves only by them. */
function senderOn(sesClient: SESv2Client) {
  const waits: number[] = [];
  let nowMs = 0;
  const mailer = new SesEmailSender({
    client: sesClient,
    sender,
    maxRatePerSecond: 1_000,
    throttleRetries: 3,
    clock: {
      nowMs: () => nowMs,
      sleep: async (ms) => {
        waits.push(ms);
        nowMs += ms;
      },
    },
  });
  return { mailer, waits };
}

/** The client fails its next `failures` sends with `error`, then sends through to the emulator. */
function failing(error: Record<string, unknown>, failures = Infinity): SESv2Client {
  const sesClient = client();
  let failed = 0;
  sesClient.middlewareStack.add(
    (next) => async (args) => {
      if (failed++ < failures)
        throw Object.assign(new Error(String(error.message ?? "")), { ...error });
      return next(args);
    },
    { step: "initialize", name: "failing" },
  );
  return sesClient;
}

describe("SES v2 SendEmail, simple content (real SDK client, the SES emulator)", () => {
  it("SES gets the name, reply-to, subject, text, HTML and each attachment's exact bytes", async () => {
    const { mailer } = senderOn(client());
    const { messageId } = await mailer.send(email);
    expect(messageId).not.toBe("");
    const [sent, ...others] = await stored();
    expect(others).toEqual([]);
    expect(sent).toMatchObject({
      from: fromAddress(sender),
      replyTo: [sender.replyTo],
      destination: { to: [email.to] },
      subject: email.subject,
      body: {
        text: "Hello Dana,\r\n\r\n- Zoë O'Brien (overdue since 29 February)\r\n",
        html: "<p>Hello Dana,</p>\r\n<p>Zoë O&#39;Brien</p>",
      },
    });
    expect(sent?.from).toMatch(/^=\?UTF-8\?B\?/); // the name is not ASCII: encoded-words
    expect(
      sent?.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        contentDisposition: a.contentDisposition,
        content: Buffer.from(a.content, "base64").toString("utf8"),
      })),
    ).toEqual(
      email.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        contentDisposition: "ATTACHMENT",
        content: a.content,
      })),
    );
  });
});

describe("every message SES is given is a well-formed automated message", () => {
  it("carries Auto-Submitted and X-Auto-Response-Suppress, and its bodies have CRLF line breaks only", async () => {
    const { mailer } = senderOn(client());
    await mailer.send({
      ...email,
      text: "Line one\nLine two\rLine three\r\n\nEnd",
      html: "<p>one</p>\n<p>two</p>\r<p>three</p>\r\n",
    });
    const [sent] = await stored();
    expect(sent?.headers).toEqual([
      { name: "Auto-Submitted", value: "auto-generated" },
      { name: "X-Auto-Response-Suppress", value: "All" },
    ]);
    expect(sent?.body.text).toBe("Line one\r\nLine two\r\nLine three\r\n\r\nEnd");
    expect(sent?.body.html).toBe("<p>one</p>\r\n<p>two</p>\r\n<p>three</p>\r\n");
    // The .ics keeps its own bytes (already CRLF, folded): base64 carries them unchanged.
    expect(Buffer.from(sent?.attachments[0]?.content ?? "", "base64").toString("utf8")).toBe(
      invite.content,
    );
  });
});

describe("what SES v2 answers, and what the sender makes of it", () => {
  const rejected: [string, Record<string, unknown>][] = [
    ["MessageRejected", { name: "MessageRejected", message: "Email address is not verified." }],
    [
      "MailFromDomainNotVerifiedException",
      { name: "MailFromDomainNotVerifiedException", message: "not verified" },
    ],
    ["BadRequestException", { name: "BadRequestException", message: "Illegal address" }],
    ["NotFoundException", { name: "NotFoundException", message: "no such configuration set" }],
    [
      "any other 4xx",
      {
        name: "UnknownError",
        message: "refused",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      },
    ],
  ];
  it.each(rejected)(
    "%s: this email fails, certainly not sent, named in the reason",
    async (_, error) => {
      const { mailer, waits } = senderOn(failing(error));
      const sending = mailer.send(email);
      await expect(sending).rejects.toBeInstanceOf(EmailRejectedError);
      await expect(sending).rejects.toThrow(`${error.name}: ${error.message}`);
      expect(waits).toEqual([]);
    },
  );

  const paused: [string, Record<string, unknown>][] = [
    ["SendingPausedException", { name: "SendingPausedException", message: "Sending paused" }],
    ["AccountSuspendedException", { name: "AccountSuspendedException", message: "Suspended" }],
    [
      "LimitExceededException",
      { name: "LimitExceededException", message: "Daily message quota exceeded." },
    ],
    [
      "the daily quota, whatever the error's name",
      {
        name: "TooManyRequestsException",
        message: "Daily message quota exceeded.",
        $fault: "client",
        $metadata: { httpStatusCode: 429 },
      },
    ],
  ];
  it.each(paused)("%s: the run stops, nothing sent, nothing retried", async (_, error) => {
    const { mailer, waits } = senderOn(failing(error));
    const sending = mailer.send(email);
    await expect(sending).rejects.toBeInstanceOf(SendingPausedError);
    await expect(sending).rejects.toThrow(String(error.message));
    expect(waits).toEqual([]);
  });

  const throttled = {
    name: "TooManyRequestsException",
    message: "Maximum sending rate exceeded.",
    $fault: "client",
    $metadata: { httpStatusCode: 429 },
  };

  it("TooManyRequestsException (the rate): backs off and sends the email once", async () => {
    const { mailer, waits } = senderOn(failing(throttled, 2));
    await mailer.send(email);
    expect(waits).toHaveLength(2);
    expect(await stored()).toHaveLength(1);
  });

  it("still throttled after the retries: the error as SES gave it", async () => {
    const { mailer, waits } = senderOn(failing(throttled));
    const sending = mailer.send(email);
    await expect(sending).rejects.toMatchObject({ name: "TooManyRequestsException" });
    expect(waits).toHaveLength(3);
  });

  const unknown: [string, Record<string, unknown>][] = [
    [
      "a server error",
      {
        name: "InternalServiceErrorException",
        message: "oops",
        $fault: "server",
        $metadata: { httpStatusCode: 500 },
      },
    ],
    ["a timeout mid-request", { name: "TimeoutError", message: "socket hang up" }],
    ["a reset connection", { name: "Error", code: "ECONNRESET", message: "read ECONNRESET" }],
  ];
  it.each(unknown)(
    "%s: the outcome is unknown (SES may have sent): thrown as it came",
    async (_, error) => {
      const { mailer } = senderOn(failing(error));
      const sending = mailer.send(email);
      await expect(sending).rejects.toMatchObject({ name: error.name });
      await expect(sending).rejects.not.toBeInstanceOf(EmailNotSentError);
    },
  );
});
