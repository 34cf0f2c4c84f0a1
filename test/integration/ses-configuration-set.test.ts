import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { awsWiring } from "../../functions/commons/aws-wiring";
import { type LoopbackService, loopbackService } from "../../shared/adapters/loopback-server";
import { configuredSesSender } from "../../shared/adapters/ses/configured-ses-sender";
import { startLocalSes } from "../../shared/adapters/ses/local-ses";
import { createSesClient } from "../../shared/adapters/ses/ses-client";
import { loadStageConfig } from "../../shared/config/load-stage-config";
import type { OutgoingEmail } from "../../shared/ports/email-sender";

/** What SES v2 SendEmail was sent over the wire (its JSON body). */
interface SentRequest {
  path: string;
  body: {
    ConfigurationSetName?: string;
    EmailTags?: { Name: string; Value: string }[];
    FromEmailAddress?: string;
  };
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The real SES emulator behind a recorder: every request is kept as sent, then passed on, and
 * the emulator's answer returned. The emulator accepts ConfigurationSetName and EmailTags but
 * keeps neither, so the recorder is how a test sees them; the emulator's 200 shows it took them.
 */
async function recordingProxy(target: string) {
  const requests: SentRequest[] = [];
  const server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    if (request.method === "POST" && request.url?.endsWith("/outbound-emails"))
      requests.push({ path: request.url, body: JSON.parse(body.toString("utf8")) });
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method ?? "GET",
      headers: Object.entries(request.headers).flatMap(([name, value]) =>
        value === undefined || ["host", "connection", "content-length"].includes(name)
          ? []
          : [[name, String(value)] as [string, string]],
      ),
      ...(body.length > 0 ? { body } : {}),
    });
    response.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    });
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { requests, service: loopbackService(server) };
}

const email = (tag?: string): OutgoingEmail => ({
  to: "dana.hughes@example.gov.uk",
  subject: "Supervision reminders",
  text: "Hello",
  html: "<p>Hello</p>",
  attachments: [],
  ...(tag === undefined ? {} : { tag }),
});

let ses: LoopbackService;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
beforeAll(async () => {
  ses = await startLocalSes();
  proxy = await recordingProxy(ses.endpoint);
});
afterEach(() => {
  proxy.requests.splice(0);
});
afterAll(async () => {
  await proxy.service.close();
  await ses.close();
});

describe("every send names the stage's configuration set and the email's kind", () => {
  it("the local emulator takes both, and each kind of email goes tagged as such", async () => {
    const config = loadStageConfig("local");
    const client = createSesClient({ region: config.region, endpoint: proxy.service.endpoint });
    try {
      const mailer = configuredSesSender(config, client);
      const tags = [
        "S00012-reminder",
        "M004-escalation",
        "sm_1-digest",
        "M004-delivery_notice",
        "import-result",
        "odd",
      ];
      for (const tag of tags) {
        const { messageId } = await mailer.send(email(tag));
        expect(messageId).not.toBe("");
      }
      expect(proxy.requests.map((r) => r.body.ConfigurationSetName)).toEqual(
        tags.map(() => "supervision-reminders-local"),
      );
      expect(proxy.requests.map((r) => r.body.EmailTags)).toEqual(
        ["reminder", "escalation", "digest", "delivery_notice", "import-result", "other"].map(
          (Value) => [{ Name: "email-kind", Value }],
        ),
      );
      // The emulator kept every one of them.
      const stored = (await (await fetch(`${ses.endpoint}/store`)).json()) as {
        emails: unknown[];
      };
      expect(stored.emails).toHaveLength(tags.length);
    } finally {
      client.destroy();
    }
  });

  it("a Lambda's wiring sends in the configuration set the stack names (SES_CONFIGURATION_SET)", async () => {
    const wiring = awsWiring(
      {
        STAGE: "local",
        SES_ENDPOINT: proxy.service.endpoint,
        SES_CONFIGURATION_SET: "supervision-reminders-from-the-stack",
        DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
      },
      "test",
    );
    await wiring.base.mailer.send(email("S00012-reminder"));
    expect(proxy.requests.map((r) => r.body.ConfigurationSetName)).toEqual([
      "supervision-reminders-from-the-stack",
    ]);
    // Without it (a local run), the stage's own.
    const bare = awsWiring({ STAGE: "local", SES_ENDPOINT: proxy.service.endpoint }, "test");
    await bare.base.mailer.send(email("digest"));
    expect(proxy.requests.map((r) => r.body.ConfigurationSetName)).toEqual([
      "supervision-reminders-from-the-stack",
      "supervision-reminders-local",
    ]);
  });
});
