/**
 * `npm run screenshot [-- --dir <outbox>]`: holds the newest reminder, escalation and monthly
 * digest emails in the local outbox (`npm start` writes them) to their limits, in a real
 * browser: Debian's Chromium, driven by playwright-core.
 *
 * - Every email of each kind in its newest folder (`newestFolder`: by the date in the folder's
 *   name) is opened at a 375 px phone's width, and its width measured: the document's scroll
 *   width and every element's right edge. Wider than the phone is a sideways scroll: a failure.
 * - Every digest is printed to A4 as Chromium prints it (10 mm margins, as its print dialog's
 *   default), and so is its summary alone (everything after `<!-- summary-end -->` removed);
 *   their PDFs' pages are counted (pdf-lib). Over the limits in `email-checks.ts`: a failure.
 * - One email of each kind (the widest, else the longest) is kept to look at, at 375 px and at
 *   1280 px, and the digest's printed A4: PNGs and a PDF in `screenshots/` beside the outbox.
 *
 * Prints a table (email, width at 375 px, A4 pages) and every limit exceeded; exits 1 when one
 * is, or when Chromium or the emails are missing (`apt-get install -y chromium`; `CHROMIUM=`
 * names another binary), 2 on a usage error. Not part of `npm test`: it needs Chromium.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { PDFDocument } from "pdf-lib";
import { type Browser, chromium, type Page } from "playwright-core";
import {
  DESKTOP_WIDTH,
  EMAIL_KINDS,
  type EmailKind,
  formatTable,
  limitFailures,
  type Measurement,
  newestFolder,
  PHONE_WIDTH,
  representative,
  SUMMARY_END,
} from "./email-checks";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const A4 = {
  format: "A4",
  margin: { top: "10mm", right: "10mm", bottom: "10mm", left: "10mm" },
  printBackground: true,
} as const;

function usage(message: string): never {
  console.error(
    `${message}\nUsage: npm run screenshot [-- --dir <outbox>]   (default DATA_DIR/outbox)`,
  );
  process.exit(2);
}

let args: { dir?: string | undefined };
try {
  args = parseArgs({ options: { dir: { type: "string" } }, strict: true }).values;
} catch (error) {
  usage((error as Error).message);
}
const outbox = resolve(args.dir ?? join(process.env.DATA_DIR ?? ".data", "outbox"));
const outDir = join(dirname(outbox), "screenshots");

if (!existsSync(CHROMIUM)) {
  console.error(
    `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (Debian's package), or set CHROMIUM to its path.`,
  );
  process.exit(1);
}
if (!existsSync(outbox) || !statSync(outbox).isDirectory()) {
  console.error(`No outbox at ${outbox}: run npm start first, or pass --dir <outbox>.`);
  process.exit(1);
}

const folders = readdirSync(outbox, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => ({ name: d.name, files: readdirSync(join(outbox, d.name)) }));
const picked = EMAIL_KINDS.map((kind) => ({ kind, found: newestFolder(kind, folders) }));
if (picked.every((p) => !p.found)) {
  console.error(`No reminder, escalation or digest emails under ${outbox}: run npm start first.`);
  process.exit(1);
}

/**
 * The little of the DOM the in-page functions below use. The project's type check has no DOM
 * library (so no Node code reaches for `window` by mistake); they reach it through this.
 */
interface PageNode {
  nodeValue: string | null;
}
interface PageElement {
  tagName: string;
  textContent: string | null;
  innerText: string;
  scrollWidth: number;
  clientWidth: number;
  getBoundingClientRect(): { width: number; height: number; right: number };
  contains(other: PageElement): boolean;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  style: { width: string };
  querySelector(selectors: string): PageElement | null;
}
interface PageWindow {
  innerWidth: number;
  scrollX: number;
  getComputedStyle(element: PageElement): { visibility: string };
  NodeFilter: { SHOW_COMMENT: number };
  document: {
    documentElement: { scrollWidth: number; scrollHeight: number };
    body: {
      scrollWidth: number;
      lastChild: PageNode | null;
      querySelectorAll(selectors: string): ArrayLike<PageElement>;
    };
    createTreeWalker(
      root: unknown,
      whatToShow: number,
    ): { nextNode(): PageNode | null; currentNode: PageNode };
    createRange(): {
      setStartBefore(node: PageNode): void;
      setEndAfter(node: PageNode): void;
      deleteContents(): void;
    };
  };
}

/**
 * In the page: how wide it is at the viewport's width (the document's scroll width, or any
 * visible element's right edge), how tall, and what makes it wider than the viewport: of the
 * innermost tables past the edge (a table is as wide as its content needs and widens all
 * around it), the two that need the most; else the innermost elements past the edge or with
 * content wider than themselves.
 */
