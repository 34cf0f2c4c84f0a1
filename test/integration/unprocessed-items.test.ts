import type {
  BatchWriteItemCommandInput,
  BatchWriteItemCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbSupervisionStore } from "../../shared/adapters/dynamodb/dynamodb-supervision-store";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { buildMonthlyReport } from "../../shared/use-cases/build-monthly-report";
import { importFiles } from "../../shared/use-cases/import-files";
import { tableContents } from "../helpers/table-contents";
import { FIXTURE_NOW, startTestDynamo, testConfig } from "../helpers/test-dynamo";

/**
 * DynamoDB may accept only part of a BatchWriteItem and hand the rest back as
 * UnprocessedItems. This middleware makes the real stand-in do exactly that for every other
 * batch: it sends half the items and returns the other half as unprocessed.
 */
function withPartialBatches(dynamo: Awaited<ReturnType<typeof startTestDynamo>>) {
  let calls = 0;
  dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "BatchWriteItemCommand") return next(args);
      const input = args.input as BatchWriteItemCommandInput;
      const [table, requests] = Object.entries(input.RequestItems ?? {})[0] ?? [];
      if (!table || !requests || requests.length < 2 || calls++ % 2 === 1) return next(args);
      const half = Math.ceil(requests.length / 2);
      const result = await next({
        ...args,
        input: { ...input, RequestItems: { [table]: requests.slice(0, half) } },
      });
      (result.output as BatchWriteItemCommandOutput).UnprocessedItems = {
        [table]: requests.slice(half),
      };
      return result;
    },
    { step: "initialize", name: "partialBatches" },
  );
  return () => calls;
}

describe("a store that only partly accepts batches", () => {
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
  });
  afterAll(async () => dynamo.close());

  it("still writes every item, and the result equals an unfaulted import", async () => {
    const department = generateDepartment({
      asOf: "2024-06-15",
      socialWorkers: 40,
      historyMonths: 6,
      seed: 7,
    });
    const files = toCsvBuffers(department);

    const clean = await dynamo.newStore();
    await importFiles(
      { contents: files, source: "test" },
      { ...clean, config: testConfig, nowMs: () => FIXTURE_NOW },
    );

    const calls = withPartialBatches(dynamo);
    const faulty = await dynamo.newStore();
    const result = await importFiles(
      { contents: files, source: "test" },
      {
        ...faulty,
        config: testConfig,
        nowMs: () => FIXTURE_NOW,
      },
    );
    expect(result.ok).toBe(true);
    expect(calls()).toBeGreaterThan(10);

    const written = await tableContents(dynamo.documents, faulty.tableName);
    expect(written.length).toBeGreaterThan(department.staff.length);
    expect(written).toEqual(await tableContents(dynamo.documents, clean.tableName));
    const store = new DynamoDbSupervisionStore({
      client: dynamo.documents,
      tableName: faulty.tableName,
    });
    const expected = await buildMonthlyReport("2024-05", {
      store: clean.store,
      policy: testConfig.policy,
      factsWindowDays: testConfig.table.factsWindowDays,
    });
    expect(
      await buildMonthlyReport("2024-05", {
        store,
        policy: testConfig.policy,
        factsWindowDays: testConfig.table.factsWindowDays,
      }),
    ).toEqual(expected);
  });
});

describe("writing the same record twice in one call", () => {
  it("is one item, not a rejected batch", async () => {
    const dynamo = await startTestDynamo();
    try {
      const { store, tableName } = await dynamo.newStore();
      const appraisal = {
        kind: "appraisal",
        record: { staffId: "W1", date: "2024-01-01" },
      } as const;
      await store.putRecords([appraisal, appraisal]);
      expect(await tableContents(dynamo.documents, tableName)).toHaveLength(1);
    } finally {
      await dynamo.close();
    }
  });
});
