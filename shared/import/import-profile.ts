import * as z from "zod/mini";
import {
  ABSENCE_REASONS,
  AUDIT_GRADES,
  AUDIT_KINDS,
  EMPLOYMENTS,
  QUALIFICATIONS,
  ROLES,
  SUPERVISION_TYPES,
} from "../domain/records";
import { REMINDER_FREQUENCIES } from "../domain/reminder-rhythm";
import "../domain/zod-english";
import { CSV_FILE_KINDS, CSV_FILE_NAMES, CSV_FILES, type CsvFileKind } from "./csv-files";
import { CONTROL_CHARACTERS, IMPORT_LIMITS } from "./import-limits";
import type { ImportError } from "./read-csv";

/**
 * An import profile maps an export as it comes (a workbook, its own column names and values,
 * UK dates) onto the import contract, so admins never edit an export by hand:
 *
 * ```json
 * { "dateFormat": "DD/MM/YYYY",
 *   "files": { "staff": { "from": "HR staff list.xlsx", "sheet": "Staff",
 *                         "columns": { "staff_id": "Employee No" },
 *                         "values": { "employment": { "Y": "agency" } } } } }
 * ```
 *
 * Every key is optional. `columns` names, per contract column, the source column it is read
 * from (unnamed, a column keeps its contract name); `values` maps source values, ignoring
 * letter case, per contract column; `dateFormat` says how text dates are written, never
 * guessed. A file the profile does not name is read as the contract says.
 */

export const PROFILE_FILE = "import-profile.json";

