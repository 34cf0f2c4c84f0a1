import { CsvError, parse as parseCsv } from "csv-parse";
import { isIsoDate } from "../domain/dates";
import { quoted } from "./cells";
import { CSV_FILE_KINDS, CSV_FILE_NAMES, CSV_FILES, type CsvFileKind } from "./csv-files";
import { REPLACEMENT_CHARACTER } from "./import-limits";
import {
  DATE_COLUMNS,
  type DateFormat,
  type FileProfile,
  type ImportProfile,
  PROFILE_FILE,
  parseImportProfile,
  resolveFiles,
} from "./import-profile";
import { onlyColumnsOf } from "./parse-files";
import {
  csvSyntaxError,
  type ImportError,
  notItsColumns,
  valueOutsideError,
  valuesOutside,
} from "./read-csv";
import { type CellValue, isoDateOf, openSheet, WorkbookError } from "./workbook";

/**
 * An import folder as found, turned into the contract's CSV files: a workbook read, columns
 * renamed, values mapped and text dates rewritten as the profile says. What comes out is
 * exactly the CSV an admin would have written by hand, so every rule of the contract (all or
 * nothing, bounds, text hygiene, the cross-row checks) applies unchanged; and each row keeps
 * its place (a row on Excel row 12 is on line 12), so the contract's errors are told back in
 * the source's own terms: `HR staff list.xlsx[Staff]:12: Employee No: …`.
 */

export interface SourceFile {
  name: string;
  content: Buffer;
}

/** What an import was given: the folder's files by name, and the profile if there is one. */
export interface ImportSources {
  files: ReadonlyMap<string, Buffer>;
  profile?: SourceFile;
}

/** How one file was read into the contract: what the dry run shows. */
export interface MappedFile {
  kind: CsvFileKind;
  /** The contract file it stands for (`staff.csv`). */
  file: string;
  /** Where it was read from: `HR staff list.xlsx[Staff]`, `supervision-log.csv`. */
  from: string;
  /** Each contract column read, with the source column it came from, in the contract's order. */
  columns: { source: string; contract: string }[];
  /** Source columns the import does not read. */
  ignored: string[];
  /** Contract columns whose values the profile maps. */
  values: string[];
  dateFormat: DateFormat;
}

export type ContractFiles =
  | {
      ok: true;
      contents: Partial<Record<CsvFileKind, Buffer>>;
      /** The files read through a profile or from a workbook; a contract CSV read as is is not. */
      mapped: MappedFile[];
      /** Problems found while mapping single cells (a date not in the profile's format). */
      cellErrors: ImportError[];
      /** The contract's errors about the files made here, said in the source's terms. */
      translate: (errors: readonly ImportError[]) => ImportError[];
    }
  | { ok: false; errors: ImportError[] };

interface Translation {
  file: string;
  from: string;
  headerLine: number;
  sourceOf: Map<string, string>;
}

export async function toContractFiles(sources: ImportSources): Promise<ContractFiles> {
  let profile: ImportProfile | undefined;
  const profileName = sources.profile?.name ?? PROFILE_FILE;
  if (sources.profile) {
    const parsed = parseImportProfile(sources.profile.name, sources.profile.content);
    if (!parsed.ok) return parsed;
    profile = parsed.profile;
  }
  const resolved = resolveFiles(profile, [...sources.files.keys()], profileName);
  if (resolved.errors.length > 0) return { ok: false, errors: resolved.errors };
  if (Object.keys(resolved.files).length === 0) {
    return {
      ok: false,
      errors: [
        {
          file: profileName,
          line: 0,
          column: "(folder)",
          message: `no import files found: expected any of ${CSV_FILE_KINDS.map((k) => CSV_FILE_NAMES[k]).join(", ")} (or .xlsx), or the files the profile names`,
          rule: "no import files",
        },
      ],
    };
  }
  const contents: Partial<Record<CsvFileKind, Buffer>> = {};
  const mapped: MappedFile[] = [];
  const cellErrors: ImportError[] = [];
  const fileErrors: ImportError[] = [];
  const translations: Translation[] = [];
  for (const kind of CSV_FILE_KINDS) {
    const name = resolved.files[kind];
    if (name === undefined) continue;
    const content = sources.files.get(name) as Buffer;
    const spec = profile?.files[kind];
    if (!spec && name === CSV_FILE_NAMES[kind]) {
      contents[kind] = content; // the contract's own file, read as the contract says
      continue;
    }
    const dateFormat =
      spec?.dateFormat ?? (spec ? (profile?.dateFormat ?? "YYYY-MM-DD") : "YYYY-MM-DD");
    const converted = await convert(kind, name, content, spec, dateFormat, profileName);
    if (!converted.ok) {
      fileErrors.push(...converted.errors);
      continue;
    }
    contents[kind] = converted.content;
    mapped.push(converted.mapped);
    cellErrors.push(...converted.cellErrors);
    translations.push({
      file: CSV_FILE_NAMES[kind],
      from: converted.mapped.from,
      headerLine: converted.headerLine,
      sourceOf: new Map(converted.mapped.columns.map((c) => [c.contract, c.source])),
    });
  }
  if (fileErrors.length > 0) return { ok: false, errors: fileErrors };
  const byFile = new Map(translations.map((t) => [t.file, t]));
  return {
    ok: true,
    contents,
    mapped,
    cellErrors,
    translate: (errors) =>
      errors.map((e) => {
        const t = byFile.get(e.file);
        let message = e.message;
        for (const other of translations) message = message.replaceAll(other.file, other.from);
        if (!t) return message === e.message ? e : { ...e, message };
        return {
          ...e,
          file: t.from,
          line: e.line === 1 ? t.headerLine : e.line,
          column: t.sourceOf.get(e.column) ?? e.column,
          message,
        };
      }),
  };
}

