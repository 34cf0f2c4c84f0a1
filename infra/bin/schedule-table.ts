import { loadStageConfig } from "../../shared/config/load-stage-config";
import { scheduleTable } from "../schedule-table";

// `npm run -s schedule-table` (STAGE=prod by default): paste the output into the README.
console.log(scheduleTable(loadStageConfig(process.env.STAGE ?? "prod")));
