import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const out = mkdtempSync(join(tmpdir(), "cdk-out-"));

/**
 * `cdk synth` exactly as an admin runs it: offline, no credentials. Asynchronous, so the
 * worker stays responsive and the test's own timeout applies; killed a little before it.
 */
function synth(...args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(ROOT, "node_modules", ".bin", "cdk"),
      ["synth", "--quiet", "--no-notices", ...(args.includes("-o") ? [] : ["-o", out]), ...args],
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
        timeout: 280_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, _stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        resolve({ status: typeof code === "number" ? code : null, stderr });
      },
    );
  });
}

describe("cdk synth", () => {
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("synthesises a stage's stacks from config alone, with no AWS credentials", async () => {
    const run = await synth("-c", "stage=prod");
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(out, "SupervisionReminders-prod-Data.template.json"))).toBe(true);
    expect(existsSync(join(out, "SupervisionReminders-prod-App.template.json"))).toBe(true);
  });

  it("never builds prod when no stage is named: it builds local, which refuses deployment", async () => {
    const bare = mkdtempSync(join(tmpdir(), "cdk-out-bare-"));
    try {
      const run = await synth("-o", bare);
      expect(run.status, run.stderr).toBe(0);
      const templates = readdirSync(bare).filter((f) => f.endsWith(".template.json"));
      expect(templates.sort()).toEqual([
        "SupervisionReminders-local-App.template.json",
        "SupervisionReminders-local-Data.template.json",
      ]);
      const app = JSON.parse(
        readFileSync(join(bare, "SupervisionReminders-local-App.template.json"), "utf8"),
      );
      expect(app.Rules.NotDeployable).toBeDefined();
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it("fails with a readable message for a stage that has no config", async () => {
    const run = await synth("-c", "stage=qa");
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Unknown stage 'qa': expected one of local, staging, prod");
  });
});
