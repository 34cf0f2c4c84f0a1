import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { InProcessContinuation } from "../../shared/adapters/scheduler/eventbridge-continuation";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";

const department = generateDepartment({
  asOf: "2024-03-20",
  socialWorkers: 33,
  historyMonths: 6,
  seed: 5,
});

function context(): Context {
  return {
    awsRequestId: randomUUID(),
    functionName: "send-due-reminders",
    functionVersion: "1",
    invokedFunctionArn: "arn:aws:lambda:eu-west-2:123456789012:function:send-due-reminders",
    memoryLimitInMB: "512",
    logGroupName: "/aws/lambda/send-due-reminders",
    logStreamName: "stream",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 600_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

describe("the send-due-reminders Lambda handler", () => {
  let harness: ReminderHarness;
  let handler: (event: unknown, context: Context) => Promise<unknown>;
  const output: string[] = [];

  beforeAll(async () => {
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "DEBUG");
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    vi.stubEnv("POWERTOOLS_DEV", "");
    harness = await startReminderHarness(toCsvBuffers(department));
    const { createReminderHandler } = await import("../../functions/send-due-reminders/handler");
    const deps = harness.deps({ continuation: new InProcessContinuation() });
    const { remainingMs: _ignored, ...rest } = deps;
    handler = createReminderHandler(() => rest) as unknown as typeof handler;
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
    const summary = (await handler({ scheduledTime: "2024-03-19T23:30:00Z" }, context())) as {
      date: string;
      sent: number;
    };
    expect(summary.date).toBe("2024-03-19");
    expect(summary.sent).toBeGreaterThan(0);
    expect((await harness.emails()).length).toBe(summary.sent);
  });

  it("rejects an event that is not a Scheduler payload, sending nothing", async () => {
    const before = (await harness.emails()).length;
    await expect(handler({ scheduledTime: "tomorrow morning" }, context())).rejects.toThrow();
    await expect(handler({}, context())).rejects.toThrow();
    expect((await harness.emails()).length).toBe(before);
  });

  it("emits sent, failed, skipped and run-completed metrics", () => {
    const emf = output.filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
    const run = emf.find((m) => "RemindersSent" in m);
    expect(run).toBeDefined();
    expect(run._aws.CloudWatchMetrics[0].Namespace).toBe("SupervisionReminders");
    for (const name of ["RemindersSent", "RemindersFailed", "RemindersSkipped", "RunCompleted"]) {
      expect(run).toHaveProperty(name);
    }
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