export const DATE_FORMATS = ["YYYY-MM-DD", "DD/MM/YYYY", "D/M/YYYY"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** The contract's date columns: where `dateFormat` applies. */
export const DATE_COLUMNS: { readonly [K in CsvFileKind]: readonly string[] } = {
  staff: ["asye_start_date", "supervisor_since", "start_date", "end_date"],
  supervisions: ["date"],
  absences: ["start_date", "end_date"],
  agreements: ["signed_date"],
  appraisals: ["date"],
  training: ["date"],
  audits: ["date", "actions_due_date"],
};

/** Columns holding one of a few words: a value map must map onto one of them. */
export const WORD_COLUMNS: { readonly [K in CsvFileKind]?: Record<string, readonly string[]> } = {
  staff: {
    role: ROLES,
    employment: EMPLOYMENTS,
    qualification: QUALIFICATIONS,
    operational: ["yes", "no"],
    reminder_frequency: REMINDER_FREQUENCIES,
  },
  supervisions: { type: SUPERVISION_TYPES },
  absences: { reason: ABSENCE_REASONS },
  audits: { kind: AUDIT_KINDS, grade: AUDIT_GRADES, file_complete: ["yes", "no"] },
};

const sourceColumn = z.string().check(
  z.minLength(1, "a column name (not empty)"),
  z.maxLength(200, "a column name of at most 200 characters"),
  z.refine((s) => !CONTROL_CHARACTERS.test(s), "a column name without control characters"),
);

const fileProfileSchema = z.strictObject({
  from: z.optional(
    z
      .string()
      .check(
        z.maxLength(255, "a file name of at most 255 characters"),
        z.regex(
          /^[^/\\]+\.(csv|xlsx)$/i,
          "a file in the import folder whose name ends .csv or .xlsx (no folder)",
        ),
      ),
  ),
  sheet: z.optional(
    z.string().check(z.minLength(1, "a sheet name"), z.maxLength(31, "a sheet name (31 at most)")),
  ),
  dateFormat: z.optional(z.enum(DATE_FORMATS)),
  columns: z.optional(z.record(z.string(), sourceColumn)),
  values: z.optional(z.record(z.string(), z.record(z.string(), z.string()))),
});

const profileSchema = z.strictObject({
  dateFormat: z._default(z.enum(DATE_FORMATS), "YYYY-MM-DD"),
  files: z._default(
    z.strictObject(
      Object.fromEntries(CSV_FILE_KINDS.map((kind) => [kind, z.optional(fileProfileSchema)])) as {
        [K in CsvFileKind]: z.ZodMiniOptional<typeof fileProfileSchema>;
      },
    ),
    {},
  ),
});

export type FileProfile = z.infer<typeof fileProfileSchema>;
export type ImportProfile = z.infer<typeof profileSchema>;

export type ProfileParse =
  | { ok: true; profile: ImportProfile }
  | { ok: false; errors: ImportError[] };

/**
 * A profile read and checked, or every problem in it named by its JSON path
 * (`files.staff.columns.staff_id`), before any data is read.
 */
export function parseImportProfile(file: string, content: Buffer): ProfileParse {
  const error = (path: readonly PropertyKey[], message: string, line = 0): ImportError => ({
    file,
    line,
    column: jsonPath(path),
    message,
    rule: "invalid profile",
  });
  if (content.length > IMPORT_LIMITS.maxProfileBytes) {
    return { ok: false, errors: [error([], `is over ${IMPORT_LIMITS.maxProfileBytes} bytes`)] };
  }
  const text = content.toString("utf8").replace(/^\uFEFF/, "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const line = at ? text.slice(0, Number(at[1])).split("\n").length : 1;
    return { ok: false, errors: [error([], `is not valid JSON: ${(e as Error).message}`, line)] };
  }
  const parsed = profileSchema.safeParse(json);
  if (!parsed.success) {
    // The checks across keys too, on whatever of each file's profile has the right shape: every
    // problem at once, not one round per problem.
    const shapeErrors = parsed.error.issues.map((issue) => jsonPath(issue.path));
    const more = CSV_FILE_KINDS.flatMap((kind) => {
      const spec = lenientFileProfile((json as { files?: Record<string, unknown> })?.files?.[kind]);
      return spec ? fileProfileErrors(kind, spec) : [];
    }).filter((e) => !shapeErrors.includes(jsonPath(e.path)));
    return {
      ok: false,
      errors: [
        ...parsed.error.issues.flatMap((issue) =>
          issue.code === "unrecognized_keys"
            ? issue.keys.map((key) =>
                error(
                  [...issue.path, key],
                  `unknown key '${key}' (${knownKeys(issue.path)}); misspelt? it would be ignored, so it is refused`,
                ),
              )
            : [error(issue.path, issue.message)],
        ),
        ...more.map((e) => error(e.path, e.message)),
      ],
    };
  }
  const errors: ImportError[] = [];
  for (const kind of CSV_FILE_KINDS) {
    const spec = parsed.data.files[kind];
    if (spec) errors.push(...fileProfileErrors(kind, spec).map((e) => error(e.path, e.message)));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, profile: parsed.data };
}

/** The parts of a file's profile that have the right shape, to check them across keys. */
function lenientFileProfile(raw: unknown): FileProfile | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const strings = (v: unknown) =>
    isRecord(v)
      ? Object.fromEntries(
          Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"),
        )
      : undefined;
  const values = isRecord(r.values)
    ? Object.fromEntries(
        Object.entries(r.values).flatMap(([k, v]) => {
          const map = strings(v);
          return map ? [[k, map]] : [];
        }),
      )
    : undefined;
  return {
    ...(typeof r.from === "string" ? { from: r.from } : {}),
    ...(typeof r.sheet === "string" ? { sheet: r.sheet } : {}),
    ...(strings(r.columns) ? { columns: strings(r.columns) } : {}),
    ...(values ? { values } : {}),
  };
}

function knownKeys(path: readonly PropertyKey[]): string {
  const keys =
    path.length === 0
      ? ["dateFormat", "files"]
      : path.length === 1
        ? CSV_FILE_KINDS
        : ["from", "sheet", "dateFormat", "columns", "values"];
  return `expected ${keys.join(", ")}`;
}

function fileProfileErrors(
  kind: CsvFileKind,
  spec: FileProfile,
): { path: PropertyKey[]; message: string }[] {
  const errors: { path: PropertyKey[]; message: string }[] = [];
  const at = (...path: PropertyKey[]) => ["files", kind, ...path];
  const contract = CSV_FILES[kind].columns;
  const file = CSV_FILE_NAMES[kind];
  if (spec.sheet !== undefined && spec.from !== undefined && !/\.xlsx$/i.test(spec.from)) {
    errors.push({ path: at("sheet"), message: `'${spec.from}' is a CSV file: it has no sheets` });
  }
  for (const column of Object.keys(spec.columns ?? {})) {
    if (!contract.includes(column)) {
      errors.push({
        path: at("columns", column),
        message: `'${column}' is not a column of ${file}: the keys are its columns (${contract.join(", ")}), each naming the source column it is read from`,
      });
    }
  }
  for (const [column, map] of Object.entries(spec.values ?? {})) {
    if (!contract.includes(column)) {
      const mappedTo = Object.entries(spec.columns ?? {}).find(([, source]) => source === column);
      errors.push({
        path: at("values", column),
        message: mappedTo
          ? `'${column}' is a source column: values are keyed by the contract column it is read into ('${mappedTo[0]}')`
          : `'${column}' is not a column of ${file} (${contract.join(", ")})`,
      });
      continue;
    }
    const words = WORD_COLUMNS[kind]?.[column];
    const seen = new Map<string, [string, string]>();
    for (const [source, target] of Object.entries(map)) {
      if (words && target !== "" && !words.includes(target)) {
        errors.push({
          path: at("values", column, source),
          message: `'${target}' is not one of ${words.join(", ")}`,
        });
      }
      const folded = source.trim().toLowerCase();
      const earlier = seen.get(folded);
      if (earlier && earlier[1] !== target) {
        errors.push({
          path: at("values", column, source),
          message: `'${source}' and '${earlier[0]}' are the same value to the import (letter case is ignored) but map to different values`,
        });
      }
      seen.set(folded, [source, target]);
    }
  }
  return errors;
}

