/**
 * `npm run screenshot`: opens the reviewed email renderings (test/fixtures/emails/*.html), the
 * newest local outbox reminder and the newest monthly digest in headless Chromium (Debian's `chromium`), at a phone's width and a
 * desktop's, and saves PNGs under DATA_DIR/screenshots/ to look at. Needs
 * `apt-get install chromium`; says so and exits 1 when it is missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const dataDir = process.env.DATA_DIR ?? ".data";
const outDir = join(dataDir, "screenshots");

if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM).`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });

const fixtures = join("test", "fixtures", "emails");
const pages = readdirSync(fixtures)
  .filter((f) => f.endsWith(".html"))
  .map((f) => join(fixtures, f));
const outboxRoot = join(dataDir, "outbox");
if (existsSync(outboxRoot)) {
  const days = readdirSync(outboxRoot).sort();
  const newest = days.at(-1);
  if (newest) {
    const folder = join(outboxRoot, newest);
    const biggest = readdirSync(folder)
      .filter((f) => f.endsWith("-reminder.html"))
      .sort((a, b) => statSync(join(folder, b)).size - statSync(join(folder, a)).size)[0];
    if (biggest) pages.push(join(folder, biggest));
  }
}

const reportsRoot = join(dataDir, "reports");
if (existsSync(reportsRoot)) {
  const newest = readdirSync(reportsRoot).sort().at(-1);
  if (newest && existsSync(join(reportsRoot, newest, "digest.html")))
    pages.push(join(reportsRoot, newest, "digest.html"));
}

let failures = 0;
for (const page of pages) {
  for (const [label, width] of [
    ["phone", 390],
    ["desktop", 900],
  ] as const) {
    const png = join(outDir, `${basename(page, ".html")}-${label}.png`);
    const run = spawnSync(
      CHROMIUM,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${mkdtempSync(join(tmpdir(), "chromium-"))}`,
        `--window-size=${width},1400`,
        `--screenshot=${resolve(png)}`,
        `file://${resolve(page)}`,
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    const ok = run.status === 0 && existsSync(png) && statSync(png).size > 10_000;
    if (!ok) failures++;
    console.log(`${ok ? "ok  " : "FAIL"} ${png}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
