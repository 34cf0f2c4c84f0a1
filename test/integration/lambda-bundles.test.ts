import { describe, expect, it } from "vitest";
import { measureBundles } from "../bench/bundles";

describe("lean Lambdas", () => {
  it("each bundle is at most 1.5× a bundle of only the AWS SDK clients it uses", async () => {
    const rows = await measureBundles({ runs: 0 });
    expect(rows.map((r) => r.fn).sort()).toEqual([
      "delivery-events",
      "import-from-s3",
      "monthly-digest",
      "send-due-reminders",
    ]);
    for (const row of rows) {
      expect(row.baselineBytes, row.fn).toBeGreaterThan(100_000);
      expect(row.bytes / row.baselineBytes, row.fn).toBeLessThanOrEqual(1.5);
    }
  }, 120_000);
});
