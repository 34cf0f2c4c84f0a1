/**
 * How every Lambda is bundled: the settings `JobFunction` gives CDK's local esbuild, and the
 * bundle benchmark reuses, so what it measures is what deploys.
 */
export const LAMBDA_BUNDLING = {
  format: "esm",
  target: "node24",
  platform: "node",
  mainFields: ["module", "main"],
  minify: true,
  // Some dependencies still call require(); give the ESM bundle one.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

/** The handler module of a job, relative to the project root. */
export function handlerEntry(job: string): string {
  return `functions/${job}/handler.ts`;
}
