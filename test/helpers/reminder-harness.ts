import { SchedulerClient } from "@aws-sdk/client-scheduler";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { cryptoSeed } from "../../shared/adapters/crypto-seed";
import { DynamoDbDeliveryLedger } from "../../shared/adapters/dynamodb/dynamodb-delivery-ledger";
import { DynamoDbDigestStore } from "../../shared/adapters/dynamodb/dynamodb-digest-store";
import { DynamoDbEmailLedger } from "../../shared/adapters/dynamodb/dynamodb-email-ledger";
import { EventBridgeOneOffScheduler } from "../../shared/adapters/scheduler/eventbridge-one-off-scheduler";
import { InProcessContinuationScheduler } from "../../shared/adapters/scheduler/in-process-continuation-scheduler";
import { startLocalSes } from "../../shared/adapters/ses/local-ses";
import { createSesClient } from "../../shared/adapters/ses/ses-client";
import { SesEmailSender } from "../../shared/adapters/ses/ses-email-sender";
import { type AppConfig, parseAppConfig } from "../../shared/config/app-config";
import { londonTimeToUtc } from "../../shared/domain/dates";
import type { CsvFileKind } from "../../shared/import/csv-files";
import type { ContinuationScheduler } from "../../shared/ports/continuation-scheduler";
import type { DeliveryLedger } from "../../shared/ports/delivery-ledger";
import type { DigestStore } from "../../shared/ports/digest-store";
import type { EmailLedger } from "../../shared/ports/email-ledger";
import type { EmailSender } from "../../shared/ports/email-sender";
import { importFiles } from "../../shared/use-cases/import-files";
import type { DigestDeps } from "../../shared/use-cases/run-monthly-digest";
import {
  type ReminderDeps,
  type ReminderSummary,
  sendDueReminders,
} from "../../shared/use-cases/send-due-reminders";
import { FIXTURE_NOW, startTestDynamo } from "./test-dynamo";

export interface SentEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string }[];
}

/**
 * The reminder job on real stand-ins: dynalite behind the SDK, aws-ses-v2-local over HTTP.
 * `configInput` is a stage's config (its `reminders` on top of the harness's own pace and lease).
 */
export async function startReminderHarness(
  files: Partial<Record<CsvFileKind, Buffer>>,
  configInput: object = {},
) {
  const config: AppConfig = parseAppConfig(
    {
      ...configInput,
      stage: "test",
      region: "eu-west-2",
      reminders: {
        maxSendRatePerSecond: 200,
        claimLeaseSeconds: 60,
        ...((configInput as { reminders?: object }).reminders ?? {}),
      },
    },
    "test",
  );
  const dynamo = await startTestDynamo();
  const { store, tableName, imports } = await dynamo.newStore();
  const imported = await importFiles(
    { contents: files, source: "test" },
    { store, imports, config, nowMs: () => FIXTURE_NOW },
  );
  if (!imported.ok)
    throw new Error(`fixture invalid: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  const ses = await startLocalSes();
  // The emulator keeps its mailbox in the module: start each harness with it empty.
  await fetch(`${ses.endpoint}/clear-store`, { method: "POST" });
  const sesClient: SESv2Client = createSesClient({ region: config.region, endpoint: ses.endpoint });
  const ledger = new DynamoDbEmailLedger({
    client: dynamo.documents,
    tableName,
    retentionDays: 800,
  });
  const deliveries = new DynamoDbDeliveryLedger({
    client: dynamo.documents,
    tableName,
    retentionDays: 800,
  });
  const mailer = new SesEmailSender({
    client: sesClient,
    sender: { from: config.email.from, senderName: config.email.senderName },
    maxRatePerSecond: config.reminders.maxSendRatePerSecond,
    throttleRetries: config.reminders.throttleRetries,
    backoffBaseMs: 5,
  });
  const digests = new DynamoDbDigestStore({ client: dynamo.documents, tableName });
  let clockMs = Date.UTC(2024, 0, 1);
  let runs = 0;

  /** What both jobs take from the stand-ins. */
  const shared = () => ({
    config,
    store,
    ledger: ledger as EmailLedger,
    deliveries: deliveries as DeliveryLedger,
    mailer: mailer as EmailSender,
    digests: digests as DigestStore,
    nowMs: () => clockMs,
  });

  return {
    config,
    store,
    imports,
    tableName,
    dynamo,
    ledger,
    deliveries,
    digests,
    mailer,
    sesClient,
    /** The test's clock: claims and leases are judged by it. */
    clock: { now: () => clockMs, advance: (ms: number) => (clockMs += ms) },
    /** The digest job's dependencies on the same stand-ins (Scheduler: mock `SchedulerClient`). */
    digestDeps(overrides: Partial<DigestDeps> = {}): DigestDeps {
      return {
        ...shared(),
        drawSeed: cryptoSeed,
        scheduler: new EventBridgeOneOffScheduler({
          client: new SchedulerClient({ region: config.region }),
          groupName: "supervision-reminders-test",
          functionArn: "arn:aws:lambda:eu-west-2:123456789012:function:monthly-compliance-summary",
          roleArn: "arn:aws:iam::123456789012:role/deferrals",
          namePrefix: "digest",
          nowMs: () => clockMs,
        }),
        ...overrides,
      };
    },
    deps(overrides: Partial<ReminderDeps> = {}): ReminderDeps {
      return {
        ...shared(),
        continuation: new InProcessContinuationScheduler() as ContinuationScheduler,
        remainingMs: () => 600_000,
        ...overrides,
      };
    },
    run(
      date: string,
      overrides: Partial<ReminderDeps> = {},
      attempt = 0,
    ): Promise<ReminderSummary> {
      return sendDueReminders(
        {
          scheduledTime: londonTimeToUtc(date, "07:00").toISOString(),
          runId: `run-${++runs}`,
          attempt,
        },
        this.deps(overrides),
      );
    },
    async emails(): Promise<SentEmail[]> {
      const response = await fetch(`${ses.endpoint}/store`);
      return ((await response.json()) as { emails: SentEmail[] }).emails;
    },
    async clearEmails() {
      await fetch(`${ses.endpoint}/clear-store`, { method: "POST" });
    },
    async close() {
      sesClient.destroy();
      await ses.close();
      await dynamo.close();
    },
  };
}

export type ReminderHarness = Awaited<ReturnType<typeof startReminderHarness>>;
