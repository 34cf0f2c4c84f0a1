import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { localLambdaContext } from "../../functions/commons/local-context";
import { cryptoSeed } from "../../shared/adapters/crypto-seed";
import { DynamoDbDigestStore } from "../../shared/adapters/dynamodb/dynamodb-digest-store";
import { InProcessContinuationScheduler } from "../../shared/adapters/scheduler/in-process-continuation-scheduler";
import { createSesClient } from "../../shared/adapters/ses/ses-client";
import { SesEmailSender } from "../../shared/adapters/ses/ses-email-sender";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { compileMonthlyDigest } from "../../shared/use-cases/run-monthly-digest";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";

const department = generateDepartment({
  asOf: "2024-03-20",
  socialWorkers: 33,
  historyMonths: 6,
  seed: 5,
});

describe("the send-due-reminders Lambda handler", () => {
  let harness: ReminderHarness;
  let handler: (event: unknown, context: Context) => Promise<unknown>;
  let createHandler: typeof import("../../functions/send-due-reminders/job").createReminderHandler;
  let digests: DynamoDbDigestStore;
  const output: string[] = [];
  /** EMF lines written since `from` (an earlier length of `output`). */
  const emf = (from = 0) =>
    output
      .slice(from)
      .flatMap((chunk) => chunk.split("\n"))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line));

  beforeAll(async () => {
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "DEBUG");
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    vi.stubEnv("POWERTOOLS_DEV", "");
    vi.stubEnv("STAGE", "qa");
    // What Lambda sets; Powertools counts a cold start only when it knows the init type.
    vi.stubEnv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    harness = await startReminderHarness(toCsvBuffers(department));
    ({ createReminderHandler: createHandler } = await import(
      "../../functions/send-due-reminders/job"
    ));
    digests = new DynamoDbDigestStore({
      client: harness.dynamo.documents,
      tableName: harness.tableName,
    });
    const deps = harness.deps({ continuation: new InProcessContinuationScheduler() });
    const { remainingMs: _ignored, ...rest } = deps;
    handler = createHandler(() => ({ ...rest, digests })) as unknown as typeof handler;
    const capture = (chunk: unknown) => {
      output.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, "write").mockImplementation(capture);
    vi.spyOn(process.stderr, "write").mockImplementation(capture);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await harness.close();
  });

  it("takes the business date from the schedule's time in Europe/London", async () => {
    // 23:30Z on Tuesday 19 March is still the 19th in London (GMT): a working day.
    const summary = (await handler(
      { scheduledTime: "2024-03-19T23:30:00Z" },
      localLambdaContext("send-due-reminders", { timeoutMs: 600_000 }),
    )) as {
      date: string;
      sent: number;
    };
    expect(summary.date).toBe("2024-03-19");
    expect(summary.sent).toBeGreaterThan(0);
    expect((await harness.emails()).length).toBe(summary.sent);
  });

  it("rejects an event that is not a Scheduler payload, sending nothing", async () => {
    const before = (await harness.emails()).length;
    await expect(
      handler(
        { scheduledTime: "tomorrow morning" },
        localLambdaContext("send-due-reminders", { timeoutMs: 600_000 }),
      ),
    ).rejects.toThrow();
    await expect(
      handler({}, localLambdaContext("send-due-reminders", { timeoutMs: 600_000 })),
    ).rejects.toThrow();
    expect((await harness.emails()).length).toBe(before);
  });

  it("emits sent, failed, skipped and run-completed metrics, with the stage as a dimension", () => {
    const run = emf().find((m) => "RemindersSent" in m);
    expect(run).toBeDefined();
    expect(run._aws.CloudWatchMetrics[0].Namespace).toBe("SupervisionReminders");
    expect(run._aws.CloudWatchMetrics[0].Dimensions).toEqual([["service", "stage"]]);
    expect(run).toMatchObject({ service: "send-due-reminders", stage: "qa" });
    for (const name of ["RemindersSent", "RemindersFailed", "RemindersSkipped", "RunCompleted"]) {
      expect(run).toHaveProperty(name);
    }
    expect(run).not.toHaveProperty("RunIncomplete");
    const coldStart = emf().find((m) => "ColdStart" in m);
    expect(coldStart).toMatchObject({ ColdStart: 1, service: "send-due-reminders", stage: "qa" });
    expect(emf().filter((m) => "ColdStart" in m)).toHaveLength(1);
  });

  it("reports a missed digest from the 3rd working day until last month's is recorded", async () => {
    // Tuesday 19 March 2024 is past March's 3rd working day (the 5th); February's digest is
    // not in the store yet.
    let from = output.length;
    await handler(
      { scheduledTime: "2024-03-19T07:00:00Z" },
      localLambdaContext("send-due-reminders", { timeoutMs: 600_000 }),
    );
    expect(emf(from).find((m) => "DigestMissing" in m)?.DigestMissing).toBe(1);
    await compileMonthlyDigest("2024-02", {
      store: harness.store,
      deliveries: harness.deliveries,
      digests,
      config: harness.config,
      nowMs: harness.clock.now,
      drawSeed: cryptoSeed,
    });
    from = output.length;
    await handler(
      { scheduledTime: "2024-03-19T07:00:00Z" },
      localLambdaContext("send-due-reminders", { timeoutMs: 600_000 }),
    );
    expect(emf(from).find((m) => "DigestMissing" in m)?.DigestMissing).toBe(0);
  });

  it("reports a run that stopped with emails unsent, so its alarm fires, and no RunCompleted", async () => {
    const unreachable = new SesEmailSender({
      client: createSesClient({ region: "eu-west-2", endpoint: "http://127.0.0.1:9" }),
      sender: { from: harness.config.email.from, senderName: "x" },
      maxRatePerSecond: 100,
      throttleRetries: 0,
    });
    const { remainingMs: _ignored, ...rest } = harness.deps();
    const failing = createHandler(() => ({ ...rest, mailer: unreachable, digests }));
    const from = output.length;
    // Thursday 21 March: a day with emails not yet sent.
    const summary = await failing(
      { scheduledTime: "2024-03-21T07:00:00Z", continuation: 0 },
      localLambdaContext("send-due-reminders", { timeoutMs: 600_000 }),
    );
    expect(summary).toMatchObject({ complete: false, failed: 1 });
    const run = emf(from).find((m) => "RemindersSent" in m);
    expect(run).toMatchObject({ RunIncomplete: 1, stage: "qa" });
    expect(run).not.toHaveProperty("RunCompleted");
  });

  it("logs no names or email addresses", () => {
    const logs = output.join("\n");
    expect(logs).toContain("reminder run finished");
    for (const person of department.staff) {
      expect(logs).not.toContain(person.email);
      expect(logs).not.toContain(person.name);
    }
    expect(logs).not.toMatch(/[\w.]+@example\.gov\.uk/);
  });
});
