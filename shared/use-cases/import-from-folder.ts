import { renderImportResult } from "../email/render-import-result";
import type { CsvFileKind } from "../import/csv-files";
import type { EmailSender } from "../ports/email-sender";
import { type ImportDeps, type ImportResult, importFiles } from "./import-files";

/** One folder of the import bucket, as read. */
export interface ImportFolder {
  name: string;
  /** Where it is, for the audit trail (`s3://bucket/folder/`). */
  source: string;
  contents: Partial<Record<CsvFileKind, Buffer>>;
  /** Files over the size limit, left unread. */
  tooLarge: { file: string; bytes: number }[];
}

export interface FolderImportOutcome {
  folder: string;
  ok: boolean;
  errors: number;
  notified: number;
  /** Result emails that could not be sent: logged, counted and alarmed by the handler. */
  notifyFailed: number;
}

/** Why a folder was not imported before any row was read. */
export type FolderRefusal =
  | { ok: false; missing: true }
  | { ok: false; tooLarge: ImportFolder["tooLarge"]; maxBytes: number };

/**
 * An import dropped in the bucket: the same all-or-nothing import as the CLI, then the result
 * (or the errors) emailed to the admins. Failing to email never undoes the import.
 */
export async function importFromFolder(
  folder: ImportFolder,
  deps: ImportDeps & { mailer: EmailSender; notify: readonly string[]; maxFileBytes: number },
): Promise<FolderImportOutcome> {
  const { name, source, contents, tooLarge } = folder;
  const result: ImportResult | FolderRefusal =
    tooLarge.length > 0
      ? { ok: false, tooLarge, maxBytes: deps.maxFileBytes }
      : Object.keys(contents).length === 0
        ? { ok: false, missing: true }
        : await importFiles({ contents, source }, deps);
  const rendered = renderImportResult(name, result);
  let notified = 0;
  for (const to of deps.notify) {
    try {
      await deps.mailer.send({ to, ...rendered, tag: "import-result" });
      notified++;
    } catch {
      // The import stands; the handler reports the missing notice.
    }
  }
  return {
    folder: name,
    ok: result.ok,
    errors: "errors" in result ? result.errors.length : 0,
    notified,
    notifyFailed: deps.notify.length - notified,
  };
}