function measureWidth(): { width: number; height: number; widest: string[] } {
  const w = globalThis as unknown as PageWindow;
  const { body, documentElement } = w.document;
  const edge = w.innerWidth;
  let width = Math.max(documentElement.scrollWidth, body.scrollWidth);
  const past: PageElement[] = [];
  const all = Array.from(body.querySelectorAll("*"));
  for (const el of all) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || w.getComputedStyle(el).visibility === "hidden")
      continue;
    const right = box.right + w.scrollX;
    width = Math.max(width, right);
    if (right > edge + 0.5) past.push(el);
  }
  const innermost = (els: PageElement[]) =>
    els.filter((el) => !els.some((other) => other !== el && el.contains(other)));
  // Every table 100% wide is stretched with the page: the culprits are those whose content
  // needs the most (their width when asked to be 0 px wide; a table never goes below its
  // content's narrowest).
  const needs = (el: PageElement) => {
    const style = el.getAttribute("style");
    el.style.width = "0px";
    const need = el.getBoundingClientRect().width;
    if (style === null) el.removeAttribute("style");
    else el.setAttribute("style", style);
    return need;
  };
  const tables = innermost(past.filter((el) => el.tagName === "TABLE"))
    .map((el) => ({ el, need: needs(el) }))
    .sort((a, b) => b.need - a.need);
  // Else an element past the edge, else text wider than its box (a long word or address).
  const overflowing =
    past.length > 0
      ? past
      : all.filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth);
  const culprits =
    tables.length > 0
      ? tables.slice(0, 2)
      : innermost(overflowing)
          .slice(0, 3)
          .map((el) => ({ el, need: Math.max(el.scrollWidth, el.getBoundingClientRect().width) }));
  const widest = culprits.map(({ el, need }) => {
    const label = el.querySelector("caption")?.textContent ?? el.innerText;
    const text = label.replace(/\s+/g, " ").trim().slice(0, 60);
    return `<${el.tagName.toLowerCase()}> needs ${Math.round(need)} px: "${text}"`;
  });
  return { width, height: documentElement.scrollHeight, widest };
}

/** In the page: removes everything from the `<!-- summary-end -->` comment on; false if none. */
function keepSummaryOnly(marker: string): boolean {
  const w = globalThis as unknown as PageWindow;
  const { document } = w;
  const walker = document.createTreeWalker(document.body, w.NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) {
    const comment = walker.currentNode;
    if ((comment.nodeValue ?? "").trim().toLowerCase() !== marker) continue;
    const range = document.createRange();
    range.setStartBefore(comment);
    range.setEndAfter(document.body.lastChild ?? comment);
    range.deleteContents();
    return true;
  }
  return false;
}

const pagesOf = async (pdf: Uint8Array) => (await PDFDocument.load(pdf)).getPageCount();

async function measure(page: Page, kind: EmailKind, file: string): Promise<Measurement> {
  await page.setViewportSize({ width: PHONE_WIDTH, height: 812 });
  await page.goto(pathToFileURL(file).href);
  const { width, height, widest } = await page.evaluate(measureWidth);
  const name = basename(file, ".html");
  const m: Measurement = { kind, name, phoneWidth: width, phoneHeight: height, widest };
  if (kind !== "digest") return m;
  m.pages = await pagesOf(await page.pdf(A4));
  m.summaryPages = (await page.evaluate(keepSummaryOnly, SUMMARY_END))
    ? await pagesOf(await page.pdf(A4))
    : null;
  return m;
}

/** One email's screenshots at both widths and its printed A4, saved; its A4 pages counted. */
async function keep(
  page: Page,
  kind: EmailKind,
  file: string,
): Promise<{ saved: string[]; pages: number }> {
  const saved: string[] = [];
  await page.goto(pathToFileURL(file).href);
  for (const [width, height] of [
    [PHONE_WIDTH, 812],
    [DESKTOP_WIDTH, 800],
  ] as const) {
    await page.setViewportSize({ width, height });
    const png = join(outDir, `${kind}-${width}.png`);
    await page.screenshot({ path: png, fullPage: true });
    saved.push(png);
  }
  const pdf = join(outDir, `${kind}-A4.pdf`);
  const bytes = await page.pdf(A4);
  writeFileSync(pdf, bytes);
  saved.push(pdf);
  return { saved, pages: await pagesOf(bytes) };
}

let browser: Browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM });
} catch (error) {
  console.error(
    `Chromium at ${CHROMIUM} did not start (apt-get install -y chromium): ${(error as Error).message}`,
  );
  process.exit(1);
}

const rows: { m: Measurement; of?: number }[] = [];
const failures: string[] = [];
const saved: string[] = [];
try {
  const context = await browser.newContext({ viewport: { width: PHONE_WIDTH, height: 812 } });
  // tsx (esbuild, keepNames) wraps the functions handed to page.evaluate in a `__name` helper
  // that exists only in Node: give the page a harmless one.
  await context.addInitScript({ content: "globalThis.__name = (f) => f;" });
  const page = await context.newPage();
  mkdirSync(outDir, { recursive: true });
  console.log(`Outbox ${outbox}`);
  for (const { kind, found } of picked) {
    if (!found) {
      console.log(`  ${kind}: none found, not measured`);
      continue;
    }
    console.log(`  ${kind}: ${found.files.length} in ${found.folder}/`);
    const measured: Measurement[] = [];
    for (const file of found.files)
      measured.push(await measure(page, kind, join(outbox, found.folder, file)));
    const shown = representative(measured);
    if (!shown) continue;
    const kept = await keep(page, kind, join(outbox, found.folder, `${shown.name}.html`));
    saved.push(...kept.saved);
    // Each digest in the table (every recipient's copy differs); reminders and escalations are
    // many, so the one kept stands for them, with its printed pages (not limited).
    if (kind === "digest") rows.push(...measured.map((m) => ({ m })));
    else rows.push({ m: { ...shown, pages: kept.pages }, of: measured.length });
    failures.push(...measured.flatMap((m) => limitFailures(m).map((f) => `${kind} ${f}`)));
  }
} finally {
  await browser.close();
}

console.log("");
console.log(formatTable(rows));
console.log("");
console.log(`Saved to look at: ${saved.map((f) => basename(f)).join(", ")} in ${outDir}/`);
if (failures.length > 0) {
  console.error("");
  console.error(`${failures.length} limit${failures.length === 1 ? "" : "s"} exceeded:`);
  for (const f of failures.slice(0, 20)) console.error(`  - ${f}`);
  if (failures.length > 20) console.error(`  … and ${failures.length - 20} more`);
  process.exit(1);
}
console.log("Every email within its limits.");
