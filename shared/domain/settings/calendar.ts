import * as z from "zod/mini";
import { addMonths, type IsoDate, isIsoDate } from "../dates";
import "../zod-english";

/**
 * England and Wales bank holidays (GOV.UK), with substitute days where a holiday falls on a
 * weekend. Extend the list each year: `cdk synth` warns once it ends within 12 months (after
 * it ends, bank holidays count as working days, so reminders would go out on them).
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS = [
  "2024-01-01",
  "2024-03-29",
  "2024-04-01",
  "2024-05-06",
  "2024-05-27",
  "2024-08-26",
  "2024-12-25",
  "2024-12-26",
  "2025-01-01",
  "2025-04-18",
  "2025-04-21",
  "2025-05-05",
  "2025-05-26",
  "2025-08-25",
  "2025-12-25",
  "2025-12-26",
  "2026-01-01",
  "2026-04-03",
  "2026-04-06",
  "2026-05-04",
  "2026-05-25",
  "2026-08-31",
  "2026-12-25",
  "2026-12-28",
  "2027-01-01",
  "2027-03-26",
  "2027-03-29",
  "2027-05-03",
  "2027-05-31",
  "2027-08-30",
  "2027-12-27",
  "2027-12-28",
  "2028-01-03",
  "2028-04-14",
  "2028-04-17",
  "2028-05-01",
  "2028-05-29",
  "2028-08-28",
  "2028-12-25",
  "2028-12-26",
];

const dayList = z.array(
  z.string().check(
    z.refine(isIsoDate, {
      error: (issue) => `'${String(issue.input)}' is not a real date YYYY-MM-DD`,
    }),
  ),
);

/** Days the department does not work: reminders are not sent and the digest defers. */
export const calendarSchema = z.strictObject({
  bankHolidays: z._default(dayList, ENGLAND_AND_WALES_BANK_HOLIDAYS),
  /** Extra closure days admins add (e.g. the days between Christmas and New Year). */
  closureDays: z._default(dayList, []),
});

export type WorkingCalendar = z.infer<typeof calendarSchema>;

/** How far ahead the bank holiday list must reach before synth stops warning. */
export const HOLIDAY_HORIZON_MONTHS = 12;

/**
 * A warning when the bank holiday list ends within 12 months of `today`, else undefined.
 * A warning, not an error: a deploy must never be blocked by the calendar turning over.
 */
export function bankHolidaysRunningOut(
  calendar: Pick<WorkingCalendar, "bankHolidays">,
  today: IsoDate,
): string | undefined {
  const last = [...calendar.bankHolidays].sort().at(-1);
  const horizon = addMonths(today, HOLIDAY_HORIZON_MONTHS);
  if (last && last >= horizon) return undefined;
  return `The bank holiday list (calendar.bankHolidays) ends ${last ?? "empty"}, within ${HOLIDAY_HORIZON_MONTHS} months of ${today}: add the coming years from https://www.gov.uk/bank-holidays, or reminders will go out on them.`;
}

/** England and Wales bank holidays, no closure days. */
export const defaultCalendar: WorkingCalendar = calendarSchema.parse({});
