import { CreateScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { buildMonthlyReport } from "../../shared/use-cases/build-monthly-report";
import { type DigestDeps, runMonthlyDigest } from "../../shared/use-cases/run-monthly-digest";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { sesRefuses } from "../helpers/ses-refusals";
import { tableContents } from "../helpers/table-contents";

const department = generateDepartment({
  asOf: "2024-07-31",
  socialWorkers: 66,
  historyMonths: 14,
  seed: 3,
});

describe("the monthly digest (dynalite, SES emulator; Scheduler mocked)", () => {
  let harness: ReminderHarness;
  let deps: DigestDeps;
  const scheduler = mockClient(SchedulerClient);

  beforeAll(async () => {
    harness = await startReminderHarness(toCsvBuffers(department));
    scheduler
      .on(CreateScheduleCommand)
      .resolves({ ScheduleArn: "arn:aws:scheduler:eu-west-2:123:schedule/digest/x" });
    const config = parseAppConfig(
      {
        ...harness.config,
        digest: { ...harness.config.digest, seniorManagerEmails: ["director@example.gov.uk"] },
      },
      "test",
    );
    deps = harness.digestDeps({ config });
  });
  afterAll(async () => {
    scheduler.restore();
    await harness.close();
  });

  it("on a Saturday the 1st, defers itself to 07:00 on the next working day, for the month just ended", async () => {
    // 1 June 2024 was a Saturday; Monday 3 June is the first working day. 07:00 BST = 06:00Z.
    const result = await runMonthlyDigest({ scheduledTime: "2024-06-01T06:00:00Z" }, deps);
    expect(result).toMatchObject({
      month: "2024-05",
      runDate: "2024-06-01",
      deferredTo: "2024-06-03",
      sent: 0,
    });
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      GroupName: "supervision-reminders-test",
      ScheduleExpression: "at(2024-06-03T06:00:00)",
      ActionAfterCompletion: "DELETE",
    });
    expect(JSON.parse(input?.Target?.Input ?? "")).toEqual({
      scheduledTime: "2024-06-03T06:00:00.000Z",
      month: "2024-05",
    });
    expect((await harness.emails()).length).toBe(0);
  });

  it("the deferred run sends the digest, its KPI equal to the report's, and stores the snapshot", async () => {
    const result = await runMonthlyDigest(
      { scheduledTime: "2024-06-03T06:00:00.000Z", month: "2024-05" },
      deps,
    );
    const recipients =
      department.staff.filter((p) => ["head_of_service", "service_manager"].includes(p.role))
        .length + 1;
    expect(result).toMatchObject({ month: "2024-05", sent: recipients, failed: 0, recipients });
    const stored = await deps.digests.load("2024-05");
    const { kpi } = await buildMonthlyReport("2024-05", {
      store: harness.store,
      policy: deps.config.policy,
      factsWindowDays: deps.config.table.factsWindowDays,
    });
    expect({
      month: stored?.month,
      target: stored?.target,
      overall: stored?.overall,
      byCategory: stored?.byCategory,
      byTeam: stored?.byTeam,
      byService: stored?.byService,
    }).toEqual(kpi);
    const emails = await harness.emails();
    expect(emails).toHaveLength(recipients);
    const csv = emails[0]?.attachments.map((a) => a.filename).sort();
    expect(csv).toEqual(["supervision-by-team-2024-05.csv", "supervision-exceptions-2024-05.csv"]);
    expect(emails[0]?.subject).toBe(
      `Supervision compliance May 2024: ${kpi.overall.compliance?.toFixed(1)}% against 90% target`,
    );
  });

  it("a rerun replaces the snapshot but sends nobody the digest twice, and keeps the audit draw", async () => {
    const before = await deps.digests.load("2024-05");
    const sentBefore = (await harness.emails()).length;
    const rerun = await runMonthlyDigest(
      { scheduledTime: "2024-06-03T09:30:00.000Z", month: "2024-05" },
      deps,
    );
    expect(rerun).toMatchObject({ sent: 0, skipped: rerun.recipients });
    expect((await harness.emails()).length).toBe(sentBefore);
    expect((await deps.digests.load("2024-05"))?.audit).toEqual(before?.audit);
  });

  it("records in the ledger which scope each recipient's copy carried", async () => {
    const claims = (await tableContents(harness.dynamo.documents, harness.tableName)).filter(
      (i) => i.kind === "email" && i.sk === "2024-05#digest",
    );
    const byId = new Map(department.staff.map((p) => [p.staffId, p]));
    expect(claims.length).toBeGreaterThan(1);
    for (const claim of claims) {
      const person = byId.get(String(claim.recipientId));
      expect(claim.scope, String(claim.recipientId)).toBe(
        person ? `service:${person.service}` : "department",
      );
    }
  });

  it("gives each service manager one file from their own service to audit", async () => {
    const digest = await deps.digests.load("2024-05");
    const serviceOf = new Map(department.staff.map((p) => [p.staffId, p.service]));
    const draws = digest?.audit.serviceManagers ?? [];
    expect(draws.filter((d) => d.staffId !== null).length).toBeGreaterThan(0);
    for (const draw of draws) {
      expect(draw.seed).toBeGreaterThan(0);
      if (draw.staffId === null) {
        // Nothing to audit: no operational staff in that manager's service.
        expect(department.staff.some((p) => p.operational && p.service === draw.service)).toBe(
          false,
        );
      } else {
        expect(serviceOf.get(draw.staffId)).toBe(draw.service);
      }
    }
  });

  it("records a rejected digest with SES's reason (address scrubbed) and sends the rest", async () => {
    sesRefuses(
      harness.sesClient,
      (input) => input.Destination?.ToAddresses?.includes("director@example.gov.uk") ?? false,
      {
        name: "MessageRejected",
        message: "Email address is not verified: director@example.gov.uk",
      },
    );
    const result = await runMonthlyDigest({ scheduledTime: "2024-07-01T06:00:00Z" }, deps);
    expect(result).toMatchObject({ month: "2024-06", failed: 1, sent: result.recipients - 1 });
    const failed = (await tableContents(harness.dynamo.documents, harness.tableName)).filter(
      (i) => i.kind === "email" && i.status === "failed",
    );
    expect(failed.map((i) => [i.sk, i.reason])).toEqual([
      ["2024-06#digest", "MessageRejected: Email address is not verified: <address>"],
    ]);
    harness.sesClient.middlewareStack.remove("rejectDirector");
  });
});
