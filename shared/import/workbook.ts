import type { Cell } from "exceljs";
import type WorksheetReader from "exceljs/lib/stream/xlsx/worksheet-reader.js";
import { IMPORT_LIMITS } from "./import-limits";
import { entryText, type ZipEntry, ZipError, zipEntries } from "./zip-archive";

/**
 * Reads one sheet of an .xlsx workbook, row by row, as Excel shows it: real date cells as dates
 * (numbers with a date format, as exceljs decides, 1904 workbooks too), numbers as numbers,
 * formulas as their saved result, empty cells left out.
 *
 * exceljs parses the XML (the sheet, its styles, shared strings and the workbook's list of
 * sheets). The archive itself is opened here (`zip-archive.ts`), not by exceljs's own
 * `WorkbookReader`: that would bring unzipper and its dependencies (~370 KB minified) into the
 * import Lambda's bundle, and it expands whatever it is given, where this reads only the parts
 * it needs and refuses by their declared sizes first (a zip bomb) and stops any part that
 * expands past what it declared. exceljs is pinned to one version: these are its module paths.
 * They are loaded when a workbook is first opened (`import()`, which esbuild keeps in the
 * bundle but runs only then), so a Lambda start that reads only CSV files never evaluates them.
 */

/** The parts of exceljs the reader uses, loaded once, when first needed. */
let loading: ReturnType<typeof loadExcel> | undefined;

async function loadExcel() {
  const [reader, sax, utils, book, rels, styles] = await Promise.all([
    import("exceljs/lib/stream/xlsx/worksheet-reader.js"),
    import("exceljs/lib/utils/parse-sax.js"),
    import("exceljs/lib/utils/utils.js"),
    import("exceljs/lib/xlsx/xform/book/workbook-xform.js"),
    import("exceljs/lib/xlsx/xform/core/relationships-xform.js"),
    import("exceljs/lib/xlsx/xform/style/styles-xform.js"),
  ]);
  return {
    WorksheetReader: reader.default,
    parseSax: sax.default,
    excelUtils: utils.default,
    WorkbookXform: book.default,
    RelationshipsXform: rels.default,
    StylesXform: styles.default,
  };
}

type Excel = Awaited<ReturnType<typeof loadExcel>>;

/** What a cell held that cannot be imported (an Excel error, a formula never calculated). */
export interface CellProblem {
  problem: string;
  rule: string;
}

export type CellValue = string | number | boolean | Date | CellProblem;

export interface WorkbookRow {
  /** The Excel row number. */
  line: number;
  /** By column number (A = 1); empty cells are not there. */
  cells: Map<number, CellValue>;
}

export interface OpenedSheet {
  /** The sheet read: the one asked for, or the first in the workbook's tab order. */
  sheet: string;
  rows: AsyncGenerator<WorkbookRow>;
}

/** A workbook that cannot be read, said as the rest of a sentence starting with its name. */
export class WorkbookError extends Error {
  override readonly name = "WorkbookError";
}

/** The largest row number Excel has. */
const LAST_ROW = 1_048_576;

export async function openSheet(content: Buffer, sheet: string | undefined): Promise<OpenedSheet> {
  try {
    return await open(content, sheet);
  } catch (error) {
    if (error instanceof ZipError) throw new WorkbookError(error.message);
    throw error;
  }
}

