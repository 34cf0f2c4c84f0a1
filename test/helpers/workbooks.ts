import ExcelJS from "exceljs";

/** A sheet's rows as the test writes them: exceljs's cell values (Date, number, formula…). */
export type SheetRows = ExcelJS.CellValue[][];

/** An .xlsx workbook built in memory with exceljs, as Excel would save it. Tests only. */
export async function workbook(sheets: Record<string, SheetRows>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    rows.forEach((row, i) => {
      sheet.getRow(i + 1).values = row as ExcelJS.CellValue[];
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The same workbook with one part's size in the zip's central directory replaced: a zip bomb
 * declares more than the import allows, a lying one less than it expands to.
 */
export function withDeclaredSize(xlsx: Buffer, part: string, size: number): Buffer {
  const copy = Buffer.from(xlsx);
  for (let at = 0; at + 46 < copy.length; at++) {
    if (copy.readUInt32LE(at) !== 0x02014b50) continue;
    const nameLength = copy.readUInt16LE(at + 28);
    if (copy.toString("utf8", at + 46, at + 46 + nameLength) === part) {
      copy.writeUInt32LE(size, at + 24);
      return copy;
    }
  }
  throw new Error(`no ${part} in the workbook`);
}
