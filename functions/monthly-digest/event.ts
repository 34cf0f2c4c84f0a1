import * as z from "zod/mini";
import { isIsoMonth } from "../../shared/domain/dates";
import "../../shared/domain/zod-english";

/**
 * `{"scheduledTime":"<aws.scheduler.scheduled-time>"}` from the monthly schedule; a deferred
 * run (or an admin's rerun) also names the month.
 */
export const digestEventSchema = z.object({
  scheduledTime: z.iso.datetime({ offset: true }),
  month: z.optional(z.string().check(z.refine(isIsoMonth, "YYYY-MM"))),
});

export type DigestEvent = z.infer<typeof digestEventSchema>;
