import { randomUUID } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { Context } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImportHandler } from "../../functions/import-from-s3/handler";
import { CSV_FILE_NAMES } from "../../shared/import/csv-files";
import { readFixture } from "../helpers/fixtures";
import { FIXTURE_NOW } from "../helpers/memory-store";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";
import { tableContents } from "../helpers/table-contents";

const BUCKET = "supervision-imports";

function s3Event(key: string) {
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
            key,
            size: 0,
            eTag: "d41d8cd98f00b204e9800998ecf8427e",
            sequencer: "0055AED6DCD90281E5",
          },
        },
      },
    ],
  };
}

const context = {
  awsRequestId: randomUUID(),
  functionName: "import-from-s3",
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

describe("import from the S3 bucket (dynalite, SES emulator; S3 mocked)", () => {
  let harness: ReminderHarness;
  const s3 = mockClient(S3Client);
  const folders = new Map<string, Record<string, Buffer>>();
  let handler: (event: unknown, context: Context) => Promise<unknown>;

  beforeAll(async () => {
    harness = await startReminderHarness({});
    s3.on(ListObjectsV2Command).callsFake((input: { Prefix: string }) => ({
      Contents: Object.keys(folders.get(input.Prefix) ?? {}).map((file) => ({
        Key: `${input.Prefix}${file}`,
      })),
    }));
    s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
      const folder = input.Key.slice(0, input.Key.lastIndexOf("/") + 1);
      const body = folders.get(folder)?.[input.Key.slice(folder.length)] ?? Buffer.alloc(0);
      return { Body: { transformToByteArray: async () => new Uint8Array(body) } };
    });
    handler = createImportHandler(() => ({
      config: harness.config,
      store: harness.store,
      imports: harness.imports,
      mailer: harness.mailer,
      notify: ["hr-systems@example.gov.uk"],
      s3: new S3Client({ region: "eu-west-2" }),
      nowMs: () => FIXTURE_NOW,
    })) as unknown as typeof handler;
  });
  afterAll(async () => {
    s3.restore();
    await harness.close();
  });

  it("rejects a folder with errors, changes nothing, and emails every error", async () => {
    const files = Object.fromEntries(
      Object.entries(readFixture()).map(([kind, b]) => [
        CSV_FILE_NAMES[kind as keyof typeof CSV_FILE_NAMES],
        b as Buffer,
      ]),
    );
    files["appraisals.csv"] = Buffer.from("staff_id,date\nW1,2024-02-30\n");
    folders.set("imports/2024-06-bad/", files);
    const before = await tableContents(harness.dynamo.documents, harness.tableName);
    const outcome = await handler(s3Event("imports/2024-06-bad/READY"), context);
    expect(outcome).toEqual([{ folder: "imports/2024-06-bad", ok: false, errors: 1, notified: 1 }]);
    expect(await tableContents(harness.dynamo.documents, harness.tableName)).toEqual(before);
    const email = (await harness.emails()).at(-1);
    expect(email?.destination.to).toEqual(["hr-systems@example.gov.uk"]);
    expect(email?.subject).toBe(
      "Import imports/2024-06-bad: rejected, 1 error(s), nothing changed",
    );
    expect(email?.body.text).toContain(
      "appraisals.csv:2: date: '2024-02-30' is not a real date written YYYY-MM-DD",
    );
  });

  it("imports a good folder when its READY file arrives, and emails the counts", async () => {
    const files = Object.fromEntries(
      Object.entries(readFixture()).map(([kind, b]) => [
        CSV_FILE_NAMES[kind as keyof typeof CSV_FILE_NAMES],
        b as Buffer,
      ]),
    );
    folders.set("imports/2024-06/", files);
    const outcome = await handler(s3Event("imports/2024-06/READY"), context);
    expect(outcome).toEqual([{ folder: "imports/2024-06", ok: true, errors: 0, notified: 1 }]);
    expect((await harness.store.listStaff()).length).toBe(10);
    const email = (await harness.emails()).at(-1);
    expect(email?.subject).toBe("Import imports/2024-06: done");
    expect(email?.body.text).toContain("staff.csv: 10 added, 0 changed, 0 unchanged");
  });

  it("ignores the CSV uploads themselves: only READY starts an import", async () => {
    const sent = (await harness.emails()).length;
    expect(await handler(s3Event("imports/2024-07/staff.csv"), context)).toEqual([]);
    expect((await harness.emails()).length).toBe(sent);
  });
});
