import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Template } from "aws-cdk-lib/assertions";
import { inject } from "vitest";
import {
  EXIT_FILE,
  type StageName,
  type StageSynthesis,
  SYNTHESIS_FILE,
  type Synthesis,
  type SynthesisExit,
} from "../setup/synthesis";

/** Long enough for a synthesis on a busy machine; a broken one fails fast (its exit is recorded). */
const WAIT_MS = 300_000;

let loaded: Promise<Synthesis> | undefined;

/**
 * The run's one synthesis (see `test/setup/synth-global-setup.ts`), waiting for it if it is
 * still under way. Only tests in the end-to-end ring, whose global setup starts it, can use it.
 */
export function synthesis(): Promise<Synthesis> {
  loaded ??= waitForSynthesis(inject("synthDir"));
  return loaded;
}

async function waitForSynthesis(dir: string | undefined): Promise<Synthesis> {
  if (!dir) throw new Error("no synthDir: run this test in the end-to-end project");
  const file = join(dir, SYNTHESIS_FILE);
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(file)) {
    const exitFile = join(dir, EXIT_FILE);
    // The file is renamed into place before the process exits: look once more, then fail.
    if (existsSync(exitFile) && !existsSync(file)) {
      const exit = JSON.parse(readFileSync(exitFile, "utf8")) as SynthesisExit;
      throw new Error(
        `synthesis failed (exit ${exit.code ?? exit.signal}):\n${exit.stderr || "(no output)"}`,
      );
    }
    if (Date.now() > deadline) throw new Error(`synthesis not done after ${WAIT_MS / 1000}s`);
    await sleep(100);
  }
  return JSON.parse(readFileSync(file, "utf8")) as Synthesis;
}

/**
 * A stage's stacks as the infra tests assert on them: the Data and App templates (bundling
 * skipped; the `cdk synth` test bundles for real) and what the construct tree said about them.
 */
export async function synthStage(stage: StageName = "prod") {
  const facts: StageSynthesis = (await synthesis()).stages[stage];
  const template = (file: string) => Template.fromJSON(JSON.parse(readFileSync(file, "utf8")));
  return {
    facts,
    data: template(facts.data.templateFile),
    stateless: template(facts.app.templateFile),
  };
}

/** Replays a synth recorded with cdk-nag's checks: throws what it threw, or nothing. */
export const replaySynth = (verdict: { synthError: string | null }) => () => {
  if (verdict.synthError !== null) throw new Error(verdict.synthError);
};
