import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../../shared/config/app-config";
import type { Digest } from "../../../shared/domain/digest/digest-model";
import { checkDigestRecorded } from "../../../shared/use-cases/check-digest-recorded";
import { InMemoryDigestStore } from "../../fakes/in-memory-digest-store";

const config = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test");

/** A stored snapshot for a month: the check looks only at whether there is one. */
const snapshotOf = (month: string) => ({ month }) as Digest;

async function storeWith(...months: string[]) {
  const digests = new InMemoryDigestStore();
  for (const month of months) await digests.save(snapshotOf(month), "2024-04-02T06:00:00Z");
  return digests;
}

// April 2024: Monday 1st was Easter Monday, so the 3rd working day is Thursday the 4th.
describe("whether last month's digest is recorded (the daily job's check)", () => {
  it("does not call a digest missing before the month's 3rd working day", async () => {
    const check = await checkDigestRecorded("2024-04-03", {
      digests: await storeWith(),
      config,
    });
    expect(check).toEqual({ month: "2024-03", dueBy: "2024-04-04", missing: false });
  });

  it("calls it missing from the 3rd working day when last month's snapshot is not stored", async () => {
    for (const date of ["2024-04-04", "2024-04-30"]) {
      const check = await checkDigestRecorded(date, { digests: await storeWith(), config });
      expect(check, date).toEqual({ month: "2024-03", dueBy: "2024-04-04", missing: true });
    }
  });

  it("looks for last month's snapshot, not any snapshot", async () => {
    const digests = await storeWith("2024-02", "2024-04");
    expect((await checkDigestRecorded("2024-04-04", { digests, config })).missing).toBe(true);
    await digests.save(snapshotOf("2024-03"), "2024-04-05T09:00:00Z");
    expect((await checkDigestRecorded("2024-04-04", { digests, config })).missing).toBe(false);
  });

  it("counts closure days as days off when working out the deadline", async () => {
    const closed = parseAppConfig(
      { stage: "test", region: "eu-west-2", calendar: { closureDays: ["2024-04-03"] } },
      "test",
    );
    const check = await checkDigestRecorded("2024-04-04", {
      digests: await storeWith(),
      config: closed,
    });
    expect(check).toEqual({ month: "2024-03", dueBy: "2024-04-05", missing: false });
  });
});
