import { join } from "node:path";
import { readImportDir } from "../../shared/cli/read-import-dir";
import type { CsvFileKind } from "../../shared/import/csv-files";

export const MARCH_2024_DIR = join(import.meta.dirname, "..", "fixtures", "march-2024");

/** The contract files in a fixture folder, as the import use case takes them. */
export function readFixture(dir = MARCH_2024_DIR): Partial<Record<CsvFileKind, Buffer>> {
  return readImportDir(dir);
}

/** A fixture folder as an import request. */
export function fixtureImport(dir = MARCH_2024_DIR) {
  return { contents: readFixture(dir), source: dir };
}
