import { calendarSchema } from "../../shared/config/calendar";

export const defaultCalendar = calendarSchema.parse({});
