import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CsvFileKind } from "../../shared/import/csv-files";
import { CSV_FILE_NAMES } from "../../shared/import/write-csv";

export const MARCH_2024_DIR = join(import.meta.dirname, "..", "fixtures", "march-2024");

/** The contract files in a fixture folder, as the import use case takes them. */
export function readFixture(dir = MARCH_2024_DIR): Partial<Record<CsvFileKind, Buffer>> {
  const contents: Partial<Record<CsvFileKind, Buffer>> = {};
  for (const [kind, file] of Object.entries(CSV_FILE_NAMES) as [CsvFileKind, string][]) {
    const path = join(dir, file);
    if (existsSync(path)) contents[kind] = readFileSync(path);
  }
  return contents;
}
