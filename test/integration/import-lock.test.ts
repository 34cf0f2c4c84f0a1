import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDepartment } from "../../shared/demo/generate-department";
import { toCsvBuffers } from "../../shared/import/write-csv";
import type { ImportLedger } from "../../shared/ports/import-ledger";
import { importFiles } from "../../shared/use-cases/import-files";
import { ImportLockedError, ImportLockLostError } from "../../shared/use-cases/import-lock";
import { tableContents } from "../helpers/table-contents";
import { FIXTURE_NOW, startTestDynamo, testConfig } from "../helpers/test-dynamo";

const department = generateDepartment({
  asOf: "2024-05-31",
  socialWorkers: 30,
  historyMonths: 6,
  seed: 4,
});
const request = { contents: toCsvBuffers(department), source: "admin-b" };
const ADMIN_A = { importId: "import-a", source: "admin-a", host: "laptop-a", pid: 4242 };
const alive = { me: { host: "laptop-b", pid: 1 }, isGone: () => false };

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

  const setUp = async () => {
    const target = await dynamo.newStore();
    const deps = { ...target, config: testConfig, nowMs: () => FIXTURE_NOW, lockIdentity: alive };
    return { target, deps };
  };

  it("never interleave: the second gives up with a clear message and changes nothing", async () => {
    const { target, deps } = await setUp();
    const now = Date.now();
    expect(await target.imports.acquireLock(ADMIN_A, now, 60_000)).toEqual({ acquired: true });
    const second = importFiles(request, {
      ...deps,
      lockTiming: { leaseMs: 60_000, waitMs: 0, pollMs: 10 },
    });
    const error = await second.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportLockedError);
    expect((error as Error).message).toBe(
      `another import is running (from admin-a, started ${new Date(now).toISOString()}): nothing was changed; ` +
        `run this one again when it has finished. If that import died, its lock lapses at ${new Date(now + 60_000).toISOString()}.`,
    );
    expect(await tableContents(dynamo.documents, target.tableName)).toEqual([]);
    expect((await target.imports.listImports(10)).map((e) => [e.source, e.outcome])).toEqual([
      ["admin-b", "refused"],
    ]);
  });

  it("wait their turn when the first finishes in time", async () => {
    const { target, deps } = await setUp();
    await target.imports.acquireLock(ADMIN_A, Date.now(), 60_000);
    const waiting = importFiles(request, {
      ...deps,
      lockTiming: { leaseMs: 60_000, waitMs: 30_000, pollMs: 20 },
    });
    setTimeout(() => void target.imports.releaseLock(ADMIN_A.importId), 200);
    expect((await waiting).ok).toBe(true);
    expect(await tableContents(dynamo.documents, target.tableName)).toEqual(reference);
  });

  it("an import whose lock is taken from it (it stalled past its lease) writes nothing more", async () => {
    const { target, deps } = await setUp();
    // Just after this import has its lock, another seizes it (as after a lapsed lease).
    const seizing: ImportLedger = Object.assign(Object.create(target.imports), {
      pendingStaff: async () => {
        const seized = await target.imports.acquireLock(
          ADMIN_A,
          Date.now(),
          60_000,
          (await target.imports.listImports(1))[0]?.importId,
        );
        expect(seized).toEqual({ acquired: true });
        return target.imports.pendingStaff();
      },
    });
    const stalled = importFiles(request, { ...deps, imports: seizing });
    await expect(stalled).rejects.toBeInstanceOf(ImportLockLostError);
    expect(await tableContents(dynamo.documents, target.tableName)).toEqual([]);
    // Nor can it touch the journal of the import that holds the lock now.
    expect(await target.imports.beginStep("not-the-holder", ["X"])).toBe(false);
    expect(await target.imports.pendingStaff()).toEqual([]);
  });
});
