import { CsvError, parse } from "csv-parse/sync";
import type { StaffMember } from "../domain/records";
import { CSV_FILE_KINDS, CSV_FILE_NAMES, type CsvFileKind } from "./csv-files";
import { type Located, type ParsedFiles, parseFiles } from "./parse-files";
import { csvSyntaxError, type ImportError } from "./read-csv";

/** The record files: every kind of row but staff.csv's, which the index keeps as read. */
export type RecordFileKind = Exclude<CsvFileKind, "staff">;
const RECORD_FILE_KINDS = CSV_FILE_KINDS.filter((k): k is RecordFileKind => k !== "staff");

/** Rows parsed at once while checking each row: the checking pass holds no more than these. */
export const ROWS_PER_PIECE = 20_000;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * An import's files, checked row by row in one streaming pass, and what later passes need to
 * read any person's rows again: no parsed row is held. Per person it keeps the staff.csv row
 * (a profile) and, per record file, where their valid rows are (a row number); per file, where
 * each row starts and its line. So memory grows with people and with a few bytes a row, not
 * with the rows themselves, whatever the history.
 */
export interface ExportIndex {
  /** Every problem found in single rows (and whole files), with the line an editor shows. */
  errors: ImportError[];
  /** The valid staff.csv rows, in file order. */
  staff: Located<StaffMember>[];
  /** Every staff_id written in staff.csv with its line, valid row or not (see `parseFiles`). */
  staffIdLines: { staffId: string; line: number }[];
  /** Everyone with a valid row, in order of first appearance: staff.csv, then the record files. */
  people: string[];
  /** Valid rows in all files. */
  rows: number;
  /** Rows (valid or not) in a record file: a row number is below it. */
  rowCount(kind: RecordFileKind): number;
  /**
   * Every valid row of these people, read again from the files: each file's rows in file order
   * with their lines, exactly as `parseFiles` gives them for the whole files (the same-day
   * sessions numbered the same: all of a person's rows are there). `rows[kind][i]` is the row
   * number of `files[kind][i]`.
   */
  filesOf(staffIds: Iterable<string>): {
    files: ParsedFiles;
    rows: Partial<Record<RecordFileKind, number[]>>;
  };
}

/** Where the rows of one file are: everything needed to read any of them again. */
interface FileLayout {
  kind: CsvFileKind;
  content: Buffer;
  /** The bytes before the first row: a BOM, the header and its line break. */
  prefix: Buffer;
  /** Per row, its first byte; one more entry, the file's length. */
  starts: Float64Array;
  /** Per row, the line it starts on; one more entry, the line after the last byte. */
  lines: Float64Array;
}

/** Reads the files row by row, checking each, keeping only where each person's valid rows are. */
export function indexExport(
  contents: Partial<Record<CsvFileKind, Buffer>>,
  { rowsPerPiece = ROWS_PER_PIECE }: { rowsPerPiece?: number } = {},
): ExportIndex {
  const errors: ImportError[] = [];
  const staff: Located<StaffMember>[] = [];
  const staffIdLines: { staffId: string; line: number }[] = [];
  const staffRows = new Map<string, Located<StaffMember>[]>();
  const recordRows = new Map<string, Partial<Record<RecordFileKind, number[]>>>();
  const people = new Set<string>();
  const layouts = new Map<CsvFileKind, FileLayout>();
  let rows = 0;

  for (const kind of CSV_FILE_KINDS) {
    const content = contents[kind];
    if (content === undefined) continue;
    const layout = layoutOf(kind, content);
    if ("whole" in layout) {
      // Broken CSV, an empty file or a header alone: small enough, or nothing to keep.
      const parsed = layout.whole;
      errors.push(...parsed.errors);
      staffIdLines.push(...parsed.staffIdLines);
      for (const row of parsed.files.staff ?? []) addStaff(row);
      continue;
    }
    layouts.set(kind, layout);
    const count = layout.starts.length - 1;
    for (let from = 0; from < count; from += rowsPerPiece) {
      const numbers = range(from, Math.min(count, from + rowsPerPiece));
      const piece = read(layout, numbers);
      errors.push(...piece.errors);
      staffIdLines.push(...piece.staffIdLines);
      // A header at fault is the whole file's fault, reported once: no row was read.
      if (piece.errors.some((e) => e.line === 1)) {
        layouts.delete(kind);
        break;
      }
      if (kind === "staff") {
        for (const row of piece.files.staff ?? []) addStaff(row);
        continue;
      }
      const located = (piece.files[kind] ?? []) as Located<{ staffId: string }>[];
      const numbersOf = piece.rows;
      located.forEach((row, i) => {
        const id = row.record.staffId;
        people.add(id);
        const own = recordRows.get(id) ?? {};
        recordRows.set(id, own);
        const list = own[kind as RecordFileKind] ?? [];
        own[kind as RecordFileKind] = list;
        list.push(numbersOf[i] as number);
        rows++;
      });
    }
  }

  function addStaff(row: Located<StaffMember>) {
    staff.push(row);
    people.add(row.record.staffId);
    const own = staffRows.get(row.record.staffId);
    if (own) own.push(row);
    else staffRows.set(row.record.staffId, [row]);
    rows++;
  }

  return {
    errors,
    staff,
    staffIdLines,
    // staff.csv's people were added first: the set keeps that order.
    people: [...people],
    rows,
    rowCount: (kind) => (layouts.get(kind)?.starts.length ?? 1) - 1,
    filesOf(staffIds) {
      const ids = [...new Set(staffIds)];
      const files: ParsedFiles = {
        staff: ids.flatMap((id) => staffRows.get(id) ?? []).sort((a, b) => a.line - b.line),
      };
      const numbers: Partial<Record<RecordFileKind, number[]>> = {};
      for (const kind of RECORD_FILE_KINDS) {
        const layout = layouts.get(kind);
        if (!layout) continue;
        const wanted = ids.flatMap((id) => recordRows.get(id)?.[kind] ?? []).sort((a, b) => a - b);
        if (wanted.length === 0) continue;
        const piece = read(layout, wanted);
        const got = piece.files[kind] ?? [];
        if (piece.errors.length > 0 || got.length !== wanted.length) {
          throw new Error(`rows of ${layout.kind} read again did not parse as before`);
        }
        (files as Record<string, unknown>)[kind] = got;
        numbers[kind] = piece.rows;
      }
      return { files, rows: numbers };
    },
  };
}