/** `files.staff.values.role["Team Manager"]`: a path as it would be written in JavaScript. */
export function jsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(profile)";
  return path
    .map((key, i) =>
      typeof key === "number"
        ? `[${key}]`
        : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(key))
          ? `${i === 0 ? "" : "."}${String(key)}`
          : `[${JSON.stringify(String(key))}]`,
    )
    .join("");
}

/**
 * Which file each kind is read from: the profile's `from`, else `<kind>.csv` or `<kind>.xlsx`
 * (not both: which would be the export?). Kinds with neither are not in this import.
 */
export function resolveFiles(
  profile: ImportProfile | undefined,
  available: readonly string[],
  profileFile = PROFILE_FILE,
): { files: Partial<Record<CsvFileKind, string>>; errors: ImportError[] } {
  const files: Partial<Record<CsvFileKind, string>> = {};
  const errors: ImportError[] = [];
  const present = new Set(available);
  const usedBy = new Map<string, CsvFileKind>();
  for (const kind of CSV_FILE_KINDS) {
    const from = profile?.files[kind]?.from;
    const csv = CSV_FILE_NAMES[kind];
    const xlsx = csv.replace(/\.csv$/, ".xlsx");
    let chosen: string | undefined;
    if (from !== undefined) {
      if (!present.has(from)) {
        const sameButCase = available.find((name) => name.toLowerCase() === from.toLowerCase());
        errors.push({
          file: profileFile,
          line: 0,
          column: jsonPath(["files", kind, "from"]),
          message: `'${from}' is not in the import folder${sameButCase ? ` (there is '${sameButCase}': names must match exactly)` : ""}`,
          rule: "file not found",
        });
        continue;
      }
      chosen = from;
    } else if (present.has(csv) && present.has(xlsx)) {
      errors.push({
        file: xlsx,
        line: 0,
        column: "(file)",
        message: `and ${csv} are both in the import folder: remove the one that is not the export, or name it in ${profileFile} (files.${kind}.from)`,
        rule: "two files for one",
      });
      continue;
    } else if (present.has(csv)) chosen = csv;
    else if (present.has(xlsx)) chosen = xlsx;
    if (chosen === undefined) continue;
    const other = usedBy.get(chosen);
    if (other) {
      errors.push({
        file: profileFile,
        line: 0,
        column: jsonPath(["files", kind, "from"]),
        message: `'${chosen}' is already read as the ${other} file`,
        rule: "file read twice",
      });
      continue;
    }
    usedBy.set(chosen, kind);
    files[kind] = chosen;
  }
  return { files, errors };
}

/**
 * The files of a folder an import reads (the contract's names, as CSV or workbook, and those a
 * valid profile names), so an adapter reads those alone. With a profile that does not parse,
 * none: the import reports the profile's errors without reading any data.
 */
export function filesToRead(
  profileContent: Buffer | undefined,
  available: readonly string[],
): string[] {
  let profile: ImportProfile | undefined;
  if (profileContent !== undefined) {
    const parsed = parseImportProfile(PROFILE_FILE, profileContent);
    if (!parsed.ok) return [];
    profile = parsed.profile;
  }
  const wanted = new Set<string>();
  for (const kind of CSV_FILE_KINDS) {
    const csv = CSV_FILE_NAMES[kind];
    wanted.add(csv).add(csv.replace(/\.csv$/, ".xlsx"));
    const from = profile?.files[kind]?.from;
    if (from) wanted.add(from);
  }
  return available.filter((name) => wanted.has(name));
}
