import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localLambdaContext } from "../../functions/commons/local-context";
import { createImportHandler } from "../../functions/import-from-s3/job";
import { CSV_FILE_NAMES, type CsvFileKind } from "../../shared/import/csv-files";
import type { EmailSender } from "../../shared/ports/email-sender";
import { readFixture } from "../helpers/fixtures";
import { startLocalS3 } from "../helpers/local-s3";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { tableContents } from "../helpers/table-contents";
import { FIXTURE_NOW } from "../helpers/test-dynamo";

const BUCKET = "supervision-imports";

/** The event S3 sends for an upload: the key URL-encoded, '+' for a space. */
function s3Event(key: string) {
  const encoded = encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+");
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "eu-west-2",
        eventTime: "2024-06-01T08:00:00.000Z",
        eventName: "ObjectCreated:Put",
        userIdentity: { principalId: "AWS:AIDAEXAMPLE" },
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: { "x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8" },
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "import",
          bucket: {
            name: BUCKET,
            ownerIdentity: { principalId: "A3NL1KOZZKExample" },
            arn: `arn:aws:s3:::${BUCKET}`,
          },
          object: {
            key: encoded,
            size: 0,
            eTag: "d41d8cd98f00b204e9800998ecf8427e",
            sequencer: "0055AED6DCD90281E5",
          },
        },
      },
    ],
  };
}

const context = localLambdaContext("import-from-s3", { timeoutMs: 60_000 });

