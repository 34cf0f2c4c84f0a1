/** What `synthesise-stages.ts` writes once per run and the infra tests read. */

export const STAGES = ["prod", "staging", "local"] as const;
export type StageName = (typeof STAGES)[number];

/** The file in the run's synthesis directory holding a `Synthesis`. */
export const SYNTHESIS_FILE = "synthesis.json";
/** Written by the global setup when the synthesis process ends: a `SynthesisExit`. */
export const EXIT_FILE = "exit.json";

/** Prod is synthesised as of this day: the bank holiday list (to 2028-12-26) ends within 12 months. */
export const BANK_HOLIDAYS_ENDING_ON = "2028-06-01";
/** …and once more as of this day, long before it does. */
export const BANK_HOLIDAYS_LISTED_ON = "2026-01-05";

export interface Annotation {
  /** The construct path CDK reports the annotation on. */
  path: string;
  message: string;
}

export interface StackFacts {
  stackName: string;
  account: string;
  region: string;
  /** The synthesised CloudFormation template (JSON). */
  templateFile: string;
  warnings: Annotation[];
}

/** One `Validations.acknowledge` recorded on a construct. */
export interface Acknowledgement {
  path: string;
  /** What the acknowledgement was applied to: a whole app or stack would hide future findings. */
  scope: "app" | "stack" | "construct";
  data: unknown;
}

export interface StageSynthesis {
  stage: StageName;
  data: StackFacts;
  app: StackFacts;
  /** Logical ids in the App stack's template, from the constructs the tests name. */
  logicalIds: { importBucket: string; alarmTopic: string };
  acknowledgements: Acknowledgement[];
}

/** What synth with cdk-nag's checks did. */
export interface NagVerdict {
  /** The message synth failed with, or null when it passed. */
  synthError: string | null;
  /** CDK's validation report (`validation-report.json`), when it wrote one. */
  report: unknown;
}

export interface Synthesis {
  stages: Record<StageName, StageSynthesis>;
  nag: { prod: NagVerdict; careless: NagVerdict };
  /** The prod App stack's warnings when built as of `BANK_HOLIDAYS_LISTED_ON`. */
  prodWarningsLongBeforeHolidaysEnd: Annotation[];
  tookMs: number;
}

export interface SynthesisExit {
  code: number | null;
  signal: string | null;
  /** The end of the process's stderr, for the failure message. */
  stderr: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's synthesis directory (see `synth-global-setup.ts`). */
    synthDir: string;
  }
}
