import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import type { TestProject } from "vitest/node";
import { EXIT_FILE, type SynthesisExit } from "./synthesis";

const ROOT = join(import.meta.dirname, "..", "..");
const INFRA_TESTS = join(ROOT, "test", "infra") + sep;

interface Running {
  dir: string;
  child: ChildProcess;
  closed: Promise<void>;
}

/**
 * Starts the synthesis in a process of its own, writing to a new directory; when it ends,
 * records how (so a waiting test fails at once with its error rather than at a timeout).
 */
function startSynthesis(): Running {
  const dir = mkdtempSync(join(tmpdir(), "supervision-synth-"));
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "test", "setup", "synthesise-stages.ts"), dir],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
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
  return { dir, child, closed };
}

async function stop({ dir, child, closed }: Running): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill();
  await closed;
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Global setup of the end-to-end ring: synthesises the stages the infra tests read, once per
 * run, in a process of its own that starts now and runs alongside the first tests (nothing
 * waits for it but the infra tests, through `test/helpers/synth.ts`). Its output directory is
 * provided to the tests as `synthDir` and removed at the end of the run. In watch mode, a
 * rerun that includes infra tests synthesises again (the infra code may have changed).
 */
export default function setup(project: TestProject) {
  let current = startSynthesis();
  project.provide("synthDir", current.dir);
  // Should Vitest exit without tearing down (a signal in watch mode), leave nothing behind.
  const onExit = () => {
    current.child.kill();
    rmSync(current.dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);

  project.onTestsRerun(async (specs) => {
    if (!specs.some((spec) => spec.moduleId.startsWith(INFRA_TESTS))) return;
    await stop(current);
    current = startSynthesis();
    project.provide("synthDir", current.dir);
  });

  return async () => {
    process.off("exit", onExit);
    await stop(current);
  };
}
