import type { ImportSources, MappedFile } from "./apply-profile";
import type { FileCounts } from "./plan-import";
import type { ImportError } from "./read-csv";

/** What an import did, or every reason it did nothing: what the CLI prints and the email says. */
export type ImportResult =
  | {
      ok: true;
      importId: string;
      /** Nothing was written: what the import would do. */
      dryRun: boolean;
      /** Files read through a profile or from a workbook: how each was mapped onto the contract. */
      mapped?: MappedFile[];
      counts: Record<string, FileCounts>;
      recordsWritten: number;
      staffWritten: number;
      /** Leavers whose retention has already run out: not stored, nor their records. */
      pastRetention: number;
      /** People an earlier, interrupted import left half-written, now rebuilt. */
      recovered: number;
    }
  | { ok: false; importId: string; errors: ImportError[] };

/** One folder of the import bucket, as read. */
export interface ImportFolder {
  name: string;
  /** Where it is, for the audit trail (`s3://bucket/folder/`). */
  source: string;
  /** The folder's import files and its profile, as found. */
  sources: ImportSources;
  /** Files over the size limit, left unread. */
  tooLarge: { file: string; bytes: number }[];
}

/** Why a folder was not imported before any row was read. */
export type FolderRefusal =
  | { ok: false; missing: true }
  | { ok: false; tooLarge: ImportFolder["tooLarge"]; maxBytes: number }
  | { ok: false; lockedBy: string };
