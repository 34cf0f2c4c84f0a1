import * as z from "zod/mini";
import { isIsoDate } from "../domain/dates";
import "../domain/zod-english";
import { IMPORT_LIMITS, STAFF_ID_PATTERN } from "./import-limits";

/** Cell parsers for CSV columns: an empty cell means "not set". */

/** A cell quoted in an error, cut short: a wrong export can put megabytes in one cell. */
export function shown(input: unknown): string {
  const text = String(input);
  return `'${text.length > 60 ? `${text.slice(0, 60)}…` : text}'`;
}

/**
 * How an error names a cell of a file that takes its own columns only (audits.csv): never by
 * what it holds, since a note typed into the wrong cell may mention a child.
 */
export const WITHHELD_VALUE = "the value";

/** A cell in an error: quoted, or withheld. */
export function quoted(input: unknown, withhold: boolean): string {
  return withhold ? WITHHELD_VALUE : shown(input);
}

const present = z
  .string({ error: "is required" })
  .check(z.minLength(1, { error: "is required", abort: true }));
const blankToUndefined = z.pipe(
  z.optional(z.string()),
  z.transform((v) => (v === undefined || v === "" ? undefined : v)),
);

function bounded(max: number) {
  return z.string().check(z.maxLength(max, { error: `is longer than ${max} characters` }));
}

/** Free text (a name, a team) of at most `max` characters. */
export const text = (max: number) => z.pipe(present, bounded(max));

export const optionalText = (max: number) => z.pipe(blankToUndefined, z.optional(bounded(max)));

const staffIdRule = z.string().check(
  z.maxLength(IMPORT_LIMITS.staffIdLength, {
    error: `is longer than ${IMPORT_LIMITS.staffIdLength} characters`,
    abort: true,
  }),
  z.regex(STAFF_ID_PATTERN, {
    error: (issue) =>
      `${shown(issue.input)} is not an id: use letters, digits, '.', '_' and '-', starting with a letter or digit`,
  }),
);

export const staffId = z.pipe(present, staffIdRule);
export const optionalStaffId = z.pipe(blankToUndefined, z.optional(staffIdRule));

const { earliestDate, latestDate } = IMPORT_LIMITS;
const dateRule = z.string().check(
  z.refine(isIsoDate, {
    error: (issue) => `${shown(issue.input)} is not a real date written YYYY-MM-DD`,
    abort: true,
  }),
  z.refine((d) => d >= earliestDate && d <= latestDate, {
    error: (issue) => `${shown(issue.input)} is outside ${earliestDate} to ${latestDate}`,
  }),
);

export const date = z.pipe(present, dateRule);
export const optionalDate = z.pipe(blankToUndefined, z.optional(dateRule));

/** Why a word is refused: not one of the contract's words, or one of them in capitals. */
function notOneOf(values: readonly string[], input: unknown): string {
  const lower = String(input).trim().toLowerCase();
  const hint = values.includes(lower) ? ` (write it in lower case: ${lower})` : "";
  return `${shown(input)} is not one of ${values.join(", ")}${hint}`;
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.pipe(present, z.enum(values, { error: (issue) => notOneOf(values, issue.input) }));
}

export function optionalOneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.pipe(
    blankToUndefined,
    z.optional(z.enum(values, { error: (issue) => notOneOf(values, issue.input) })),
  );
}

export const email = z.pipe(
  z.pipe(present, bounded(IMPORT_LIMITS.emailLength)),
  z.email({ error: (issue) => `${shown(issue.input)} is not a valid email address` }),
);

export const yesNo = z.pipe(
  present,
  z.pipe(
    z.enum(["yes", "no"], { error: (issue) => `${shown(issue.input)} is not yes or no` }),
    z.transform((v) => v === "yes"),
  ),
);

export const optionalYesNo = z.pipe(
  blankToUndefined,
  z.optional(
    z.pipe(
      z.enum(["yes", "no"], { error: (issue) => `${shown(issue.input)} is not yes or no` }),
      z.transform((v) => v === "yes"),
    ),
  ),
);

/** A whole number from `min` to `max`; checked as digits first, so 400 digits never become Infinity. */
function wholeNumber(min: number, max: number) {
  return z
    .pipe(
      z.string().check(
        z.regex(/^\d{1,9}$/, {
          error: (issue) => `${shown(issue.input)} is not a whole number from ${min} to ${max}`,
          abort: true,
        }),
      ),
      z.transform(Number),
    )
    .check(
      z.refine((n) => n >= min && n <= max, {
        error: (issue) => `${shown(issue.input)} is not from ${min} to ${max}`,
      }),
    );
}

export const optionalWholeNumber = (min: number, max: number) =>
  z.pipe(blankToUndefined, z.optional(wholeNumber(min, max)));
