export { defaultCalendar } from "../../shared/domain/settings/calendar";