describe("import from the S3 bucket (s3rver, dynalite, SES emulator)", () => {
  let harness: ReminderHarness;
  let s3: Awaited<ReturnType<typeof startLocalS3>>;
  let handler: (event: unknown, context: Context) => Promise<unknown>;
  let mailerFails = false;

  const upload = async (folder: string, files: Partial<Record<CsvFileKind, Buffer | string>>) => {
    for (const [kind, body] of Object.entries(files)) {
      await s3.put(`${folder}/${CSV_FILE_NAMES[kind as CsvFileKind]}`, body);
    }
    await s3.put(`${folder}/READY`, "");
  };

  beforeAll(async () => {
    [harness, s3] = await Promise.all([startReminderHarness({}), startLocalS3(BUCKET)]);
    const mailer: EmailSender = {
      send: (email) => {
        if (mailerFails) return Promise.reject(new Error("SES unreachable"));
        return harness.mailer.send(email);
      },
    };
    handler = createImportHandler(() => ({
      config: harness.config,
      store: harness.store,
      imports: harness.imports,
      mailer,
      notify: ["hr-systems@example.gov.uk"],
      s3: s3.client,
      maxFileBytes: 5_000,
      nowMs: () => FIXTURE_NOW,
      lockTiming: { leaseMs: 60_000, waitMs: 0, pollMs: 10 },
    })) as unknown as typeof handler;
  });
  afterAll(async () => {
    await Promise.all([harness.close(), s3.close()]);
  });

  it("rejects a folder with errors, changes nothing, and emails every error", async () => {
    await upload("imports/2024-06-bad", {
      ...readFixture(),
      appraisals: "staff_id,date\nW1,2024-02-30\n",
    });
    const before = await tableContents(harness.dynamo.documents, harness.tableName);
    const outcome = await handler(s3Event("imports/2024-06-bad/READY"), context);
    expect(outcome).toEqual([
      { folder: "imports/2024-06-bad", ok: false, errors: 1, notified: 1, notifyFailed: 0 },
    ]);
    expect(await tableContents(harness.dynamo.documents, harness.tableName)).toEqual(before);
    const email = (await harness.emails()).at(-1);
    expect(email?.destination.to).toEqual(["hr-systems@example.gov.uk"]);
    expect(email?.subject).toBe(
      "Import imports/2024-06-bad: rejected, 1 error(s), nothing changed",
    );
    expect(email?.body.text).toContain(
      "appraisals.csv:2: date: '2024-02-30' is not a real date written YYYY-MM-DD",
    );
    expect(email?.attachments).toEqual([]);
  });

  it("imports a folder whose name has a space when its READY file arrives, and emails the counts", async () => {
    await upload("imports/June 2024", readFixture());
    const outcome = await handler(s3Event("imports/June 2024/READY"), context);
    expect(outcome).toEqual([
      { folder: "imports/June 2024", ok: true, errors: 0, notified: 1, notifyFailed: 0 },
    ]);
    expect((await harness.store.listStaff()).length).toBe(10);
    const email = (await harness.emails()).at(-1);
    expect(email?.subject).toBe("Import imports/June 2024: done");
    expect(email?.body.text).toContain("staff.csv: 10 added, 0 changed, 0 unchanged");
    const [latest] = await harness.imports.listImports(1);
    expect(latest).toMatchObject({
      source: `s3://${BUCKET}/imports/June 2024/`,
      outcome: "applied",
    });
  });

  it("refuses a file over the size limit without reading it, and says so", async () => {
    await upload("imports/huge", { appraisals: `staff_id,date\n${"W1,2024-01-01\n".repeat(500)}` });
    const outcome = await handler(s3Event("imports/huge/READY"), context);
    expect(outcome).toMatchObject([{ folder: "imports/huge", ok: false, notified: 1 }]);
    const email = (await harness.emails()).at(-1);
    expect(email?.subject).toBe("Import imports/huge: refused, file over 0 MB, nothing changed");
    expect(email?.body.text).toContain("appraisals.csv (0.0 MB)");
  });

  it("caps the result email at 100 errors, counts the rest by rule, and attaches them all", async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `X${i},2024-01-01`).join("\n");
    await upload("imports/many-errors", { appraisals: `staff_id,date\n${rows}\n` });
    const outcome = await handler(s3Event("imports/many-errors/READY"), context);
    expect(outcome).toMatchObject([{ ok: false, errors: 250, notified: 1 }]);
    const email = (await harness.emails()).at(-1);
    const text = email?.body.text ?? "";
    expect(text.match(/^appraisals\.csv:\d+: /gm)).toHaveLength(100);
    expect(text).toContain("… and 150 more. All 250 errors by rule:");
    expect(text).toContain("  unknown staff_id: 250");
    expect(text).toContain("Every error is in the attached import-errors.csv.");
    expect(email?.attachments.map((a) => a.filename)).toEqual(["import-errors.csv"]);
  });

  it("reports a result email that could not be sent, and the import still stands", async () => {
    mailerFails = true;
    try {
      await upload("imports/quiet", { appraisals: "staff_id,date\nW1,2024-05-01\n" });
      const outcome = await handler(s3Event("imports/quiet/READY"), context);
      expect(outcome).toEqual([
        { folder: "imports/quiet", ok: true, errors: 0, notified: 0, notifyFailed: 1 },
      ]);
    } finally {
      mailerFails = false;
    }
  });

  it("when an admin's import is running, says so, records it, and throws so Lambda retries", async () => {
    const admin = { importId: "cli-run", source: "hr-export/", host: "admin-pc", pid: 7 };
    await harness.imports.acquireLock(admin, Date.now(), 60_000);
    try {
      await upload("imports/while-busy", { appraisals: "staff_id,date\nW1,2024-05-02\n" });
      await expect(handler(s3Event("imports/while-busy/READY"), context)).rejects.toThrow(
        /^another import is running \(from hr-export\/,/,
      );
      const email = (await harness.emails()).at(-1);
      expect(email?.subject).toBe("Import imports/while-busy: waiting, another import is running");
      const [latest] = await harness.imports.listImports(1);
      expect(latest).toMatchObject({
        source: `s3://${BUCKET}/imports/while-busy/`,
        outcome: "refused",
        failure: "another import was running (from hr-export/)",
      });
    } finally {
      await harness.imports.releaseLock(admin.importId);
    }
  });

  it("records folders refused before reading in the audit trail", async () => {
    const log = await harness.imports.listImports(20);
    expect(log.find((e) => e.source === `s3://${BUCKET}/imports/huge/`)).toMatchObject({
      outcome: "refused",
      failure: "file over the size limit",
      files: [{ file: "appraisals.csv", bytes: expect.any(Number) }],
    });
  });

  it("ignores the CSV uploads themselves: only READY starts an import", async () => {
    const sent = (await harness.emails()).length;
    expect(await handler(s3Event("imports/2024-07/staff.csv"), context)).toEqual([]);
    expect((await harness.emails()).length).toBe(sent);
  });
});
