import { calendarSchema } from "../../shared/domain/settings/calendar";

export const defaultCalendar = calendarSchema.parse({});
