import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { localLambdaContext } from "../../functions/commons/local-context";
import { DynamoDbDigestStore } from "../../shared/adapters/dynamodb/dynamodb-digest-store";
import { createSesClient } from "../../shared/adapters/ses/ses-client";
import { SesEmailSender } from "../../shared/adapters/ses/ses-email-sender";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { closedPort } from "../helpers/closed-port";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { tableContents } from "../helpers/table-contents";

const DAY = "2024-03-20"; // a Wednesday
const department = generateDepartment({ asOf: DAY, socialWorkers: 33, historyMonths: 6, seed: 11 });
const files = toCsvBuffers(department);

/**
 * What aws-ses-v2-local's GetAccount answers: it reads the account from `AWS_SES_ACCOUNT` (in
 * this process, at each request) and refuses with a 400 when it is unset.
 */
function useAccount(
  quota: { MaxSendRate: number; Max24HourSend: number; SentLast24Hours: number },
  sendingEnabled = true,
) {
  vi.stubEnv(
    "AWS_SES_ACCOUNT",
    JSON.stringify({
      DedicatedIpAutoWarmupEnabled: false,
      Details: {
        AdditionalContactEmailAddresses: [],
        ContactLanguage: "EN",
        MailType: "TRANSACTIONAL",
        ReviewDetails: { CaseId: "case-1", Status: "GRANTED" },
        UseCaseDescription: "Supervision reminders",
        WebsiteURL: "https://example.gov.uk",
      },
      EnforcementStatus: "HEALTHY",
      ProductionAccessEnabled: true,
      SendingEnabled: sendingEnabled,
      SendQuota: quota,
      SuppressionAttributes: { SuppressedReasons: [] },
    }),
  );
}

/** A clock that moves only when the sender waits: every wait is recorded, none is slept. */
function steppedClock() {
  let nowMs = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    nowMs: () => nowMs,
    sleep: async (ms: number) => {
      waits.push(ms);
      nowMs += ms;
    },
  };
}

/** The emulator's URL, as the harness's SES client was given it. */
async function endpointOf(client: SESv2Client): Promise<string> {
  const endpoint = await client.config.endpoint?.();
  if (!endpoint) throw new Error("the harness's SES client has no endpoint");
  return `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`;
}

/** The reminder job's mailer as aws-wiring builds it, on the harness's emulator, with a stepped clock. */
async function accountPacedMailer(h: ReminderHarness, cap: number | undefined, endpoint?: string) {
  const clock = steppedClock();
  const account = createSesClient({
    region: h.config.region,
    endpoint: endpoint ?? (await endpointOf(h.sesClient)),
  });
  const mailer = new SesEmailSender({
    client: h.sesClient,
    account,
    sender: { from: h.config.email.from, senderName: h.config.email.senderName },
    maxRatePerSecond: cap,
    throttleRetries: 2,
    backoffBaseMs: 5,
    clock,
  });
  return { mailer, clock, account };
}

async function emailItems(h: ReminderHarness) {
  return (await tableContents(h.dynamo.documents, h.tableName)).filter((i) => i.kind === "email");
}

let harness: ReminderHarness | undefined;
const cleanup: (() => void)[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const done of cleanup.splice(0)) done();
  await harness?.close();
  harness = undefined;
});

const noCap = { reminders: { maxSendRatePerSecond: undefined } };

