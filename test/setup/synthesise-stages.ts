/**
 * Synthesises, once per test run, everything the infra tests look at, and writes it as JSON
 * for them to load (`test/helpers/synth.ts`): the prod, staging and local stacks' templates,
 * the few facts only the construct tree knows (stack environments, logical ids, where cdk-nag
 * findings are acknowledged, annotations), and cdk-nag's verdict on the prod app and on a
 * deliberately careless one. Run by `synth-global-setup.ts` in a process of its own:
 * `node --import tsx test/setup/synthesise-stages.ts <out-dir>`.
 *
 * Bundling is skipped (the `cdk synth` test bundles for real); nothing else differs from
 * `infra/bin/app.ts`.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, Stack, Validations } from "aws-cdk-lib";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { buildApp } from "../../infra/app";
import { addComplianceChecks } from "../../infra/compliance-checks";
import type {
  Acknowledgement,
  Annotation,
  NagVerdict,
  StackFacts,
  StageName,
  StageSynthesis,
  Synthesis,
} from "./synthesis";
import {
  BANK_HOLIDAYS_ENDING_ON,
  BANK_HOLIDAYS_LISTED_ON,
  STAGES,
  SYNTHESIS_FILE,
} from "./synthesis";

const out = process.argv[2];
if (!out) throw new Error("usage: synthesise-stages.ts <out-dir>");

// As the tests always synthesised: a fixed default account (a stage without one stays unpinned).
process.env.CDK_DEFAULT_ACCOUNT = "123456789012";
const context = {
  "aws:cdk:bundling-stacks": [],
  // Synthesised in this process, as the tests did: a failed validation throws its whole report.
  "@aws-cdk/core:appMode": "inmemory",
};

let apps = 0;
/** An app writing its cloud assembly under `out`, so the run's teardown removes it. */
function newApp(): App {
  const outdir = join(out as string, `assembly-${++apps}`);
  mkdirSync(outdir, { recursive: true });
  return new App({ outdir, context });
}

/** What `app.synth()` with cdk-nag says: nothing, or the error that failed synth. */
function synthWithNag(app: App): NagVerdict {
  addComplianceChecks(app);
  const outdir = app.outdir;
  try {
    app.synth();
    return { synthError: null, report: readReport(outdir) };
  } catch (error) {
    return { synthError: String((error as Error).message), report: readReport(outdir) };
  }
}

function readReport(outdir: string): unknown {
  try {
    return JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8"));
  } catch {
    return null;
  }
}

function stackFacts(stack: Stack): StackFacts {
  const artifact = stack.node.root instanceof App ? stack.node.root.synth() : undefined;
  const stackArtifact = artifact?.getStackArtifact(stack.artifactId);
  if (!stackArtifact) throw new Error(`no artifact for ${stack.stackName}`);
  const warnings: Annotation[] = stackArtifact.messages
    .filter((m) => m.level === "warning")
    .map((m) => ({ path: m.id, message: String(m.entry.data) }));
  return {
    stackName: stack.stackName,
    account: stack.account,
    region: stack.region,
    templateFile: stackArtifact.templateFullPath,
    warnings,
  };
}

function acknowledgementsIn(app: App): Acknowledgement[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .map((m) => ({
        path: c.node.path,
        scope:
          c instanceof App
            ? ("app" as const)
            : c instanceof Stack
              ? ("stack" as const)
              : ("construct" as const),
        data: m.data as unknown,
      })),
  );
}

/**
 * Prod is built as of a day when the bank holiday list ends within 12 months: its one
 * synthesis shows both that cdk-nag finds nothing unacknowledged and that the warning this
 * raises never fails synth. The other stages are built as of today, as `cdk synth` does.
 */
function buildStage(app: App, stage: StageName) {
  return stage === "prod" ? buildApp(app, stage, BANK_HOLIDAYS_ENDING_ON) : buildApp(app, stage);
}

function synthesiseStage(stage: StageName): { stage: StageSynthesis; nag?: NagVerdict } {
  const app = newApp();
  const built = buildStage(app, stage);
  if (stage !== "prod") return { stage: describeStage(stage, app, built) };
  const nag = synthWithNag(app);
  if (nag.synthError === null) return { stage: describeStage(stage, app, built), nag };
  // Synth failed on a finding: the nag test reports it; the template tests still get theirs.
  const plain = newApp();
  return { stage: describeStage(stage, plain, buildStage(plain, stage)), nag };
}

function describeStage(
  stage: StageName,
  app: App,
  built: ReturnType<typeof buildApp>,
): StageSynthesis {
  return {
    stage,
    data: stackFacts(built.data),
    app: stackFacts(built.app),
    logicalIds: {
      importBucket: built.app.getLogicalId(built.app.importBucket.node.defaultChild as never),
      alarmTopic: built.app.getLogicalId(built.app.alarms.topic.node.defaultChild as never),
    },
    acknowledgements: acknowledgementsIn(app),
  };
}

const started = Date.now();
const stages = {} as Record<StageName, StageSynthesis>;
let prodNag: NagVerdict | undefined;
for (const name of STAGES) {
  const { stage, nag } = synthesiseStage(name);
  stages[name] = stage;
  if (nag) prodNag = nag;
}
if (!prodNag) throw new Error("prod was not checked by cdk-nag");

// A bucket with neither access logs nor TLS enforcement: cdk-nag must fail this synth.
const careless = newApp();
new Bucket(new Stack(careless, "Careless"), "OpenBucket");
const carelessNag = synthWithNag(careless);

// The same prod app as of a day long before the holiday list runs out: no warning.
const early = newApp();
const earlyWarnings = stackFacts(buildApp(early, "prod", BANK_HOLIDAYS_LISTED_ON).app).warnings;

const synthesis: Synthesis = {
  stages,
  nag: { prod: prodNag, careless: carelessNag },
  prodWarningsLongBeforeHolidaysEnd: earlyWarnings,
  tookMs: Date.now() - started,
};
// Written whole, then renamed: a reader never sees half a file.
const file = join(out, SYNTHESIS_FILE);
writeFileSync(`${file}.partial`, JSON.stringify(synthesis));
renameSync(`${file}.partial`, file);
