import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scheduleTable } from "../../infra/schedule-table";
import { loadStageConfig } from "../../shared/config/load-stage-config";

describe("the README's table of what runs when", () => {
  it("matches the prod config (regenerate with: npm run -s schedule-table)", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
    expect(readme).toContain(scheduleTable(loadStageConfig("prod")));
  });
});
