import * as z from "zod";
import { isIsoMonth } from "../../shared/domain/dates";

/**
 * `{"scheduledTime":"<aws.scheduler.scheduled-time>"}` from the monthly schedule; a deferred
 * run (or an admin's rerun) also names the month.
 */
export const digestEventSchema = z.object({
  scheduledTime: z.iso.datetime({ offset: true }),
  month: z.string().refine(isIsoMonth, "YYYY-MM").optional(),
});

export type DigestEvent = z.infer<typeof digestEventSchema>;
