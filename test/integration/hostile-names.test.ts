import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breakable } from "../../shared/email/labels";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { cliInProcess, standIn } from "../helpers/cli-process";
import {
  HOSTILE_NAMES,
  HOSTILE_TEAMS,
  hostileDepartment,
  RAW_MARKUP,
} from "../helpers/hostile-department";

const MONDAY = "2026-11-02";
/** A reminder, whichever rhythm it has. */
const REMINDER = /^(Weekly supervision summary|Supervision update|Supervision): /;

interface StoredEmail {
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; content: string }[];
}

/** A cell Excel, LibreOffice or Sheets would read as a formula (numbers aside). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NUMBER = /^-?\d+(\.\d+)?%?$/;

describe("a ~450-person department whose names and teams hold formulas and markup", () => {
  const department = hostileDepartment(MONDAY);
  const names = new Map(department.staff.map((s) => [s.staffId, s.name]));
  let ses: Awaited<ReturnType<typeof standIn>>;
  let dataDir: string;
  let emails: StoredEmail[];

  beforeAll(async () => {
    ses = await standIn("ses");
    dataDir = mkdtempSync(join(tmpdir(), "supervision-hostile-"));
    const exportDir = join(dataDir, "export");
    mkdirSync(exportDir);
    for (const [kind, content] of Object.entries(toCsvBuffers(department)))
      writeFileSync(join(exportDir, `${kind}.csv`), content);
    const env = { DATA_DIR: dataDir, SES_ENDPOINT: ses.endpoint, SUPERVISION_TODAY: MONDAY };
    for (const args of [
      ["import", exportDir],
      ["remind", "--date", MONDAY],
      ["digest", "--month", "2026-10", "--send"],
    ]) {
      const run = await cliInProcess(env, ...args);
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(0);
    }
    emails = ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: StoredEmail[] })
      .emails;
  }, 240_000);
  afterAll(() => {
    ses?.proc.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ofKind = (kind: RegExp) => emails.filter((e) => kind.test(e.subject));
  const attachments = (type: string) =>
    emails.flatMap((e) => e.attachments.filter((a) => a.contentType.startsWith(type)));
  const decoded = (a: { content: string }) => Buffer.from(a.content, "base64").toString("utf8");

  it("is the size it claims and sends every kind of email", () => {
    expect(department.staff.length).toBeGreaterThanOrEqual(430);
    expect(ofKind(REMINDER).length).toBeGreaterThan(10);
    expect(ofKind(/^Escalation: /).length).toBeGreaterThan(0);
    expect(ofKind(/^Supervision compliance /).length).toBeGreaterThan(0);
  });

  it("never puts a name's markup into an HTML body as markup, yet shows it escaped", () => {
    for (const email of emails) {
      // The digest may break a long token with <wbr>; that is the only tag a name may gain.
      const html = (email.body.html ?? "").replaceAll("<wbr>", "");
      for (const raw of RAW_MARKUP) expect(html, email.subject).not.toContain(raw);
    }
    for (const kind of [REMINDER, /^Escalation: /, /^Supervision compliance /]) {
      const bodies = ofKind(kind).map((e) => (e.body.html ?? "").replaceAll("<wbr>", ""));
      expect(bodies.some((h) => h.includes("&lt;script&gt;alert(1)&lt;/script&gt;"))).toBe(true);
    }
    const digests = ofKind(/^Supervision compliance /).map((e) => e.body.html ?? "");
    expect(
      digests.some((h) => h.replaceAll("<wbr>", "").includes("&lt;b&gt;Bold&lt;/b&gt; &amp; Co")),
    ).toBe(true);
  });

  it("lets a long name or team break on a phone instead of widening the page", () => {
    const escalations = ofKind(/^Escalation: /).map((e) => e.body.html ?? "");
    const team = breakable(HOSTILE_TEAMS[0] as string);
    expect(team).toContain("<wbr>");
    expect(escalations.some((h) => h.includes(`${team} &middot;`))).toBe(true);
    const greeted = emails.flatMap((e) => (e.body.html ?? "").match(/Dear (.*?),<br>/)?.[1] ?? []);
    expect(greeted.some((name) => name.includes("<wbr>"))).toBe(true);
    for (const name of greeted) {
      for (const word of name.replaceAll("<wbr>", " ").split(" "))
        expect(word.replace(/&[a-z0-9#]+;/g, "&").length, name).toBeLessThanOrEqual(12);
    }
  });

  it("keeps the names as they are in the plain text", () => {
    const texts = emails.map((e) => e.body.text ?? "").join("\n");
    for (const name of HOSTILE_NAMES) expect(texts).toContain(name);
  });

  it("writes no CSV cell a spreadsheet would run, and still names everyone it lists", () => {
    const csvs = attachments("text/csv");
    expect(csvs.map((a) => a.filename?.replace(/-\d.*/, "")).sort()).toEqual(
      expect.arrayContaining(["supervision-by-team", "supervision-exceptions"]),
    );
    const cells = csvs.flatMap((a) => (parse(decoded(a), { bom: true }) as string[][]).flat());
    const formulas = cells.filter((cell) => FORMULA_START.test(cell) && !NUMBER.test(cell));
    expect(formulas).toEqual([]);
    // Neutralised by a leading apostrophe, not dropped.
    for (const hostile of [...HOSTILE_NAMES.filter((n) => /^[=+\-@]/.test(n)), HOSTILE_TEAMS[0]])
      expect(cells.some((cell) => cell.startsWith(`'${hostile}`))).toBe(true);
  });

  it("writes invitations a calendar reads back with the person's name exactly", () => {
    const invites = attachments("text/calendar");
    expect(invites.length).toBeGreaterThan(0);
    let hostile = 0;
    for (const invite of invites) {
      const event = new ICAL.Component(ICAL.parse(decoded(invite))).getFirstSubcomponent("vevent");
      const staffId = invite.filename?.match(/^supervision-(.+)\.ics$/)?.[1] ?? "";
      expect(event?.getFirstPropertyValue("summary")).toBe(`Supervision: ${names.get(staffId)}`);
      if (HOSTILE_NAMES.some((n) => names.get(staffId)?.startsWith(n))) hostile += 1;
    }
    expect(hostile).toBeGreaterThan(0);
  });
});
