import * as z from "zod/mini";
import "../../shared/domain/zod-english";

/**
 * What the schedule sends: `{"scheduledTime":"<aws.scheduler.scheduled-time>"}`, and a
 * continuation adds how many runs came before it. Identifiers only, never personal data.
 */
export const reminderEventSchema = z.object({
  scheduledTime: z.iso.datetime({ offset: true }),
  continuation: z._default(z.int().check(z.minimum(0), z.maximum(100)), 0),
});

export type ReminderEvent = z.infer<typeof reminderEventSchema>;
