import { formatImportError, type ImportError } from "./read-csv";

/** A person reads this many errors; past it, the rest are counted by the rule they broke. */
export const ERRORS_SHOWN = 100;

export function countByRule(errors: readonly ImportError[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of errors) counts[e.rule] = (counts[e.rule] ?? 0) + 1;
  return counts;
}

/**
 * The first errors in full, then (when there are more) how many of each kind there were: a
 * wrong export can have thousands, and the kinds say what to fix.
 */
export function errorSummary(errors: readonly ImportError[], shown = ERRORS_SHOWN): string[] {
  const lines = errors.slice(0, shown).map(formatImportError);
  if (errors.length <= shown) return lines;
  const byRule = Object.entries(countByRule(errors)).sort(([, a], [, b]) => b - a);
  return [
    ...lines,
    `… and ${errors.length - shown} more. All ${errors.length} errors by rule:`,
    ...byRule.map(([rule, n]) => `  ${rule}: ${n}`),
  ];
}
