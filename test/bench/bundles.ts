/**
 * Each Lambda's bundle against a baseline bundle of only the AWS SDK clients it uses (the same
 * clients, commands and paginators, found in the function's own bundle), both built with the
 * deployed esbuild settings: bytes, and the CPU time Node spends importing each (cold start's
 * init work). Medians over alternating runs, so a busy machine slows both alike.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { handlerEntry, LAMBDA_BUNDLING } from "../../infra/constructs/lambda-bundling";
import { JOB } from "../../shared/config/job-names";
import { median } from "./statistics";

export interface BundleRow {
  fn: string;
  bytes: number;
  baselineBytes: number;
  coldCpuMs: number;
  baselineColdCpuMs: number;
}

const ROOT = join(import.meta.dirname, "..", "..");

const SDK_MODULE =
  /node_modules\/(@aws-sdk\/(?:client-[a-z0-9-]+|lib-dynamodb))\/dist-es\/(.+)\.js$/;

/** What the function takes from each AWS SDK package: its client classes, commands, paginators. */
export function sdkImportsOf(metafile: Metafile): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = SDK_MODULE.exec(input);
    if (!match) continue;
    const [, pkg, path] = match as unknown as [string, string, string];
    const name = path.split("/").at(-1) ?? "";
    const exported =
      /^[A-Za-z0-9]+Client$/.test(name) && !path.includes("/")
        ? name
        : path.startsWith("commands/") && name.endsWith("Command")
          ? name
          : path.startsWith("pagination/") && name.endsWith("Paginator")
            ? `paginate${name.slice(0, -"Paginator".length)}`
            : undefined;
    if (!exported) continue;
    const names = used.get(pkg) ?? new Set<string>();
    names.add(exported);
    used.set(pkg, names);
  }
  return used;
}

/** A module that imports exactly those names and exports them, so none is shaken away. */
export function baselineSource(used: Map<string, Set<string>>): string {
  const lines: string[] = [];
  const all: string[] = [];
  let n = 0;
  for (const [pkg, names] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    const aliased = [...names].sort().map((name) => {
      const alias = `${name}_${n++}`;
      all.push(alias);
      return `${name} as ${alias}`;
    });
    lines.push(`import { ${aliased.join(", ")} } from "${pkg}";`);
  }
  lines.push(`export { ${all.join(", ")} };`);
  return lines.join("\n");
}

const settings: BuildOptions = {
  bundle: true,
  write: true,
  logLevel: "error",
  format: LAMBDA_BUNDLING.format,
  target: LAMBDA_BUNDLING.target,
  platform: LAMBDA_BUNDLING.platform,
  mainFields: [...LAMBDA_BUNDLING.mainFields],
  minify: LAMBDA_BUNDLING.minify,
  banner: { js: LAMBDA_BUNDLING.banner },
};

/** CPU milliseconds (user + system) one fresh Node process spends importing the module. */
function importCpuMs(file: string): number {
  const script = `const before = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(file).href)}); const used = process.cpuUsage(before); console.log((used.user + used.system) / 1000);`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      AWS_REGION: "eu-west-2",
      STAGE: "bench",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
  return Number(run.stdout.trim());
}

/**
 * Bundle sizes and, with `runs` > 0, the median import CPU of `runs` alternating imports
 * (0 skips the CPU runs: sizes are exact, so a test can hold them; CPU belongs in the bench).
 */
export async function measureBundles(options: { runs?: number } = {}): Promise<BundleRow[]> {
  const runs = options.runs ?? 9;
  const dir = mkdtempSync(join(tmpdir(), "supervision-bundles-"));
  try {
    const rows: BundleRow[] = [];
    for (const job of Object.values(JOB)) {
      const outfile = join(dir, `${job}.mjs`);
      const built = await build({
        ...settings,
        entryPoints: [join(ROOT, handlerEntry(job))],
        outfile,
        metafile: true,
      });
      const baselineFile = join(dir, `${job}.baseline.mjs`);
      await build({
        ...settings,
        stdin: {
          contents: baselineSource(sdkImportsOf(built.metafile)),
          resolveDir: ROOT,
          loader: "js",
        },
        outfile: baselineFile,
      });
      const cpu: number[] = [];
      const baselineCpu: number[] = [];
      for (let i = 0; i < runs; i++) {
        cpu.push(importCpuMs(outfile));
        baselineCpu.push(importCpuMs(baselineFile));
      }
      rows.push({
        fn: job,
        bytes: statSync(outfile).size,
        baselineBytes: statSync(baselineFile).size,
        coldCpuMs: median(cpu) ?? Number.NaN,
        baselineColdCpuMs: median(baselineCpu) ?? Number.NaN,
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A markdown table of the rows, ratios against each function's own baseline. */
export function bundleTable(rows: readonly BundleRow[]): string {
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const lines = [
    "| function | bundle | SDK-only bundle | size ratio (goal ≤ 1.5×) | import CPU | SDK-only import CPU | CPU ratio (goal ≤ 1.5×) |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.fn} | ${kb(r.bytes)} | ${kb(r.baselineBytes)} | ${(r.bytes / r.baselineBytes).toFixed(2)}× | ${r.coldCpuMs.toFixed(0)} ms | ${r.baselineColdCpuMs.toFixed(0)} ms | ${(r.coldCpuMs / r.baselineColdCpuMs).toFixed(2)}× |`,
    ),
  ];
  return lines.join("\n");
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  console.log(bundleTable(await measureBundles()));
}