/**
 * The contract's errors and the mapping's own, one per cell (the mapping's says more: a date
 * not in the profile's format is also, to the contract, not `YYYY-MM-DD`), in file order.
 */
export function mergeErrors(
  mappingErrors: readonly ImportError[],
  contractErrors: readonly ImportError[],
): ImportError[] {
  const key = (e: ImportError) => `${e.file}\u0000${e.line}\u0000${e.column}`;
  const taken = new Set(mappingErrors.map(key));
  return [...mappingErrors, ...contractErrors.filter((e) => !taken.has(key(e)))].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
  );
}

type Converted =
  | {
      ok: true;
      content: Buffer;
      mapped: MappedFile;
      headerLine: number;
      cellErrors: ImportError[];
    }
  | { ok: false; errors: ImportError[] };

/** A source's header and rows, as read from a CSV file or a sheet. */
interface SourceTable {
  label: string;
  headerLine: number;
  header: string[];
  /** Each row's cells by column index (0-based, as the header). */
  rows: AsyncIterable<{ line: number; cells: (CellValue | undefined)[] }>;
}

async function convert(
  kind: CsvFileKind,
  name: string,
  content: Buffer,
  spec: FileProfile | undefined,
  dateFormat: DateFormat,
  profileName: string,
): Promise<Converted> {
  const fileError = (
    file: string,
    line: number,
    column: string,
    message: string,
    rule: string,
  ) => ({
    ok: false as const,
    errors: [{ file, line, column, message, rule }],
  });
  const isWorkbook = /\.xlsx$/i.test(name);
  if (!isWorkbook && spec?.sheet !== undefined) {
    return fileError(
      profileName,
      0,
      `files.${kind}.sheet`,
      `'${name}' is a CSV file: it has no sheets`,
      "invalid profile",
    );
  }
  let table: SourceTable | { error: ImportError };
  try {
    table = isWorkbook
      ? await workbookTable(name, content, spec?.sheet)
      : await csvTable(name, content);
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    return fileError(name, 0, "(file)", error.message, "unreadable workbook");
  }
  if ("error" in table) return { ok: false, errors: [table.error] };
  const { label, headerLine, header } = table;

  const errors: ImportError[] = [];
  const columns: { contract: string; source: string; index: number }[] = [];
  for (const contract of CSV_FILES[kind].columns) {
    const named = spec?.columns?.[contract];
    const source = named ?? contract;
    const at = header.flatMap((h, i) => (h === source ? [i] : []));
    if (at.length > 1) {
      errors.push({
        file: label,
        line: headerLine,
        column: source,
        message: `column appears ${at.length} times in the header: which one holds ${contract}?`,
        rule: "repeated column",
      });
    } else if (at.length === 0) {
      if (named !== undefined) {
        const like = header.find((h) => h.toLowerCase() === named.toLowerCase());
        errors.push({
          file: label,
          line: headerLine,
          column: named,
          message: `is not in the header, so ${contract} cannot be read (${profileName} files.${kind}.columns.${contract})${like ? `; the header has '${like}': names must match exactly` : ""}`,
          rule: "missing column",
        });
      }
    } else columns.push({ contract, source, index: at[0] as number });
  }
  // A file that takes its own columns only (audits) has none the profile leaves unread.
  const own = onlyColumnsOf(CSV_FILES[kind]);
  const only = own && { ...own, columns: columns.map((c) => c.source), file: CSV_FILE_NAMES[kind] };
  const readHeader = header.map((h, i) => (columns.some((c) => c.index === i) ? h : ""));
  if (only) errors.push(...notItsColumns(label, header, only, headerLine));
  if (errors.length > 0) return { ok: false, errors };

  const used = new Set(columns.map((c) => c.index));
  const valueMaps = new Map(
    Object.entries(spec?.values ?? {}).map(([column, map]) => [
      column,
      new Map(Object.entries(map).map(([from, to]) => [from.trim().toLowerCase(), to])),
    ]),
  );
  const dates = new Set(DATE_COLUMNS[kind]);
  const cellErrors: ImportError[] = [];
  const lines: string[] = [];
  const put = (line: number, text: string) => {
    while (lines.length < line - 1) lines.push("");
    lines.push(text);
  };
  put(headerLine, columns.map((c) => c.contract).join(","));
  try {
    for await (const row of table.rows) {
      const out: string[] = [];
      for (const { contract, source, index } of columns) {
        const at = { file: label, line: row.line, column: source };
        const cell = mapCell(row.cells[index], {
          map: valueMaps.get(contract),
          isDate: dates.has(contract),
          dateFormat,
          withhold: Boolean(only),
        });
        if (cell.error)
          cellErrors.push({ ...at, ...cell.error, rule: cell.error.rule ?? `invalid ${contract}` });
        out.push(csvField(cell.text));
      }
      if (only) {
        for (const n of valuesOutside(readHeader, row.cells.map(cellText))) {
          cellErrors.push(valueOutsideError(label, row.line, n, only));
        }
      }
      if (!isWorkbook) {
        // As the contract does for any column: bytes that were not UTF-8, even in a column not read.
        row.cells.forEach((cell, i) => {
          if (!used.has(i) && typeof cell === "string" && cell.includes(REPLACEMENT_CHARACTER)) {
            cellErrors.push({
              file: label,
              line: row.line,
              column: header[i] ?? `column ${i + 1}`,
              message:
                "holds bytes that are not UTF-8: save the file as UTF-8 (CSV UTF-8 in Excel)",
              rule: "not UTF-8",
            });
          }
        });
      }
      put(row.line, out.join(","));
    }
  } catch (error) {
    if (error instanceof SourceError) return { ok: false, errors: [error.error] };
    if (error instanceof WorkbookError) {
      return fileError(label, 0, "(file)", error.message, "unreadable workbook");
    }
    throw error;
  }
  return {
    ok: true,
    content: Buffer.from(`${lines.join("\n")}\n`, "utf8"),
    headerLine,
    cellErrors,
    mapped: {
      kind,
      file: CSV_FILE_NAMES[kind],
      from: label,
      columns: columns.map(({ contract, source }) => ({ source, contract })),
      ignored: header.filter((h, i) => h !== "" && !used.has(i)),
      values: [...valueMaps.keys()],
      dateFormat,
    },
  };
}

