import * as z from "zod/mini";
import { isIsoMonth } from "../dates";
import "../zod-english";

/** A whole number from `min` to `max`; `fallback` when not set. */
const whole = (min: number, max: number, fallback: number) =>
  z._default(z.int().check(z.minimum(min), z.maximum(max)), fallback);

/**
 * Policy thresholds. Every number the policy engine or the KPI uses lives here, with the
 * policy default, so a council can change one without touching code (policy rules P1–P7, listed in the README).
 */
export const policySchema = z
  .strictObject({
    /** Days before a due date from which an obligation is `due_soon`. */
    dueSoonDays: whole(0, 60, 7),
    supervision: z.prefault(
      z.strictObject({
        /** Standard interval between formal sessions (policy 4.1: usually every 4 weeks). */
        intervalDays: whole(1, 90, 28),
        /** Days after the due date before the session is `overdue` (28 + 14 = six-weekly). */
        overdueAfterDays: whole(1, 90, 14),
        /** Escalated once more than this many calendar months pass without a session (4.2). */
        escalateAfterMonths: whole(1, 12, 2),
        /** Policy minimum of formal sessions in any 12 months (4.1). */
        minimumSessionsPerYear: whole(0, 52, 10),
        /** Newly qualified staff in their ASYE year, counted from the ASYE start date (4.3). */
        asye: z.prefault(
          z.strictObject({
            weeklyForWeeks: whole(0, 52, 6),
            weeklyIntervalDays: whole(1, 90, 7),
            fortnightlyUntilMonths: whole(0, 24, 6),
            fortnightlyIntervalDays: whole(1, 90, 14),
          }),
          {},
        ),
      }),
      {},
    ),
    agreement: z.prefault(
      z.strictObject({
        /** A new starter or a new supervisor's supervisee needs an agreement within these days. */
        dueAfterDays: whole(1, 365, 28),
        /** Recommendation 6: everyone has one within 3 months. */
        escalateAfterMonths: whole(1, 24, 3),
        /** Annual review of the agreement (Appendix 1). */
        reviewAfterMonths: whole(1, 36, 12),
        reviewEscalateAfterMonths: whole(1, 24, 3),
      }),
      {},
    ),
    appraisal: z.prefault(
      z.strictObject({
        intervalMonths: whole(1, 36, 12),
        /** A new starter's first appraisal. */
        firstDueAfterMonths: whole(0, 24, 6),
        escalateAfterMonths: whole(1, 24, 3),
      }),
      {},
    ),
    training: z.prefault(
      z.strictObject({
        /** Course name (case-insensitive) that counts as manager supervision training. */
        course: z._default(z.string().check(z.minLength(1)), "supervision"),
        /** Recommendation 1c: managers with casework responsibility within 6 months. */
        dueAfterMonths: whole(0, 36, 6),
        /** Recommendation 3: all managers within 12 months of starting. */
        escalateAfterMonths: whole(1, 60, 12),
      }),
      {},
    ),
    audits: z.prefault(
      z.strictObject({
        /**
         * The first month (`YYYY-MM`) whose monthly file audits are recorded here: service
         * managers are reminded of each month's audit from then on (policy 9.3). Unset, nobody
         * is held to monthly audits (a department that keeps them elsewhere is never chased
         * for months it never recorded); audit actions apply either way.
         */
        monthlyFrom: z.optional(
          z.string().check(z.refine(isIsoMonth, { message: "must be a month written YYYY-MM" })),
        ),
        /** An audit action still open this many days after its due date is escalated. */
        actionEscalateAfterDays: whole(1, 365, 28),
        /** Target share of audited files graded Good or Outstanding (%), rated like the KPI. */
        goodOrBetterTargetPercent: z._default(z.number().check(z.minimum(0), z.maximum(100)), 80),
      }),
      {},
    ),
    kpi: z.prefault(
      z.strictObject({
        /** Monthly target for the share of operational staff supervised (%). */
        targetPercent: z._default(z.number().check(z.minimum(0), z.maximum(100)), 90),
        /**
         * The rating's amber band: "near target" when below the target by at most this many
         * points, "below target" (red) further down. One definition for the digest, its CSVs
         * and `report` (shared/domain/rating.ts).
         */
        nearTargetPoints: z._default(z.number().check(z.minimum(0), z.maximum(50)), 5),
        /** People unavailable this many days or more in a month are not due that month. */
        excludeWhenUnavailableDays: whole(1, 31, 14),
      }),
      {},
    ),
  })
  .check(
    z.superRefine((policy, ctx) => {
      const { asye } = policy.supervision;
      if (
        asye.weeklyForWeeks * 7 > asye.fortnightlyUntilMonths * 31 &&
        asye.fortnightlyUntilMonths
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["supervision", "asye", "fortnightlyUntilMonths"],
          message: "the fortnightly phase must end after the weekly phase",
        });
      }
    }),
  );

export type Policy = z.infer<typeof policySchema>;

export const defaultPolicy: Policy = policySchema.parse({});
