import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { EXIT_FILE, type SynthesisExit } from "./synthesis";

const ROOT = join(import.meta.dirname, "..", "..");

/**
 * Global setup of the end-to-end ring: synthesises the stages the infra tests read, once per
 * run, in a process of its own that starts now and runs alongside the first tests (nothing
 * waits for it but the infra tests, through `test/helpers/synth.ts`). Its output directory is
 * provided to the tests as `synthDir` and removed at the end of the run.
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "supervision-synth-"));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "test", "setup", "synthesise-stages.ts"), dir],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const recordExit = (exit: SynthesisExit) =>
    writeFileSync(join(dir, EXIT_FILE), JSON.stringify(exit));
  // `once` rejects on "error", which is recorded below.
  const closed = once(child, "close").then(
    ([code, signal]) => recordExit({ code, signal, stderr }),
    () => {},
  );
  child.on("error", (error) => recordExit({ code: null, signal: null, stderr: error.message }));
  project.provide("synthDir", dir);

  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await closed;
    rmSync(dir, { recursive: true, force: true });
  };
}
