import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../../shared/import/import-limits";
import {
  type CellValue,
  openSheet,
  WorkbookError,
  type WorkbookRow,
} from "../../../shared/import/workbook";
import { withDeclaredSize, workbook } from "../../helpers/workbooks";

async function rowsOf(xlsx: Buffer, sheet?: string) {
  const opened = await openSheet(xlsx, sheet);
  const rows: WorkbookRow[] = [];
  for await (const row of opened.rows) rows.push(row);
  return { sheet: opened.sheet, rows: rows.map((r) => [r.line, Object.fromEntries(r.cells)]) };
}

const utc = (y: number, m: number, d: number, h = 0, min = 0) =>
  new Date(Date.UTC(y, m - 1, d, h, min));

describe("reading a workbook", () => {
  it("gives each row's Excel number, dates as dates, numbers as numbers, empty cells left out", async () => {
    const xlsx = await workbook({
      Staff: [
        ["Employee No", "Name", "Start", "Caseload", "Agency"],
        [1234, "Ann Smith", utc(2024, 3, 31, 23, 30), 12, true],
        [],
        [1235, "  Bob  ", "13/02/2024", null, false],
      ],
    });
    expect(await rowsOf(xlsx)).toEqual({
      sheet: "Staff",
      rows: [
        [1, { 1: "Employee No", 2: "Name", 3: "Start", 4: "Caseload", 5: "Agency" }],
        // 23:30 on the day the clocks went forward: still the 31st (Excel dates have no zone).
        [2, { 1: 1234, 2: "Ann Smith", 3: utc(2024, 3, 31, 23, 30), 4: 12, 5: true }],
        [4, { 1: 1235, 2: "  Bob  ", 3: "13/02/2024", 5: false }],
      ],
    });
  });

  it("reads a formula as its saved result (a date result as a date) and names a cell without one", async () => {
    const xlsx = await workbook({
      Sheet1: [
        ["id", "next", "when", "missing", "broken", "typed"],
        [
          { formula: "1+1", result: 2 },
          { formula: 'CONCAT("W","1")', result: "W1" },
          { formula: "DATE(2024,3,31)", result: utc(2024, 3, 31) },
          { formula: "A2*2" } as never,
          { formula: "1/0", result: { error: "#DIV/0!" } },
          { error: "#N/A" },
        ],
      ],
    });
    const { rows } = await rowsOf(xlsx);
    const cells = rows[1]?.[1] as Record<number, CellValue>;
    expect(cells[1]).toBe(2);
    expect(cells[2]).toBe("W1");
    expect(cells[3]).toEqual(utc(2024, 3, 31));
    expect(cells[4]).toEqual({
      problem:
        "cell D2 is a formula with no saved value (never calculated, or an Excel error such as #N/A): fix it in Excel, let it calculate and save the workbook",
      rule: "formula without a result",
    });
    // exceljs keeps no value for a formula whose result is an Excel error: the same message.
    expect(cells[5]).toMatchObject({ rule: "formula without a result" });
    expect(cells[6]).toEqual({
      problem: "cell F2 holds the Excel error #N/A",
      rule: "Excel error",
    });
  });

  it("reads the first sheet in tab order, or the one named; names the sheets when it is missing", async () => {
    const xlsx = await workbook({ Cover: [["about"]], Staff: [["staff_id"], ["W1"]] });
    expect((await rowsOf(xlsx)).sheet).toBe("Cover");
    expect(await rowsOf(xlsx, "Staff")).toEqual({
      sheet: "Staff",
      rows: [
        [1, { 1: "staff_id" }],
        [2, { 1: "W1" }],
      ],
    });
    await expect(openSheet(xlsx, "staff")).rejects.toThrow(
      "has no sheet named 'staff' (its sheets: 'Cover', 'Staff')",
    );
  });

  it("reads a 1904-based workbook's date cells as the same calendar dates", async () => {
    const book = new ExcelJS.Workbook();
    book.properties.date1904 = true;
    book.addWorksheet("Dates").addRow(["when", utc(2024, 3, 31)]);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    expect((await rowsOf(xlsx)).rows).toEqual([[1, { 1: "when", 2: utc(2024, 3, 31) }]]);
  });

  it("refuses a zip bomb by its declared size, before expanding anything", async () => {
    const xlsx = await workbook({ Staff: [["staff_id"], ["W1"]] });
    const bomb = withDeclaredSize(
      xlsx,
      "xl/worksheets/sheet1.xml",
      IMPORT_LIMITS.maxWorkbookExpandedBytes + 1,
    );
    await expect(openSheet(bomb, undefined)).rejects.toThrow(
      /expands to 250 MB of sheet and text, over the 250 MB an import reads/,
    );
  });

  it("stops a part that expands past the size it declares", async () => {
    const xlsx = await workbook({ Staff: [["staff_id"], ["W1"]] });
    const liar = withDeclaredSize(xlsx, "xl/worksheets/sheet1.xml", 10);
    const reading = rowsOf(liar);
    await expect(reading).rejects.toThrow(WorkbookError);
    await expect(reading).rejects.toThrow(/expands past the 10 bytes it declares/);
  });

  it("refuses what is not a workbook", async () => {
    await expect(openSheet(Buffer.from("staff_id\nW1\n"), undefined)).rejects.toThrow(
      "is not an .xlsx workbook (not a zip archive)",
    );
  });
});
