import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import type { ImportSources, SourceFile } from "../import/apply-profile";
import { CSV_FILE_NAMES, type CsvFileKind } from "../import/csv-files";
import { filesToRead, PROFILE_FILE } from "../import/import-profile";

/** Whichever contract files are in a local folder, as the import use case takes them. */
export function readImportDir(dir: string): Partial<Record<CsvFileKind, Buffer>> {
  const contents: Partial<Record<CsvFileKind, Buffer>> = {};
  for (const [kind, file] of Object.entries(CSV_FILE_NAMES) as [CsvFileKind, string][]) {
    const path = join(dir, file);
    if (existsSync(path)) contents[kind] = readFileSync(path);
  }
  return contents;
}

/**
 * A local folder as an import takes it: its profile (`profileFile`, else the folder's
 * import-profile.json, if any) and the files it reads (the contract's CSVs or workbooks, and
 * those the profile names). With a profile that does not parse, no data file is read.
 */
export function readImportSources(dir: string, profileFile?: string): ImportSources {
  const path = profileFile ?? join(dir, PROFILE_FILE);
  const profile: SourceFile | undefined =
    profileFile !== undefined || existsSync(path)
      ? { name: profileFile ? basename(profileFile) : PROFILE_FILE, content: readFileSync(path) }
      : undefined;
  const names = readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile());
  const files = new Map<string, Buffer>();
  for (const name of filesToRead(profile?.content, names)) {
    files.set(name, readFileSync(join(dir, name)));
  }
  return profile ? { files, profile } : { files };
}
