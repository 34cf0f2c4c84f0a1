import * as z from "zod";
import { isIsoDate } from "../domain/dates";
import { IMPORT_LIMITS, STAFF_ID_PATTERN } from "./import-limits";

/** Cell parsers for CSV columns: an empty cell means "not set". */

/** A cell quoted in an error, cut short: a wrong export can put megabytes in one cell. */
function shown(input: unknown): string {
  const text = String(input);
  return `'${text.length > 60 ? `${text.slice(0, 60)}…` : text}'`;
}

const present = z.string({ error: "is required" }).min(1, { error: "is required", abort: true });
const blankToUndefined = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v));

function bounded(max: number) {
  return z.string().max(max, { error: `is longer than ${max} characters` });
}

/** Free text (a name, a team) of at most `max` characters. */
export const text = (max: number) => present.pipe(bounded(max));

export const optionalText = (max: number) => blankToUndefined.pipe(bounded(max).optional());

const staffIdRule = z
  .string()
  .max(IMPORT_LIMITS.staffIdLength, {
    error: `is longer than ${IMPORT_LIMITS.staffIdLength} characters`,
    abort: true,
  })
  .regex(STAFF_ID_PATTERN, {
    error: (issue) =>
      `${shown(issue.input)} is not an id: use letters, digits, '.', '_' and '-', starting with a letter or digit`,
  });

export const staffId = present.pipe(staffIdRule);
export const optionalStaffId = blankToUndefined.pipe(staffIdRule.optional());

const { earliestDate, latestDate } = IMPORT_LIMITS;
const dateRule = z
  .string()
  .refine(isIsoDate, {
    error: (issue) => `${shown(issue.input)} is not a real date written YYYY-MM-DD`,
    abort: true,
  })
  .refine((d) => d >= earliestDate && d <= latestDate, {
    error: (issue) => `${shown(issue.input)} is outside ${earliestDate} to ${latestDate}`,
  });

export const date = present.pipe(dateRule);
export const optionalDate = blankToUndefined.pipe(dateRule.optional());

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return present.pipe(
    z.enum(values, {
      error: (issue) => `${shown(issue.input)} is not one of ${values.join(", ")}`,
    }),
  );
}

export function optionalOneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return blankToUndefined.pipe(
    z
      .enum(values, {
        error: (issue) => `${shown(issue.input)} is not one of ${values.join(", ")}`,
      })
      .optional(),
  );
}

export const email = present
  .pipe(bounded(IMPORT_LIMITS.emailLength))
  .pipe(z.email({ error: (issue) => `${shown(issue.input)} is not a valid email address` }));

export const yesNo = present.pipe(
  z
    .enum(["yes", "no"], { error: (issue) => `${shown(issue.input)} is not yes or no` })
    .transform((v) => v === "yes"),
);

/** A whole number from `min` to `max`; checked as digits first, so 400 digits never become Infinity. */
function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, {
      error: (issue) => `${shown(issue.input)} is not a whole number from ${min} to ${max}`,
      abort: true,
    })
    .transform(Number)
    .refine((n) => n >= min && n <= max, {
      error: (issue) => `${shown(issue.input)} is not from ${min} to ${max}`,
    });
}

export const optionalWholeNumber = (min: number, max: number) =>
  blankToUndefined.pipe(wholeNumber(min, max).optional());