describe("reminders sent at the SES account's own rate (GetAccount on the SES emulator, real SDK clients)", () => {
  it("reads the account at the start of the run and paces every send at 90% of its rate", async () => {
    useAccount({ MaxSendRate: 14, Max24HourSend: 50_000, SentLast24Hours: 120 });
    harness = await startReminderHarness(files, noCap);
    const { mailer, clock, account } = await accountPacedMailer(harness, undefined);
    cleanup.push(() => account.destroy());
    expect(mailer.pace.ratePerSecond).toBe(1); // before a run reads the account: the safe rate

    const summary = await harness.run(DAY, { mailer, sendingLimits: mailer });

    expect(summary.pacing).toEqual({
      ratePerSecond: 14 * 0.9,
      remainingToday: 50_000 - 120,
      source: "account",
    });
    expect(summary).toMatchObject({ failed: 0, complete: true });
    expect(summary.sent).toBe(summary.recipients);
    expect(summary.sent).toBeGreaterThan(5);
    expect(mailer.pace.intervalMs).toBeCloseTo(1000 / 12.6, 9);
    // One slot per email: the first goes at once, each later one waits one interval.
    expect(clock.waits).toHaveLength(summary.sent - 1);
    for (const wait of clock.waits) expect(wait).toBeCloseTo(1000 / 12.6, 6);
    expect(await harness.emails()).toHaveLength(summary.sent);
  });

  it("a configured cap lower than the account's rate wins", async () => {
    useAccount({ MaxSendRate: 14, Max24HourSend: 50_000, SentLast24Hours: 0 });
    harness = await startReminderHarness(files, { reminders: { maxSendRatePerSecond: 4 } });
    const { mailer, clock, account } = await accountPacedMailer(
      harness,
      harness.config.reminders.maxSendRatePerSecond,
    );
    cleanup.push(() => account.destroy());

    const summary = await harness.run(DAY, { mailer, sendingLimits: mailer });

    expect(summary.pacing).toMatchObject({ ratePerSecond: 4, source: "account" });
    expect(summary.sent).toBe(summary.recipients);
    for (const wait of clock.waits) expect(wait).toBeCloseTo(250, 6);
  });

  it("stops cleanly at the remaining 24-hour quota, claiming nothing more; the next run sends the rest once", async () => {
    useAccount({ MaxSendRate: 14, Max24HourSend: 200, SentLast24Hours: 197 });
    harness = await startReminderHarness(files, noCap);
    const { mailer, account } = await accountPacedMailer(harness, undefined);
    cleanup.push(() => account.destroy());

    const first = await harness.run(DAY, { mailer, sendingLimits: mailer });

    expect(first).toMatchObject({
      sent: 3,
      failed: 0,
      complete: false,
      stoppedBecause: "sending_paused",
      pacing: { remainingToday: 3, source: "account" },
    });
    expect(first.recipients).toBeGreaterThan(3);
    // Only the three sent were claimed: nothing is marked failed, nothing waits on a lease.
    const items = await emailItems(harness);
    expect(items).toHaveLength(3);
    expect(items.every((i) => i.status === "sent")).toBe(true);
    expect(await harness.emails()).toHaveLength(3);

    // The next run reads the quota afresh (the 24 hours have rolled on) and finishes the day.
    useAccount({ MaxSendRate: 14, Max24HourSend: 200, SentLast24Hours: 3 });
    const next = await harness.run(DAY, { mailer, sendingLimits: mailer });
    expect(next).toMatchObject({
      sent: first.recipients - 3,
      failed: 0,
      possibleDuplicates: 0,
      complete: true,
    });
    const sent = (await harness.emails()).map((e) => `${e.subject}|${e.destination.to[0]}`);
    expect(sent).toHaveLength(first.recipients);
    expect(new Set(sent).size).toBe(sent.length);
  });

  it("sends nothing and claims nothing while SES has paused the account's sending", async () => {
    useAccount({ MaxSendRate: 14, Max24HourSend: 50_000, SentLast24Hours: 0 }, false);
    harness = await startReminderHarness(files, noCap);
    const { mailer, account } = await accountPacedMailer(harness, undefined);
    cleanup.push(() => account.destroy());

    const summary = await harness.run(DAY, { mailer, sendingLimits: mailer });

    expect(summary).toMatchObject({
      sent: 0,
      failed: 0,
      complete: false,
      stoppedBecause: "sending_paused",
      pacing: { remainingToday: 0 },
    });
    expect(await emailItems(harness)).toEqual([]);
    expect(await harness.emails()).toEqual([]);
  });

  it("an unlimited 24-hour quota (-1) sets no limit on the run", async () => {
    useAccount({ MaxSendRate: 50, Max24HourSend: -1, SentLast24Hours: 10_000 });
    harness = await startReminderHarness(files, noCap);
    const { mailer, account } = await accountPacedMailer(harness, undefined);
    cleanup.push(() => account.destroy());

    const summary = await harness.run(DAY, { mailer, sendingLimits: mailer });

    expect(summary.pacing).toEqual({ ratePerSecond: 45, source: "account" });
    expect(summary).toMatchObject({ failed: 0, complete: true });
    expect(summary.sent).toBe(summary.recipients);
  });
});

