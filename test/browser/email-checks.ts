/**
 * The pure half of `npm run screenshot` (`screenshot-emails.ts` does the browser and the files):
 * which outbox folder holds the newest email of each kind, the limits the emails are held to,
 * and the table it prints.
 */

/** Phones: 375 CSS px is the narrowest phone in common use (iPhone SE, 12/13 mini); nothing may scroll sideways there. */
export const PHONE_WIDTH = 375;
/** The desktop screenshot's width (a laptop's browser or web mail), to look at, not limited. */
export const DESKTOP_WIDTH = 1280;
/** The digest is printed for the monthly meeting: its summary (up to `SUMMARY_END`) on one A4 side... */
export const DIGEST_SUMMARY_MAX_PAGES = 1;
/** ...and the whole digest on at most two; the named detail beyond that belongs in the CSVs. */
export const DIGEST_MAX_PAGES = 2;
/**
 * Where the digest's summary ends: an HTML comment `<!-- summary-end -->` the digest writes
 * between its summary and the named detail (invisible in every client). The summary's pages
 * are those of the digest printed with everything after it removed.
 */
export const SUMMARY_END = "summary-end";
/** Subpixel layout: an edge at 375.4 px is rounding, not a sideways scroll. */
const SUBPIXEL = 0.5;

export const EMAIL_KINDS = ["reminder", "escalation", "digest"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** One folder of the outbox (`DATA_DIR/outbox/<name>/`) and the files in it. */
export interface OutboxFolder {
  name: string;
  files: readonly string[];
}

/**
 * How the outbox names its folders (`shared/cli/local-mail.ts`): reminders and escalations
 * under the run's date (`2026-11-23`), digests under their month (`digest-2026-10`). Returns the
 * folder's date as a sortable number, or undefined for a folder that cannot hold that kind.
 */
export function folderDate(kind: EmailKind, name: string): number | undefined {
  const m =
    kind === "digest"
      ? /^digest-(\d{4})-(\d{2})$/.exec(name)
      : /^(\d{4})-(\d{2})-(\d{2})$/.exec(name);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return undefined;
  return date.getTime();
}

/** An email of this kind, as the outbox names its HTML copy (`<id>-reminder.html`). */
export const isEmailOf = (kind: EmailKind, file: string): boolean => file.endsWith(`-${kind}.html`);

/**
 * The newest folder with at least one email of `kind`, by the date in its name (the latest
 * run's day or digest's month, whenever it was written; never by name alone, where
 * `digest-2026-10` sorts after `2026-11-23`), and its emails of that kind in name order.
 */
export function newestFolder(
  kind: EmailKind,
  folders: readonly OutboxFolder[],
): { folder: string; files: string[] } | undefined {
  let best: { folder: string; files: string[]; date: number } | undefined;
  for (const f of folders) {
    const date = folderDate(kind, f.name);
    if (date === undefined) continue;
    const files = f.files.filter((file) => isEmailOf(kind, file)).sort();
    if (files.length === 0) continue;
    if (!best || date > best.date) best = { folder: f.name, files, date };
  }
  return best && { folder: best.folder, files: best.files };
}

/** What the browser measured of one email. */
export interface Measurement {
  kind: EmailKind;
  /** The file name without `.html`. */
  name: string;
  /** How wide the page is at `PHONE_WIDTH`: the document's scroll width or any element's right edge. */
  phoneWidth: number;
  /** The deepest elements past the phone's edge, described, when there are any. */
  widest: string[];
  /** The page's height at `PHONE_WIDTH`, to pick the fullest email of a kind. */
  phoneHeight: number;
  /** A4 pages printed, when printed. */
  pages?: number;
  /** A4 pages of the summary alone (digests), `null` when there is no `SUMMARY_END` marker. */
  summaryPages?: number | null;
}

/** Every limit an email exceeds, as sentences naming the email. */
export function limitFailures(m: Measurement): string[] {
  const failures: string[] = [];
  if (m.phoneWidth > PHONE_WIDTH + SUBPIXEL)
    failures.push(
      `${m.name}: ${Math.ceil(m.phoneWidth)} px wide on a ${PHONE_WIDTH} px phone (scrolls sideways)${m.widest.length ? `; past the edge: ${m.widest.join("; ")}` : ""}`,
    );
  if (m.kind !== "digest") return failures;
  if (m.summaryPages === null)
    failures.push(
      `${m.name}: no <!-- ${SUMMARY_END} --> comment after the summary, so its printed pages cannot be counted (limit ${DIGEST_SUMMARY_MAX_PAGES})`,
    );
  else if (m.summaryPages !== undefined && m.summaryPages > DIGEST_SUMMARY_MAX_PAGES)
    failures.push(
      `${m.name}: the summary prints on ${m.summaryPages} A4 pages (limit ${DIGEST_SUMMARY_MAX_PAGES})`,
    );
  if (m.pages !== undefined && m.pages > DIGEST_MAX_PAGES)
    failures.push(`${m.name}: prints on ${m.pages} A4 pages (limit ${DIGEST_MAX_PAGES})`);
  return failures;
}

/**
 * The one email of a kind to show (screenshots, the printed PDF): the widest at the phone's
 * width, so an overflow is seen; among equals the longest, which has the most to lay out.
 */
export function representative(measured: readonly Measurement[]): Measurement | undefined {
  return [...measured].sort(
    (a, b) =>
      Math.round(b.phoneWidth) - Math.round(a.phoneWidth) ||
      b.phoneHeight - a.phoneHeight ||
      a.name.localeCompare(b.name),
  )[0];
}

/**
 * The table: a row per digest (each recipient's copy differs), and for reminders and
 * escalations, which are many, the representative with how many were measured.
 */
export function formatTable(rows: readonly { m: Measurement; of?: number }[]): string {
  const cells = rows.map(({ m, of }) => [
    m.kind,
    m.name,
    `${Math.ceil(m.phoneWidth)}${of && of > 1 ? ` (widest of ${of})` : ""}`,
    [
      m.pages === undefined ? "-" : String(m.pages),
      m.summaryPages === undefined
        ? ""
        : `, summary ${m.summaryPages === null ? "unmarked" : m.summaryPages}`,
    ].join(""),
  ]);
  const header = ["email", "", `width at ${PHONE_WIDTH} px`, "A4 pages"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  return [header, ...cells]
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