async function open(content: Buffer, wanted: string | undefined): Promise<OpenedSheet> {
  loading ??= loadExcel();
  const excel = await loading;
  const { WorkbookXform, RelationshipsXform, StylesXform, WorksheetReader } = excel;
  const entries = zipEntries(content);
  const part = (name: string) => entries.get(name);
  const workbookPart = part("xl/workbook.xml");
  if (!workbookPart) throw new WorkbookError("is not an .xlsx workbook (no xl/workbook.xml)");
  const relsPart = part("xl/_rels/workbook.xml.rels");
  const workbook = await new WorkbookXform().parseStream(text(content, workbookPart));
  const rels = relsPart ? await new RelationshipsXform().parseStream(text(content, relsPart)) : [];
  const sheets = workbook.sheets ?? [];
  if (sheets.length === 0) throw new WorkbookError("has no sheets");
  const chosen = wanted === undefined ? sheets[0] : sheets.find((s) => s.name === wanted);
  if (!chosen) {
    throw new WorkbookError(
      `has no sheet named '${wanted}' (its sheets: ${sheets.map((s) => `'${s.name}'`).join(", ")})`,
    );
  }
  const target = rels?.find((r) => r.Id === chosen.rId)?.Target ?? "";
  const sheetPart = part(target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  if (!sheetPart || !/worksheets\//.test(target)) {
    throw new WorkbookError(`'${chosen.name}' is not a sheet of cells (a chart?)`);
  }
  const stylesPart = part("xl/styles.xml");
  const stringsPart = part("xl/sharedStrings.xml");
  const parts = [workbookPart, relsPart, stylesPart, stringsPart, sheetPart];
  const declared = parts.reduce((n, p) => n + (p?.size ?? 0), 0);
  if (declared > IMPORT_LIMITS.maxWorkbookExpandedBytes) {
    throw new WorkbookError(
      `expands to ${Math.round(declared / 1e6)} MB of sheet and text, over the ${IMPORT_LIMITS.maxWorkbookExpandedBytes / 1e6} MB an import reads: save only the sheet needed, or export it as CSV`,
    );
  }
  const styles = new StylesXform();
  if (stylesPart) await styles.parseStream(text(content, stylesPart));
  else styles.init();
  const sharedStrings = stringsPart ? await readSharedStrings(excel, content, stringsPart) : [];
  const date1904 = workbook.properties?.date1904 === true;
  const reader = new WorksheetReader({
    workbook: { sharedStrings, styles, properties: { model: { date1904 } } },
    id: chosen.id,
    iterator: text(content, sheetPart),
    options: { worksheets: "emit", hyperlinks: "ignore" },
  });
  return { sheet: chosen.name, rows: rowsOf(excel, reader, date1904) };
}

function text(content: Buffer, entry: ZipEntry): AsyncIterable<string> {
  return entryText(content, entry);
}

async function* rowsOf(
  excel: Excel,
  reader: WorksheetReader,
  date1904: boolean,
): AsyncGenerator<WorkbookRow> {
  let previous = 0;
  try {
    for await (const events of reader.parse()) {
      for (const { eventType, value: row } of events) {
        if (eventType !== "row") continue;
        if (!Number.isInteger(row.number) || row.number <= previous || row.number > LAST_ROW) {
          throw new WorkbookError("has rows out of order or numbered past Excel's last row");
        }
        previous = row.number;
        const cells = new Map<number, CellValue>();
        row.eachCell((cell, column) => {
          const value = cellValue(excel, cell, date1904);
          if (value !== undefined && value !== "") cells.set(column, value);
        });
        if (cells.size > 0) yield { line: row.number, cells };
      }
    }
  } catch (error) {
    if (error instanceof ZipError) throw new WorkbookError(error.message);
    if (error instanceof WorkbookError) throw error;
    throw new WorkbookError(`is not a readable workbook (${(error as Error).message})`);
  }
}

/** The text of a shared string: plain, or rich text's runs joined (phonetic guides left out). */
async function readSharedStrings(
  { parseSax }: Excel,
  content: Buffer,
  entry: ZipEntry,
): Promise<string[]> {
  const strings: string[] = [];
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  for await (const events of parseSax(text(content, entry))) {
    for (const event of events) {
      if (event.eventType === "opentag") {
        const { name } = event.value;
        if (name === "si") current = "";
        else if (name === "rPh") phonetic++;
        else if (name === "t") inText = phonetic === 0;
      } else if (event.eventType === "text") {
        if (inText && current !== undefined) current += event.value;
      } else {
        const { name } = event.value;
        if (name === "t") inText = false;
        else if (name === "rPh") phonetic--;
        else if (name === "si") {
          strings.push(current ?? "");
          current = undefined;
        }
      }
    }
  }
  return strings;
}

type RawValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | Date
  | { formula?: string; sharedFormula?: string; result?: unknown }
  | { error: string }
  | { richText: { text: string }[] }
  | { text: unknown; hyperlink: string };

/** A cell's value as Excel shows it; undefined when empty. */
function cellValue({ excelUtils }: Excel, cell: Cell, date1904: boolean): CellValue | undefined {
  const raw = cell.value as RawValue;
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === "object" && !(raw instanceof Date)) {
    if ("formula" in raw || "sharedFormula" in raw || "result" in raw) {
      const result = (raw as { result?: unknown }).result;
      if (result === undefined || result === null) {
        return {
          problem: `cell ${cell.address} is a formula with no saved value (never calculated, or an Excel error such as #N/A): fix it in Excel, let it calculate and save the workbook`,
          rule: "formula without a result",
        };
      }
      if (typeof result === "number" && !Number.isFinite(result)) {
        return excelError(cell, "a formula whose result is an Excel error (#N/A, #REF!, …)");
      }
      if (typeof result === "number" && excelUtils.isDateFmt(numFmt(cell))) {
        return excelUtils.excelToDate(result, date1904);
      }
      return plain(cell, result);
    }
    return plain(cell, raw);
  }
  return plain(cell, raw);
}

function numFmt(cell: Cell): string | undefined {
  return (cell.style as { numFmt?: string } | undefined)?.numFmt;
}

function plain(cell: Cell, value: unknown): CellValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    return Number.isFinite(value) ? value : excelError(cell, "a value that is not a number");
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? excelError(cell, "a date out of range") : value;
  }
  if (typeof value === "object") {
    if ("error" in value) return excelError(cell, `the Excel error ${String(value.error)}`);
    if ("richText" in value && Array.isArray(value.richText)) {
      return value.richText.map((run: { text?: unknown }) => String(run.text ?? "")).join("");
    }
    if ("text" in value) return plain(cell, value.text);
  }
  return excelError(cell, "a value the import cannot read");
}

function excelError(cell: Cell, what: string): CellProblem {
  return { problem: `cell ${cell.address} holds ${what}`, rule: "Excel error" };
}

/** A date cell's calendar date: Excel's dates have no time zone, so its UTC parts as given. */
export function isoDateOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
