import { describe, expect, it } from "vitest";
import type { CsvFileKind } from "../../shared/import/csv-files";
import { indexExport } from "../../shared/import/export-index";
import { type ParsedFiles, parseFiles } from "../../shared/import/parse-files";
import { readFixture } from "../helpers/fixtures";

/**
 * The import reads its files row by row (`indexExport`), keeping where each person's rows are,
 * and reads people's rows again a group at a time. Whatever the piece size or the group, what
 * it finds must be exactly what `parseFiles` finds reading the whole files at once: the same
 * errors on the same lines, the same records on the same lines, same-day sessions numbered
 * the same.
 */

const STAFF_HEADER =
  "staff_id,name,email,role,employment,qualification,asye_start_date,team,service,supervisor_id,supervisor_since,start_date,end_date,operational,caseload,supervision_interval_days";
const staffLine = (id: string, email = `${id.toLowerCase()}@example.gov.uk`) =>
  `${id},"Name, ${id}",${email},social_worker,permanent,qualified,,Team A,Service X,,,2020-01-01,,yes,,`;

/** An export with everything that moves lines about: BOM, CRLF, blank lines, a cell spanning lines. */
const messy: Record<string, string> = {
  staff: [
    `\uFEFF${STAFF_HEADER},notes`,
    `${staffLine("M1")},"a note\r\nover two lines"`,
    "",
    staffLine("W1", "not-an-email"),
    staffLine("W2"),
    "",
    "",
    `${staffLine("W3")},"""quoted"""`,
    staffLine("W2"),
  ].join("\r\n"),
  supervisions: [
    "staff_id,date,supervisor_id,type,duration_minutes,comment",
    "W2,2024-03-05,M1,formal,90,",
    "W3,2024-03-05,M1,formal,45,",
    'W2,2024-03-05,M1,formal,30,"two\nlines"',
    "W2,2024-02-30,M1,formal,30,",
    "",
    "W9,2024-03-06,M1,formal,30,",
    "W2,2024-03-05,M1,formal,60,",
    "W3,2024-03-05,M1,peer,45,",
    "W2,2024-03-05,M1,formal,90,",
  ].join("\n"), // no line break at the end
  absences:
    "staff_id,start_date,end_date,reason\nW2,2024-01-01,2024-01-05,sickness\nW3,2024-01-01,,\n",
  training: "staff_id,date,course\n",
};

const buffers = (files: Record<string, string>) =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])) as Partial<
    Record<CsvFileKind, Buffer>
  >;

const byFileAndLine = <T extends { file: string; line: number }>(list: T[]) =>
  [...list].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);

/** The whole files' records of some people, as `parseFiles` reads them. */
function only(files: ParsedFiles, people: ReadonlySet<string>): ParsedFiles {
  const out: Record<string, unknown> = {};
  for (const [kind, rows] of Object.entries(files)) {
    const kept = (rows as { record: { staffId: string } }[]).filter((r) =>
      people.has(r.record.staffId),
    );
    if (kept.length > 0 || kind === "staff") out[kind] = kept;
  }
  return out as ParsedFiles;
}

describe("reading an export a piece at a time", () => {
  for (const rowsPerPiece of [1, 2, 3, 1000]) {
    it(`finds what parseFiles finds, ${rowsPerPiece} row(s) at a time`, () => {
      const contents = buffers(messy);
      const whole = parseFiles(contents);
      const index = indexExport(contents, { rowsPerPiece });
      expect(byFileAndLine(index.errors)).toEqual(byFileAndLine(whole.errors));
      expect(index.staffIdLines).toEqual(whole.staffIdLines);
      expect(index.staff).toEqual(whole.files.staff);
      expect(index.people).toEqual(["M1", "W2", "W3", "W9"]);
      expect(index.filesOf(index.people).files).toEqual(only(whole.files, new Set(index.people)));
      // A group of people: their rows only, numbered as in the whole files.
      const group = new Set(["W2", "W9"]);
      expect(index.filesOf(group).files).toEqual(only(whole.files, group));
    });
  }

  it("numbers a person's same-day sessions as the whole file does", () => {
    const index = indexExport(buffers(messy), { rowsPerPiece: 1 });
    const w2 = index.filesOf(["W2"]).files.supervisions ?? [];
    expect(w2.map((r) => [r.line, r.record.durationMinutes, r.record.sameDayIndex])).toEqual([
      [2, 90, undefined],
      [4, 30, 2],
      [9, 60, 3],
      [11, 90, 4],
    ]);
  });

  it("gives each record row's number in its file", () => {
    const index = indexExport(buffers(messy), { rowsPerPiece: 2 });
    const { files, rows } = index.filesOf(["W3"]);
    expect(files.supervisions?.map((r) => r.line)).toEqual([3, 10]);
    expect(rows.supervisions).toEqual([1, 6]);
    expect(index.rowCount("supervisions")).toBe(8); // the invalid one too
  });

  it("reads the sample export as parseFiles does", () => {
    const contents = readFixture();
    const whole = parseFiles(contents);
    const index = indexExport(contents, { rowsPerPiece: 4 });
    expect(index.errors).toEqual([]);
    expect(index.filesOf(index.people).files).toEqual(whole.files);
    expect(index.rows).toBe(Object.values(whole.files).reduce((n, rows) => n + rows.length, 0));
  });

  it("reports broken CSV, a bad header, an empty file once, as parseFiles does", () => {
    const files = {
      staff: `${STAFF_HEADER}\n${staffLine("W1")}\n`,
      training: 'staff_id,date,course\nW1,2024-01-01,"supervision\n',
      absences:
        "staff_id,start_date,start_date,end_date\nW1,2024-01-01,2024-01-02,2024-01-03\nW1,2024-01-01,2024-01-02,2024-01-03\n",
      supervisions: "staff_id,date\nW1,2024-01-01\nW1,2024-01-02\nW1,2024-01-03\n",
      appraisals: "",
      agreements: "staff_id,signed_date\n",
    };
    const contents = buffers(files);
    const index = indexExport(contents, { rowsPerPiece: 1 });
    expect(byFileAndLine(index.errors)).toEqual(byFileAndLine(parseFiles(contents).errors));
    expect(index.errors.map((e) => `${e.file}:${e.line}:${e.column}`).sort()).toEqual([
      "absences.csv:1:start_date",
      "appraisals.csv:1:(file)",
      "supervisions.csv:1:type",
      "training.csv:2:(file)",
    ]);
    expect(index.filesOf(["W1"]).files).toEqual({ staff: parseFiles(contents).files.staff });
  });
});
