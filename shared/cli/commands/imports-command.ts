import type { ImportLogEntry } from "../../ports/import-ledger";
import type { CommandContext } from "./command-context";

/** The import audit trail, newest first: when, from where, which files, what it did. */
export async function importsCommand(json: boolean, ctx: CommandContext): Promise<number> {
  const entries = await ctx.ports.imports.listImports(50);
  if (json) {
    ctx.out(JSON.stringify({ imports: entries }));
    return 0;
  }
  if (entries.length === 0) {
    ctx.out("No imports recorded yet.");
    return 0;
  }
  for (const entry of entries) ctx.out(describeImport(entry));
  return 0;
}

function describeImport(e: ImportLogEntry): string {
  const outcome =
    e.outcome === "running"
      ? "running, or interrupted (run the same files again)"
      : e.outcome === "applied"
        ? `applied: ${e.recordsWritten ?? 0} records and ${e.staffWritten ?? 0} staff written${e.recovered ? `, ${e.recovered} recovered` : ""}`
        : e.outcome === "rejected"
          ? `rejected: ${e.errors ?? 0} error(s) (${Object.entries(e.errorsByRule ?? {})
              .map(([rule, n]) => `${rule} ${n}`)
              .join(", ")})`
          : `failed: ${e.failure ?? "unknown error"}`;
  const files = e.files.map((f) => `${f.file} ${f.sha256.slice(0, 12)}`).join(", ");
  return `${e.startedAt}  ${e.source}  ${outcome}\n    ${files}`;
}
