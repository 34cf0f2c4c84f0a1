import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const out = mkdtempSync(join(tmpdir(), "cdk-out-"));

/** `cdk synth` exactly as an admin runs it: offline, no credentials. */
function synth(...args: string[]) {
  return spawnSync(
    join(ROOT, "node_modules", ".bin", "cdk"),
    ["synth", "--quiet", "--no-notices", "-o", out, ...args],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: "",
        AWS_SECRET_ACCESS_KEY: "",
        AWS_PROFILE: "",
        CDK_DEFAULT_ACCOUNT: "",
      },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
}

describe("cdk synth", () => {
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("synthesises the stacks from config alone, with no AWS credentials", () => {
    const run = synth();
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(out, "SupervisionReminders-prod-Data.template.json"))).toBe(true);
  });

  it("fails with a readable message for a stage that has no config", () => {
    const run = synth("-c", "stage=staging");
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Unknown stage 'staging': expected one of local, prod");
  });
});
