import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { importFiles } from "../../shared/use-cases/import-files";
import { ImportLockedError } from "../../shared/use-cases/import-lock";
import { FIXTURE_NOW, startTestDynamo, testConfig } from "../helpers/memory-store";
import { tableContents } from "../helpers/table-contents";

const department = generateDepartment({
  asOf: "2024-05-31",
  socialWorkers: 30,
  historyMonths: 6,
  seed: 4,
});
const request = { contents: toCsvBuffers(department), source: "admin-a" };

describe("two imports at once", () => {
  let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
  let reference: Awaited<ReturnType<typeof tableContents>>;
  beforeAll(async () => {
    dynamo = await startTestDynamo();
    const clean = await dynamo.newStore();
    await importFiles(request, { ...clean, config: testConfig, nowMs: () => FIXTURE_NOW });
    reference = await tableContents(dynamo.documents, clean.tableName);
  });
  afterAll(async () => dynamo.close());

  it("never interleave: the second gives up with a clear message and changes nothing", async () => {
    const target = await dynamo.newStore();
    const deps = { ...target, config: testConfig, nowMs: () => FIXTURE_NOW };
    const first = importFiles(request, deps);
    const second = importFiles(
      { ...request, source: "s3://bucket/imports/june/" },
      { ...deps, lockTiming: { leaseMs: 60_000, waitMs: 0, pollMs: 10 } },
    );
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a).toMatchObject({ status: "fulfilled", value: { ok: true } });
    expect(b.status).toBe("rejected");
    const error = (b as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(ImportLockedError);
    expect(error.message).toMatch(
      /^another import is running \(from admin-a, started \d{4}-\d\d-\d\dT[\d:.]+Z\): nothing was changed; run this one again when it has finished\. If that import died, its lock lapses at /,
    );
    expect(await tableContents(dynamo.documents, target.tableName)).toEqual(reference);
    const log = await target.imports.listImports(10);
    expect(log.map((e) => [e.source, e.outcome])).toEqual([["admin-a", "applied"]]);
  });

  it("wait their turn when the first finishes in time, then find nothing to change", async () => {
    const target = await dynamo.newStore();
    const deps = { ...target, config: testConfig, nowMs: () => FIXTURE_NOW };
    const waiting = { ...deps, lockTiming: { leaseMs: 60_000, waitMs: 60_000, pollMs: 20 } };
    const [a, b] = await Promise.all([importFiles(request, deps), importFiles(request, waiting)]);
    expect(a.ok && b.ok).toBe(true);
    const counts = [a, b].map((r) => (r.ok ? r.recordsWritten + r.staffWritten : -1));
    expect(counts.sort((x, y) => x - y)[0]).toBe(0);
    expect(await tableContents(dynamo.documents, target.tableName)).toEqual(reference);
  });
});
