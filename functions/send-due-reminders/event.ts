import * as z from "zod";

/**
 * What the schedule sends: `{"scheduledTime":"<aws.scheduler.scheduled-time>"}`, and a
 * continuation adds how many runs came before it. Identifiers only, never personal data.
 */
export const reminderEventSchema = z.object({
  scheduledTime: z.iso.datetime({ offset: true }),
  continuation: z.number().int().min(0).max(100).default(0),
});

export type ReminderEvent = z.infer<typeof reminderEventSchema>;
