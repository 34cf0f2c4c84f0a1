import { z } from "zod";
import { isIsoDate } from "../domain/dates";

/** Cell parsers for CSV columns: an empty cell means "not set". */

const present = z.string({ error: "is required" }).min(1, { error: "is required", abort: true });
const blankToUndefined = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v));

export const text = present;

export const optionalText = blankToUndefined;

export const date = present.refine(isIsoDate, {
  error: (issue) => `'${String(issue.input)}' is not a real date written YYYY-MM-DD`,
});

export const optionalDate = blankToUndefined.pipe(
  z
    .string()
    .refine(isIsoDate, {
      error: (issue) => `'${String(issue.input)}' is not a real date written YYYY-MM-DD`,
    })
    .optional(),
);

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return present.pipe(
    z.enum(values, {
      error: (issue) => `'${String(issue.input)}' is not one of ${values.join(", ")}`,
    }),
  );
}

export function optionalOneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return blankToUndefined.pipe(
    z
      .enum(values, {
        error: (issue) => `'${String(issue.input)}' is not one of ${values.join(", ")}`,
      })
      .optional(),
  );
}

export const email = present.pipe(
  z.email({ error: (issue) => `'${String(issue.input)}' is not a valid email address` }),
);

export const yesNo = present.pipe(
  z
    .enum(["yes", "no"], { error: (issue) => `'${String(issue.input)}' is not yes or no` })
    .transform((v) => v === "yes"),
);

function wholeNumber(min: number) {
  return z
    .string()
    .regex(/^\d+$/, { error: (issue) => `'${String(issue.input)}' is not a whole number` })
    .transform(Number)
    .refine((n) => n >= min, { error: `must be at least ${min}` });
}

export const optionalWholeNumber = (min: number) =>
  blankToUndefined.pipe(wholeNumber(min).optional());
