import { existsSync, statSync } from "node:fs";
import type { MappedFile } from "../../import/apply-profile";
import { CSV_FILE_NAMES } from "../../import/csv-files";
import { errorSummary } from "../../import/error-summary";
import { type ImportProgress, importFiles } from "../../use-cases/import-files";
import { ImportLockedError } from "../../use-cases/import-lock";
import { readImportSources } from "../read-import-dir";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

/**
 * Reads whichever import files are in `dir` (the contract's CSVs or workbooks, and through an
 * import profile an export's own files) and imports them all-or-nothing; with `dryRun`,
 * checks everything and says what would change, writing nothing.
 */
export async function importCommand(
  dir: string | undefined,
  { dryRun, profile }: { dryRun: boolean; profile?: string },
  ctx: CommandContext,
): Promise<number> {
  if (!dir) throw new UsageError("import needs a directory: npm run cli -- import <dir>");
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`'${dir}' is not a directory`);
  if (profile !== undefined && !(existsSync(profile) && statSync(profile).isFile()))
    throw new UsageError(`--profile '${profile}' is not a file`);
  const sources = readImportSources(dir, profile);
  if (sources.files.size === 0 && !sources.profile) {
    throw new UsageError(
      `no import files in '${dir}': expected any of ${Object.values(CSV_FILE_NAMES).join(", ")} (or the same names as .xlsx), or an import-profile.json`,
    );
  }
  let result: Awaited<ReturnType<typeof importFiles>>;
  try {
    result = await importFiles(
      { sources, source: dir, dryRun },
      {
        store: ctx.ports.store,
        imports: ctx.ports.imports,
        config: ctx.config,
        nowMs: ctx.nowMs,
        clockMs: ctx.clockMs,
        onProgress: progressReporter(ctx.err),
      },
    );
  } catch (error) {
    if (!(error instanceof ImportLockedError)) throw error;
    ctx.err(`Import not started: ${error.message}`);
    return 1;
  }
  if (!result.ok) {
    ctx.err(`Import rejected: ${result.errors.length} error(s); nothing was changed.`);
    for (const line of errorSummary(result.errors)) ctx.err(line);
    return 1;
  }
  if (dryRun) ctx.out("Dry run: every row is valid; nothing was written. The import would:");
  const mapped = new Map((result.mapped ?? []).map((m) => [m.file, m]));
  for (const [file, c] of Object.entries(result.counts)) {
    const from = mapped.get(file);
    ctx.out(
      `${file}${from ? ` from ${from.from}` : ""}: ${
        dryRun
          ? `add ${c.added}, change ${c.changed}, leave ${c.unchanged} unchanged`
          : `${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged`
      }`,
    );
    if (from && dryRun) for (const line of mappedHeader(from)) ctx.out(`  ${line}`);
  }
  if (result.recovered > 0) {
    ctx.out(
      `${result.recovered} person(s) left half-written by an interrupted import ${dryRun ? "would be" : "were"} rebuilt from their stored records.`,
    );
  }
  if (result.pastRetention > 0) {
    ctx.out(
      `${result.pastRetention} leaver(s) past the retention period ${dryRun ? "would not be" : "were not"} kept, nor their records.`,
    );
  }
  return 0;
}

/** How a file was read into the contract: each column, and what else the profile does. */
function mappedHeader(m: MappedFile): string[] {
  const width = Math.max(...m.columns.map((c) => c.source.length));
  return [
    ...m.columns.map((c) => `${c.source.padEnd(width)} → ${c.contract}`),
    ...(m.values.length > 0 ? [`values mapped: ${m.values.join(", ")}`] : []),
    `text dates: ${m.dateFormat}`,
    ...(m.ignored.length > 0 ? [`not read: ${m.ignored.join(", ")}`] : []),
  ];
}

/**
 * Progress on stderr (never stdout, which `--json` commands keep clean), and only for an
 * import long enough to need it: the first line after two seconds, then every five.
 */
function progressReporter(
  write: (line: string) => void,
  clock: () => number = Date.now,
): (p: ImportProgress) => void {
  const started = clock();
  let nextAt = started + 2_000;
  return (p) => {
    const now = clock();
    const last = p.done === p.total;
    if (now < nextAt && !(last && now >= started + 2_000)) return;
    nextAt = now + 5_000;
    const perSecond = Math.round((p.done / Math.max(1, now - started)) * 1000);
    write(`import: ${p.phase} ${p.done}/${p.total} ${p.unit} (${perSecond} ${p.unit}/s)`);
  };
}
