import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { localLambdaContext } from "../../functions/commons/local-context";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { buildMonthlyReport } from "../../shared/use-cases/build-monthly-report";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";

const department = generateDepartment({
  asOf: "2024-07-31",
  socialWorkers: 33,
  historyMonths: 8,
  seed: 7,
});

describe("the monthly digest Lambda handler (dynalite, SES emulator)", () => {
  let harness: ReminderHarness;
  const scheduler = mockClient(SchedulerClient);
  const output: string[] = [];

  beforeAll(async () => {
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "INFO");
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    vi.stubEnv("POWERTOOLS_DEV", "");
    vi.stubEnv("STAGE", "qa");
    harness = await startReminderHarness(toCsvBuffers(department));
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      output.push(String(chunk));
      return true;
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    scheduler.restore();
    await harness.close();
  });

  it("publishes the month's KPI as a metric with the stage, so the dashboard shows the trend", async () => {
    const { createDigestHandler } = await import("../../functions/monthly-digest/job");
    const handler = createDigestHandler(() => harness.digestDeps());
    // Monday 1 July 2024, a working day: June's digest.
    await handler(
      { scheduledTime: "2024-07-01T06:00:00Z" },
      localLambdaContext("monthly-compliance-summary", { timeoutMs: 600_000 }),
    );
    const { kpi } = await buildMonthlyReport("2024-06", {
      store: harness.store,
      policy: harness.config.policy,
      factsWindowDays: harness.config.table.factsWindowDays,
    });
    const metrics = output
      .flatMap((chunk) => chunk.split("\n"))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line))
      .find((m) => "CompliancePercent" in m);
    expect(kpi.overall.compliance).not.toBeNull();
    expect(metrics).toMatchObject({
      CompliancePercent: kpi.overall.compliance,
      RunCompleted: 1,
      stage: "qa",
      service: "monthly-compliance-summary",
    });
    expect(metrics._aws.CloudWatchMetrics[0].Dimensions).toEqual([["service", "stage"]]);
  });
});