/** Whether a cell holds anything, as text: an error cell counts as something. */
function cellText(cell: CellValue | undefined): string {
  if (cell === undefined) return "";
  if (cell instanceof Date || typeof cell === "object") return "x";
  return String(cell);
}

/** A cell's text in the contract: a line break kept as a control character (one row, one line). */
function csvField(text: string): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, "\u2028");
  return /[",]/.test(oneLine) ? `"${oneLine.replaceAll('"', '""')}"` : oneLine;
}

const DAY_FIRST: Record<Exclude<DateFormat, "YYYY-MM-DD">, RegExp> = {
  "DD/MM/YYYY": /^(\d{2})\/(\d{2})\/(\d{4})$/,
  "D/M/YYYY": /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
};

/**
 * One cell as the contract's text: a date cell as `YYYY-MM-DD`, a number as written (1234, not
 * 1234.0), a value the profile maps (any letter case) as mapped, and in a date column a text
 * date rewritten from the profile's format, never guessed.
 */
export function mapCell(
  cell: CellValue | undefined,
  how: {
    map?: ReadonlyMap<string, string>;
    isDate: boolean;
    dateFormat: DateFormat;
    /** Never quote the cell (audits: a note typed into the wrong cell must go nowhere). */
    withhold?: boolean;
  },
): { text: string; error?: { message: string; rule?: string } } {
  if (cell === undefined) return { text: "" };
  if (cell instanceof Date) return { text: isoDateOf(cell) };
  if (typeof cell === "object")
    return { text: "", error: { message: cell.problem, rule: cell.rule } };
  const written =
    typeof cell === "boolean"
      ? cell
        ? "TRUE"
        : "FALSE"
      : typeof cell === "number"
        ? String(cell)
        : cell.trim();
  const mapped = how.map?.get(written.toLowerCase()) ?? written;
  if (!how.isDate || mapped === "" || mapped !== written) return { text: mapped };
  if (typeof cell === "number") {
    return {
      text: written,
      error: {
        message: `is the number ${written}, not a date: format the column as dates in Excel`,
      },
    };
  }
  if (how.dateFormat === "YYYY-MM-DD") return { text: written };
  const match = DAY_FIRST[how.dateFormat].exec(written);
  if (!match) {
    return {
      text: written,
      error: {
        message: `${quoted(written, how.withhold === true)} is not a date written ${how.dateFormat} (the profile's dateFormat)`,
      },
    };
  }
  const [, day, month, year] = match as unknown as [string, string, string, string];
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  if (!isIsoDate(iso)) {
    return {
      text: written,
      error: {
        message: `${quoted(written, how.withhold === true)} is not a real date (written ${how.dateFormat})`,
      },
    };
  }
  return { text: iso };
}

