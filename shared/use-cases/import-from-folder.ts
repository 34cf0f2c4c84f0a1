import { randomUUID } from "node:crypto";
import { renderImportResult } from "../email/render-import-result";
import { profileDigest, sourceDigests } from "../import/file-digests";
import type { FolderRefusal, ImportFolder, ImportResult } from "../import/import-outcome";
import type { EmailSender } from "../ports/email-sender";
import { type ImportDeps, importFiles } from "./import-files";
import { ImportLockedError } from "./import-lock";

export interface FolderImportOutcome {
  folder: string;
  ok: boolean;
  errors: number;
  notified: number;
  /** Result emails that could not be sent: logged, counted and alarmed by the handler. */
  notifyFailed: number;
}

/**
 * An import dropped in the bucket: the same all-or-nothing import as the CLI, then the result
 * (or the errors) emailed to the admins. Failing to email never undoes the import. A folder
 * refused before reading (too large, no files) is recorded in the audit trail too; one that
 * found another import running is reported and then thrown, so Lambda retries it.
 */
export async function importFromFolder(
  folder: ImportFolder,
  deps: ImportDeps & { mailer: EmailSender; notify: readonly string[]; maxFileBytes: number },
): Promise<FolderImportOutcome> {
  const { name, source, sources, tooLarge } = folder;
  let locked: ImportLockedError | undefined;
  const result: ImportResult | FolderRefusal =
    tooLarge.length > 0
      ? { ok: false, tooLarge, maxBytes: deps.maxFileBytes }
      : sources.files.size === 0 && !sources.profile
        ? { ok: false, missing: true }
        : await importFiles({ sources, source }, deps).catch((error: unknown) => {
            if (!(error instanceof ImportLockedError)) throw error;
            locked = error;
            return { ok: false as const, lockedBy: error.heldBy.source };
          });
  if ("tooLarge" in result || "missing" in result) await recordRefusal(folder, result, deps);
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
  if (locked) throw locked;
  return {
    folder: name,
    ok: result.ok,
    errors: "errors" in result ? result.errors.length : 0,
    notified,
    notifyFailed: deps.notify.length - notified,
  };
}

async function recordRefusal(
  folder: ImportFolder,
  refusal: FolderRefusal,
  deps: ImportDeps,
): Promise<void> {
  const now = (deps.clockMs ?? Date.now)();
  const at = new Date(now).toISOString();
  await deps.imports.recordImport(
    {
      importId: randomUUID(),
      source: folder.source,
      startedAt: at,
      finishedAt: at,
      files: [
        ...sourceDigests(folder.sources),
        ...folder.tooLarge.map((f) => ({ file: f.file, sha256: "", bytes: f.bytes })),
      ],
      ...(folder.sources.profile ? { profile: profileDigest(folder.sources.profile) } : {}),
      outcome: "refused",
      failure: "tooLarge" in refusal ? "file over the size limit" : "no import files",
    },
    now,
  );
}
