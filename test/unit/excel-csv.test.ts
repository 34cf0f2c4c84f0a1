import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CsvCell, excelCsv, excelCsvHeader, excelCsvRows } from "../../shared/email/excel-csv";
import { importErrorsCsv } from "../../shared/email/import-errors-csv";

/** What a spreadsheet (Excel, LibreOffice, Numbers) takes as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const read = (csv: string) => parse(csv, { bom: true, relax_column_count: true }) as string[][];

describe("a spreadsheet the system writes (excelCsv)", () => {
  it("neutralises formulas in text cells with a leading ', and leaves numbers as numbers", () => {
    const csv = excelCsv(
      ["name", "team", "count"],
      [
        ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", -3],
        ["@SUM(1)", "-2+3", 12.5],
        ["\tTabbed", "\rReturn", 0],
        ["\uFF1D1+1", "Plain, with comma", null],
      ],
    );
    expect(read(csv)).toEqual([
      ["name", "team", "count"],
      ['\'=HYPERLINK("http://evil","x")', "'+cmd|' /C calc'!A0", "-3"],
      ["'@SUM(1)", "'-2+3", "12.5"],
      ["'\tTabbed", "'\rReturn", "0"],
      ["'\uFF1D1+1", "Plain, with comma", ""],
    ]);
  });

  it("is for Excel: a BOM, CRLF only, and a line break inside a cell quoted, whatever its kind", () => {
    const csv = excelCsv(["a", "b"], [["one\ntwo", "three\rfour"]]);
    expect(csv.startsWith("\uFEFFa,b\r\n")).toBe(true);
    expect(csv).toBe('\uFEFFa,b\r\n"one\ntwo","three\rfour"\r\n');
    expect(read(csv)[1]).toEqual(["one\ntwo", "three\rfour"]);
  });

  it("written a row at a time, reads the same as written at once", () => {
    const rows: CsvCell[][] = [
      ["=1+1", 4],
      ["x", -1],
    ];
    expect(excelCsvHeader(["a", "b"]) + excelCsvRows(rows)).toBe(excelCsv(["a", "b"], rows));
  });

  it("the import errors' attachment neutralises a message that quotes a formula", () => {
    const { csv, rows } = importErrorsCsv([
      { file: "staff.csv", line: 2, column: "team", rule: "x", message: "=HYPERLINK(1)" },
    ]);
    expect(rows).toBe(1);
    expect(read(csv)[1]).toEqual(["staff.csv", "2", "team", "x", "'=HYPERLINK(1)"]);
  });

  it("property: no text cell reads back as a formula, every other value round-trips, numbers stay numbers", () => {
    const dangerous = fc.constantFrom(
      "=",
      "+",
      "-",
      "@",
      "\t",
      "\r",
      "\uFF1D",
      "\uFF0B",
      "\uFF0D",
      "\uFF20",
    );
    const awkward = fc.constantFrom('"', ",", "\n", "\r\n", "\r", "'", " ", "é", "\uFEFF");
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc
        .tuple(
          fc.option(dangerous, { nil: "" }),
          fc.array(fc.oneof(fc.string({ maxLength: 4 }), awkward), { maxLength: 5 }),
        )
        .map(([start, parts]) => start + parts.join("")),
    );
    const cell: fc.Arbitrary<CsvCell> = fc.oneof(
      text,
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((width) =>
            fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 6 }),
          ),
        (rows) => {
          const width = rows[0]?.length ?? 1;
          const columns = Array.from({ length: width }, (_, i) => `c${i}`);
          const csv = excelCsv(columns, rows);
          const back = read(csv);
          expect(back[0]).toEqual(columns);
          expect(back.slice(1)).toHaveLength(rows.length);
          for (const [r, row] of rows.entries()) {
            for (const [c, value] of row.entries()) {
              const written = back[r + 1]?.[c];
              if (typeof value === "number") {
                // A number cell stays a number: its own digits, no quote mark in front.
                expect(written).toBe(String(value));
                expect(Number(written)).toBe(value === 0 ? 0 : value);
              } else if (value === null || value === undefined) {
                expect(written).toBe("");
              } else {
                expect(written, JSON.stringify(value)).not.toMatch(FORMULA_START);
                expect(written).toBe(FORMULA_START.test(value) ? `'${value}` : value);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
