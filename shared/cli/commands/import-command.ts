import { existsSync, statSync } from "node:fs";
import { CSV_FILE_NAMES } from "../../import/csv-files";
import { formatImportError } from "../../import/read-csv";
import { readImportDir } from "../../import/read-import-dir";
import { importFiles } from "../../use-cases/import-files";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

/** Reads whichever contract files are in `dir` and imports them all-or-nothing. */
export async function importCommand(dir: string | undefined, ctx: CommandContext): Promise<number> {
  if (!dir) throw new UsageError("import needs a directory: npm run cli -- import <dir>");
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`'${dir}' is not a directory`);
  const contents = readImportDir(dir);
  if (Object.keys(contents).length === 0) {
    throw new UsageError(
      `no import files in '${dir}': expected any of ${Object.values(CSV_FILE_NAMES).join(", ")}`,
    );
  }
  const result = await importFiles(contents, {
    store: ctx.store,
    config: ctx.config,
    nowMs: ctx.nowMs,
  });
  if (!result.ok) {
    ctx.err(`Import rejected: ${result.errors.length} error(s); nothing was changed.`);
    for (const error of result.errors) ctx.err(formatImportError(error));
    return 1;
  }
  for (const [file, c] of Object.entries(result.counts)) {
    ctx.out(`${file}: ${c.added} added, ${c.changed} changed, ${c.unchanged} unchanged`);
  }
  if (result.pastRetention > 0) {
    ctx.out(
      `${result.pastRetention} leaver(s) past the retention period were not kept, nor their records.`,
    );
  }
  return 0;
}