describe("when the account cannot be read", () => {
  it("GetAccount refused: the run falls back to 1/s with no cap, says why, and sends everything", async () => {
    vi.stubEnv("AWS_SES_ACCOUNT", ""); // the emulator answers 400
    harness = await startReminderHarness(files, noCap);
    const { mailer, clock, account } = await accountPacedMailer(harness, undefined);
    cleanup.push(() => account.destroy());

    const summary = await harness.run(DAY, { mailer, sendingLimits: mailer });

    expect(summary.pacing).toEqual({
      ratePerSecond: 1,
      source: "fallback",
      fallbackReason: "Unknown (HTTP 400)",
    });
    expect(summary).toMatchObject({ failed: 0, complete: true });
    expect(summary.sent).toBe(summary.recipients);
    for (const wait of clock.waits) expect(wait).toBeCloseTo(1000, 6);
  });

  it("SES unreachable for GetAccount: the run paces at the configured cap", async () => {
    vi.stubEnv("AWS_SES_ACCOUNT", "");
    harness = await startReminderHarness(files, { reminders: { maxSendRatePerSecond: 8 } });
    const { mailer, clock, account } = await accountPacedMailer(
      harness,
      harness.config.reminders.maxSendRatePerSecond,
      `http://127.0.0.1:${await closedPort()}`,
    );
    cleanup.push(() => account.destroy());

    const summary = await harness.run(DAY, { mailer, sendingLimits: mailer });

    expect(summary.pacing).toEqual({
      ratePerSecond: 8,
      source: "fallback",
      fallbackReason: "ECONNREFUSED",
    });
    expect(summary.sent).toBe(summary.recipients);
    for (const wait of clock.waits) expect(wait).toBeCloseTo(125, 6);
  });

  it("the handler's log says the run fell back, and why, with no names or addresses", async () => {
    vi.stubEnv("AWS_SES_ACCOUNT", "");
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "INFO");
    vi.stubEnv("POWERTOOLS_DEV", "");
    harness = await startReminderHarness(files, noCap);
    const { mailer, account } = await accountPacedMailer(harness, undefined);
    cleanup.push(() => account.destroy());
    const output: string[] = [];
    const write = (chunk: unknown) => {
      output.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(write);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(write);
    cleanup.push(() => {
      stdout.mockRestore();
      stderr.mockRestore();
    });
    const { createReminderHandler } = await import("../../functions/send-due-reminders/job");
    const { remainingMs: _ignored, ...deps } = harness.deps({ mailer, sendingLimits: mailer });
    const digests = new DynamoDbDigestStore({
      client: harness.dynamo.documents,
      tableName: harness.tableName,
    });
    const handler = createReminderHandler(() => ({ ...deps, digests }));

    await handler(
      { scheduledTime: `${DAY}T07:00:00Z`, continuation: 0 },
      localLambdaContext("send-due-reminders", { timeoutMs: 600_000 }),
    );

    const finished = output
      .flatMap((chunk) => chunk.split("\n"))
      .filter((line) => line.includes("reminder run finished"))
      .map((line) => JSON.parse(line));
    expect(finished).toHaveLength(1);
    expect(finished[0].summary.pacing).toEqual({
      ratePerSecond: 1,
      source: "fallback",
      fallbackReason: "Unknown (HTTP 400)",
    });
    const logs = output.join("\n");
    for (const person of department.staff) {
      expect(logs).not.toContain(person.email);
      expect(logs).not.toContain(person.name);
    }
  });
});