/**
 * A CSV source's header and rows, streamed (no row is held), each row on the line an editor
 * shows it starts on, as the contract counts lines.
 */
async function csvTable(
  name: string,
  content: Buffer,
): Promise<SourceTable | { error: ImportError }> {
  const parser = parseCsv(content, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as AsyncIterable<{ record: string[]; info: { bytes: number } }>;
  const records = parser[Symbol.asyncIterator]();
  let previousEnd = 0;
  let scanned = 0;
  let line = 1;
  const lineOfNext = (end: number) => {
    let start = previousEnd;
    while (start < content.length && (content[start] === 0x0a || content[start] === 0x0d)) start++;
    for (; scanned < start; scanned++) if (content[scanned] === 0x0a) line++;
    previousEnd = end;
    return line;
  };
  const syntax = (error: unknown) => {
    if (error instanceof CsvError) return csvSyntaxError(name, error);
    throw error;
  };
  let first: IteratorResult<{ record: string[]; info: { bytes: number } }>;
  try {
    first = await records.next();
  } catch (error) {
    return { error: syntax(error) };
  }
  if (first.done) {
    return {
      error: {
        file: name,
        line: 1,
        column: "(file)",
        message: "is empty: a header row is required",
        rule: "empty file",
      },
    };
  }
  lineOfNext(first.value.info.bytes);
  return {
    label: name,
    headerLine: 1,
    header: first.value.record.map((h) => h.trim()),
    rows: (async function* () {
      while (true) {
        let next: IteratorResult<{ record: string[]; info: { bytes: number } }>;
        try {
          next = await records.next();
        } catch (error) {
          throw new SourceError(syntax(error));
        }
        if (next.done) return;
        const at = lineOfNext(next.value.info.bytes);
        yield { line: at, cells: next.value.record.map((c) => c.trim()) };
      }
    })(),
  };
}

/** A source found broken part-way through (a CSV quote never closed): the whole file's error. */
class SourceError extends Error {
  constructor(readonly error: ImportError) {
    super(error.message);
  }
}

/** A sheet's first row with anything in it is its header; the rows under it are its data. */
async function workbookTable(
  name: string,
  content: Buffer,
  sheet: string | undefined,
): Promise<SourceTable | { error: ImportError }> {
  const opened = await openSheet(content, sheet);
  const label = `${name}[${opened.sheet}]`;
  const first = await opened.rows.next();
  if (first.done) {
    return {
      error: {
        file: label,
        line: 1,
        column: "(sheet)",
        message: "is empty: a header row is required",
        rule: "empty file",
      },
    };
  }
  const headerRow = first.value;
  const width = Math.max(0, ...headerRow.cells.keys());
  const header = Array.from({ length: width }, (_, i) => {
    const cell = headerRow.cells.get(i + 1);
    return cell === undefined
      ? ""
      : cell instanceof Date
        ? isoDateOf(cell)
        : typeof cell === "object"
          ? ""
          : String(cell).trim();
  });
  return {
    label,
    headerLine: headerRow.line,
    header,
    rows: (async function* () {
      for await (const row of opened.rows) {
        // Past the header's width too: a file that takes its own columns only checks them.
        const last = Math.max(header.length, ...row.cells.keys());
        yield {
          line: row.line,
          cells: Array.from({ length: last }, (_, i) => row.cells.get(i + 1)),
        };
      }
    })(),
  };
}
