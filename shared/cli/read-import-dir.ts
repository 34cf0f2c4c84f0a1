import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CSV_FILE_NAMES, type CsvFileKind } from "../import/csv-files";

/** Whichever contract files are in a local folder, as the import use case takes them. */
export function readImportDir(dir: string): Partial<Record<CsvFileKind, Buffer>> {
  const contents: Partial<Record<CsvFileKind, Buffer>> = {};
  for (const [kind, file] of Object.entries(CSV_FILE_NAMES) as [CsvFileKind, string][]) {
    const path = join(dir, file);
    if (existsSync(path)) contents[kind] = readFileSync(path);
  }
  return contents;
}
