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
  folder: { name: string; source: string; contents: Partial<Record<CsvFileKind, Buffer>> },
  deps: ImportDeps & { mailer: EmailSender; notify: readonly string[] },
): Promise<FolderImportOutcome> {
  const { name, source, contents } = folder;
  const result: ImportResult | { ok: false; missing: true } =
    Object.keys(contents).length === 0
      ? { ok: false, missing: true }
      : await importFiles({ contents, source }, deps);
  const rendered = renderImportResult(name, result);
  let notified = 0;
  for (const to of deps.notify) {
    try {
      await deps.mailer.send({ to, ...rendered, attachments: [], tag: "import-result" });
      notified++;
    } catch {
      // The import stands; the missing notice shows as notified < recipients in the run's log.
    }
  }
  return {
    folder: name,
    ok: result.ok,
    errors: "errors" in result ? result.errors.length : 0,
    notified,
  };
}
