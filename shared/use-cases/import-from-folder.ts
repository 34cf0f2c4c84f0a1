import { renderImportResult } from "../email/render-import-result";
import type { CsvFileKind } from "../import/csv-files";
import type { EmailSender } from "../ports/email-sender";
import { type ImportDeps, type ImportResult, importFiles } from "./import-files";

export interface FolderImportOutcome {
  folder: string;
  ok: boolean;
  errors: number;
  notified: number;
}

/**
 * An import dropped in the bucket: the same all-or-nothing import as the CLI, then the result
 * (or every error) emailed to the admins. Failing to email never undoes the import.
 */
export async function importFromFolder(
  folder: string,
  contents: Partial<Record<CsvFileKind, Buffer>>,
  deps: ImportDeps & { mailer: EmailSender; notify: readonly string[] },
): Promise<FolderImportOutcome> {
  const result: ImportResult | { ok: false; missing: true } =
    Object.keys(contents).length === 0
      ? { ok: false, missing: true }
      : await importFiles(contents, deps);
  const rendered = renderImportResult(folder, result);
  let notified = 0;
  for (const to of deps.notify) {
    try {
      await deps.mailer.send({ to, ...rendered, attachments: [], tag: "import-result" });
      notified++;
    } catch {
      // The import stands; the missing notice shows as notified < recipients in the run's log.
    }
  }
  return { folder, ok: result.ok, errors: "errors" in result ? result.errors.length : 0, notified };
}
