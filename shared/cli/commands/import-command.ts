import { existsSync, statSync } from "node:fs";
import { CSV_FILE_NAMES } from "../../import/csv-files";
import { errorSummary } from "../../import/error-summary";
import { type ImportProgress, importFiles } from "../../use-cases/import-files";
import { ImportLockedError } from "../../use-cases/import-lock";
import { readImportDir } from "../read-import-dir";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

/**
 * Reads whichever contract files are in `dir` and imports them all-or-nothing; with
 * `dryRun`, checks everything and says what would change, writing nothing.
 */
export async function importCommand(
  dir: string | undefined,
  { dryRun }: { dryRun: boolean },
  ctx: CommandContext,
): Promise<number> {
  if (!dir) throw new UsageError("import needs a directory: npm run cli -- import <dir>");
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`'${dir}' is not a directory`);
  const contents = readImportDir(dir);
  if (Object.keys(contents).length === 0) {
    throw new UsageError(
      `no import files in '${dir}': expected any of ${Object.values(CSV_FILE_NAMES).join(", ")}`,
    );
  }
  let result: Awaited<ReturnType<typeof importFiles>>;
  try {
    result = await importFiles(
      { contents, source: dir, dryRun },
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
  for (const [file, c] of Object.entries(result.counts)) {
    ctx.out(
      dryRun
        ? `${file}: add ${c.added}, change ${c.changed}, leave ${c.unchanged} unchanged`
        : `${file}: ${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged`,
    );
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
