import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { cliInProcess, standIn } from "../helpers/cli-process";
import { MARCH_2024_DIR } from "../helpers/fixtures";
import { tableContents } from "../helpers/table-contents";

const TABLE = "supervision-reminders-local";

describe("the CLI sends only where it is told to (separate DynamoDB and SES processes)", () => {
  let dynamo: Awaited<ReturnType<typeof standIn>>;
  let ses: Awaited<ReturnType<typeof standIn>>;
  let dataDir: string;
  const documents = () =>
    createDocumentClient(createDynamoClient({ region: "eu-west-2", endpoint: dynamo.endpoint }));

  const cli = (env: Record<string, string>, ...args: string[]) =>
    cliInProcess(
      {
        DATA_DIR: dataDir,
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        STORE: "",
        SES_ENDPOINT: "",
        SUPERVISION_TODAY: "2024-06-01",
        ...env,
      },
      ...args,
    );
  const sesEmails = async () =>
    ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: unknown[] }).emails;

  beforeAll(async () => {
    [dynamo, ses] = await Promise.all([standIn("dynamodb"), standIn("ses")]);
    dataDir = mkdtempSync(join(tmpdir(), "supervision-cli-sending-"));
    const imported = await cli({}, "import", MARCH_2024_DIR);
    expect(imported.code, imported.stderr).toBe(0);
  }, 120_000);
  afterAll(() => {
    dynamo?.proc.kill();
    ses?.proc.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses remind against a shared table with no SES named: exit 2, the table untouched", async () => {
    const before = await tableContents(documents(), TABLE);
    const run = await cli({}, "remind", "--date", "2024-03-20");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Refusing to run 'remind'");
    expect(run.stderr).toContain("SES_ENDPOINT=<url>");
    expect(run.stderr).toContain("--real-ses");
    expect(await tableContents(documents(), TABLE)).toEqual(before);
    expect(existsSync(join(dataDir, "outbox"))).toBe(false);
  });

  it("refuses digest --send the same way, before compiling or storing anything", async () => {
    const before = await tableContents(documents(), TABLE);
    const run = await cli({}, "digest", "--month", "2024-03", "--send");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Refusing to run 'digest'");
    expect(await tableContents(documents(), TABLE)).toEqual(before);
    expect(existsSync(join(dataDir, "reports"))).toBe(false);
  });

  it("refuses with the deployed table (STORE=aws) too, before any AWS call", async () => {
    const run = await cli(
      { STORE: "aws", DYNAMODB_ENDPOINT: "" },
      "remind",
      "--date",
      "2024-03-20",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the deployed table (STORE=aws)");
  });

  it("with SES unreachable, fails loudly: exit 1, incomplete, and nothing counted as maybe sent", async () => {
    const run = await cli(
      { SES_ENDPOINT: "http://127.0.0.1:9" },
      "remind",
      "--date",
      "2024-03-20",
      "--json",
    );
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ sent: 0, failed: 1, complete: false, possibleDuplicates: 0 });
    const failed = (await tableContents(documents(), TABLE)).filter((i) => i.status === "failed");
    expect(failed).toEqual([
      expect.objectContaining({ reason: "ECONNREFUSED", outcomeUnknown: false }),
    ]);
  });

  it("sends through the SES it is given, records it in the shared table, and exits 0", async () => {
    const run = await cli(
      { SES_ENDPOINT: ses.endpoint },
      "remind",
      "--date",
      "2024-03-20",
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ failed: 0, complete: true, possibleDuplicates: 0 });
    expect(json.undeliverable).toBeGreaterThanOrEqual(0);
    expect(json.sent).toBeGreaterThanOrEqual(2);
    expect(await sesEmails()).toHaveLength(json.sent);
    const sent = (await tableContents(documents(), TABLE)).filter(
      (i) => i.kind === "email" && i.status === "sent",
    );
    expect(sent).toHaveLength(json.sent);
  });

  it("sends the digest through the SES it is given, once", async () => {
    const before = (await sesEmails()).length;
    const run = await cli({ SES_ENDPOINT: ses.endpoint }, "digest", "--month", "2024-03", "--send");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Digest emails: 1 sent, 0 failed");
    expect(await sesEmails()).toHaveLength(before + 1);
  });
});
