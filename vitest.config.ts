import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/** Tests that start processes (the CLI under tsx, stand-ins it kills): end-to-end, not integration. */
const processTests = [
  "test/integration/cli.test.ts",
  "test/integration/cli-sending.test.ts",
  "test/integration/import-cli.test.ts",
];

/**
 * Three rings, all run by `npm test` (`vitest run`); one alone with `--project <name>`:
 * - unit: pure code and in-memory fakes, seconds in all (`npm run test:unit`);
 * - integration: the adapters and jobs against dynalite, the SES emulator and s3rver;
 * - end-to-end: the CDK app (one shared synthesis, cdk-nag, a real `cdk synth`) and the CLI run
 *   as a process. These start processes that compete for the CPU with everything else, so
 *   their timeouts allow for a busy machine; the unit ring keeps tight ones.
 */
export default defineConfig({
  test: {
    // One worker per core (Vitest's default leaves one idle): the main process mostly waits,
    // and the end-to-end tests' workers mostly wait on the processes they start.
    maxWorkers: Math.max(1, availableParallelism()),
    // Lambda runs Node 22+; on Node 20 locally the SDK's upgrade notice is only noise.
    // Handlers log JSON and EMF to stdout for CloudWatch; tests that check them switch it on.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      POWERTOOLS_LOG_LEVEL: "SILENT",
      POWERTOOLS_METRICS_DISABLED: "true",
    },
    // `npm run test:coverage`: the unit ring's coverage of the domain (pure code, which the unit
    // ring alone should cover). Measured on the unit ring at 95.2–95.4% statements, 91.5–91.9%
    // branches (the property tests' random inputs move it), 93.5% functions and 96.2% lines;
    // the thresholds sit a little under, so new domain code needs unit tests of its own.
    coverage: {
      provider: "v8",
      include: ["shared/domain/**/*.ts"],
      reporter: ["text-summary", "text"],
      thresholds: { statements: 94, branches: 90, functions: 92, lines: 95 },
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Pure code and in-memory fakes: no mocks, stubs or globals to leak, so the files share
          // their workers' module cache (a third of the time). A test that needs vi.mock or
          // stubbed env belongs in the integration ring.
          isolate: false,
          // Ten times the slowest unit test on an idle machine (a 1.5 s property test).
          testTimeout: 15_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          exclude: processTests,
          // In-process, but a crash-convergence test takes ~10 s idle and ~25 s on a busy machine.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "end-to-end",
          include: ["test/infra/**/*.test.ts", ...processTests],
          globalSetup: ["test/setup/synth-global-setup.ts"],
          // The kill -9 import test takes ~30 s idle and ~160 s with both cores busy elsewhere;
          // each `cdk synth` ~15 s and ~75 s.
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
