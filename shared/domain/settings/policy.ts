import * as z from "zod";

/**
 * Policy thresholds. Every number the policy engine or the KPI uses lives here, with the
 * policy default, so a council can change one without touching code (policy rules P1–P7, listed in the README).
 */
export const policySchema = z
  .strictObject({
    /** Days before a due date from which an obligation is `due_soon`. */
    dueSoonDays: z.number().int().min(0).max(60).default(7),
    supervision: z
      .strictObject({
        /** Standard interval between formal sessions (policy 4.1: usually every 4 weeks). */
        intervalDays: z.number().int().min(1).max(90).default(28),
        /** Days after the due date before the session is `overdue` (28 + 14 = six-weekly). */
        overdueAfterDays: z.number().int().min(1).max(90).default(14),
        /** Escalated once more than this many calendar months pass without a session (4.2). */
        escalateAfterMonths: z.number().int().min(1).max(12).default(2),
        /** Policy minimum of formal sessions in any 12 months (4.1). */
        minimumSessionsPerYear: z.number().int().min(0).max(52).default(10),
        /** Newly qualified staff in their ASYE year, counted from the ASYE start date (4.3). */
        asye: z
          .strictObject({
            weeklyForWeeks: z.number().int().min(0).max(52).default(6),
            weeklyIntervalDays: z.number().int().min(1).max(90).default(7),
            fortnightlyUntilMonths: z.number().int().min(0).max(24).default(6),
            fortnightlyIntervalDays: z.number().int().min(1).max(90).default(14),
          })
          .prefault({}),
      })
      .prefault({}),
    agreement: z
      .strictObject({
        /** A new starter or a new supervisor's supervisee needs an agreement within these days. */
        dueAfterDays: z.number().int().min(1).max(365).default(28),
        /** Recommendation 6: everyone has one within 3 months. */
        escalateAfterMonths: z.number().int().min(1).max(24).default(3),
        /** Annual review of the agreement (Appendix 1). */
        reviewAfterMonths: z.number().int().min(1).max(36).default(12),
        reviewEscalateAfterMonths: z.number().int().min(1).max(24).default(3),
      })
      .prefault({}),
    appraisal: z
      .strictObject({
        intervalMonths: z.number().int().min(1).max(36).default(12),
        /** A new starter's first appraisal. */
        firstDueAfterMonths: z.number().int().min(0).max(24).default(6),
        escalateAfterMonths: z.number().int().min(1).max(24).default(3),
      })
      .prefault({}),
    training: z
      .strictObject({
        /** Course name (case-insensitive) that counts as manager supervision training. */
        course: z.string().min(1).default("supervision"),
        /** Recommendation 1c: managers with casework responsibility within 6 months. */
        dueAfterMonths: z.number().int().min(0).max(36).default(6),
        /** Recommendation 3: all managers within 12 months of starting. */
        escalateAfterMonths: z.number().int().min(1).max(60).default(12),
      })
      .prefault({}),
    kpi: z
      .strictObject({
        /** Monthly target for the share of operational staff supervised (%). */
        targetPercent: z.number().min(0).max(100).default(90),
        /** People unavailable this many days or more in a month are not due that month. */
        excludeWhenUnavailableDays: z.number().int().min(1).max(31).default(14),
      })
      .prefault({}),
  })
  .superRefine((policy, ctx) => {
    const { asye } = policy.supervision;
    if (asye.weeklyForWeeks * 7 > asye.fortnightlyUntilMonths * 31 && asye.fortnightlyUntilMonths) {
      ctx.addIssue({
        code: "custom",
        path: ["supervision", "asye", "fortnightlyUntilMonths"],
        message: "the fortnightly phase must end after the weekly phase",
      });
    }
  });

export type Policy = z.infer<typeof policySchema>;

export const defaultPolicy: Policy = policySchema.parse({});
