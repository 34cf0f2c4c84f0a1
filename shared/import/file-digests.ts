import { createHash } from "node:crypto";
import type { ImportedFile } from "../ports/import-ledger";
import type { ImportSources, SourceFile } from "./apply-profile";
import { CSV_FILE_NAMES, type CsvFileKind } from "./csv-files";

/** Each file's name, SHA-256 and size: proof of which export was loaded, with no data in it. */
export function fileDigests(contents: Partial<Record<CsvFileKind, Buffer>>): ImportedFile[] {
  return (Object.entries(contents) as [CsvFileKind, Buffer][]).map(([kind, content]) => ({
    file: CSV_FILE_NAMES[kind],
    sha256: createHash("sha256").update(content).digest("hex"),
    bytes: content.length,
  }));
}

/** The files of an import folder as found, and its profile: the same proof, by their own names. */
export function sourceDigests(sources: ImportSources): ImportedFile[] {
  return [...sources.files].map(([file, content]) => digest(file, content));
}

export function profileDigest(profile: SourceFile): ImportedFile {
  return digest(profile.name, profile.content);
}

function digest(file: string, content: Buffer): ImportedFile {
  return {
    file,
    sha256: createHash("sha256").update(content).digest("hex"),
    bytes: content.length,
  };
}