/**
 * Finds where each row of a file starts (csv-parse, holding no row) and on which line. A file
 * that is not valid CSV, is empty or has no rows is read whole instead, as `parseFiles` reads it.
 */
function layoutOf(
  kind: CsvFileKind,
  content: Buffer,
): FileLayout | { whole: ReturnType<typeof parseFiles> } {
  const ends: number[] = [];
  try {
    parse(content, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (_record, info) => {
        ends.push(info.bytes);
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return {
      whole: {
        files: {},
        errors: [csvSyntaxError(CSV_FILE_NAMES[kind], error)],
        staffIdLines: [],
      },
    };
  }
  if (ends.length < 2) return { whole: parseFiles({ [kind]: content }) };
  const count = ends.length - 1;
  const starts = new Float64Array(count + 1);
  const lines = new Float64Array(count + 1);
  // As `readCsv` numbers them: the line of a row's first byte after the record before it.
  let line = 1;
  let scanned = 0;
  const lineAt = (offset: number) => {
    for (; scanned < offset; scanned++) if (content[scanned] === NEWLINE) line++;
    return line;
  };
  for (let i = 0; i < count; i++) {
    let at = ends[i] as number;
    while (at < content.length && (content[at] === NEWLINE || content[at] === CARRIAGE_RETURN))
      at++;
    starts[i] = at;
    lines[i] = lineAt(at);
  }
  starts[count] = content.length;
  lines[count] = lineAt(content.length);
  return {
    kind,
    content,
    prefix: content.subarray(0, starts[0]),
    starts,
    lines,
  };
}

/**
 * Parses some rows of a file (row numbers ascending): the header, then those rows' bytes, as
 * one small file; lines and row numbers are then put back as in the whole file.
 */
function read(layout: FileLayout, numbers: readonly number[]) {
  const { content, starts, lines } = layout;
  const parts: Buffer[] = [layout.prefix];
  const rowAtLine = new Map<number, number>();
  let line = lines[0] as number;
  let runStart = -1;
  let runEnd = -1;
  for (const n of numbers) {
    rowAtLine.set(line, n);
    line += (lines[n + 1] as number) - (lines[n] as number);
    const start = starts[n] as number;
    const end = starts[n + 1] as number;
    if (start === runEnd) runEnd = end;
    else {
      if (runStart >= 0) parts.push(content.subarray(runStart, runEnd));
      runStart = start;
      runEnd = end;
    }
  }
  if (runStart >= 0) parts.push(content.subarray(runStart, runEnd));
  const parsed = parseFiles({ [layout.kind]: Buffer.concat(parts) });
  const lineOf = (synthetic: number) => {
    const n = rowAtLine.get(synthetic);
    return n === undefined ? synthetic : (lines[n] as number);
  };
  const located = (parsed.files[layout.kind] ?? []) as Located<unknown>[];
  const rowNumbers: number[] = [];
  for (const row of located) {
    rowNumbers.push(rowAtLine.get(row.line) ?? -1);
    row.line = lineOf(row.line);
  }
  return {
    files: parsed.files,
    rows: rowNumbers,
    errors: parsed.errors.map((e) => ({ ...e, line: lineOf(e.line) })),
    staffIdLines: parsed.staffIdLines.map((s) => ({ ...s, line: lineOf(s.line) })),
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
