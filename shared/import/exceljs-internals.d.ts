/**
 * The parts of exceljs the workbook reader uses, by their module paths inside the package
 * (see `workbook.ts` for why not its main entry). Only what is called is declared.
 */

declare module "exceljs/lib/stream/xlsx/worksheet-reader.js" {
  import type { Cell } from "exceljs";

  interface ReaderRow {
    readonly number: number;
    eachCell(iteratee: (cell: Cell, column: number) => void): void;
  }
  class WorksheetReader {
    constructor(args: {
      workbook: unknown;
      id: number;
      iterator: AsyncIterable<string>;
      options: { worksheets: "emit"; hyperlinks: "ignore" };
    });
    parse(): AsyncIterable<{ eventType: string; value: ReaderRow }[]>;
  }
  export default WorksheetReader;
}

declare module "exceljs/lib/xlsx/xform/style/styles-xform.js" {
  class StylesXform {
    constructor(initialise?: boolean);
    init(): void;
    parseStream(stream: AsyncIterable<string>): Promise<unknown>;
  }
  export default StylesXform;
}

declare module "exceljs/lib/xlsx/xform/book/workbook-xform.js" {
  class WorkbookXform {
    parseStream(stream: AsyncIterable<string>): Promise<{
      sheets?: { name: string; id: number; rId: string; state?: string }[];
      properties?: { date1904?: boolean };
    }>;
  }
  export default WorkbookXform;
}

declare module "exceljs/lib/xlsx/xform/core/relationships-xform.js" {
  class RelationshipsXform {
    parseStream(
      stream: AsyncIterable<string>,
    ): Promise<{ Id: string; Target: string; Type: string }[] | undefined>;
  }
  export default RelationshipsXform;
}

declare module "exceljs/lib/utils/parse-sax.js" {
  type SaxEvent =
    | { eventType: "opentag"; value: { name: string; attributes: Record<string, string> } }
    | { eventType: "text"; value: string }
    | { eventType: "closetag"; value: { name: string } };
  export default function parseSax(stream: AsyncIterable<string>): AsyncIterable<SaxEvent[]>;
}

declare module "exceljs/lib/utils/utils.js" {
  const utils: {
    isDateFmt(format: string | undefined): boolean;
    excelToDate(serial: number, date1904?: boolean): Date;
  };
  export default utils;
}
