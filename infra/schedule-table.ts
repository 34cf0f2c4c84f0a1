import type { AppConfig } from "../shared/config/app-config";
import { JOB, type JobName } from "../shared/config/job-names";
import type { ScheduleConfig } from "../shared/config/schedules";

const JOBS: Record<keyof AppConfig["schedules"], JobName> = {
  dailyReminders: JOB.dailyReminders,
  monthlyDigest: JOB.monthlyDigest,
};

function when(s: ScheduleConfig): string {
  const time = `${s.hour
    .split(",")
    .map((h) => `${h.padStart(2, "0")}:${s.minute.padStart(2, "0")}`)
    .join(", ")}`;
  const days = s.day ? `day ${s.day} of the month` : s.weekDay ? `on ${s.weekDay}` : "every day";
  return `${time} ${s.timeZone}, ${days}${s.month ? `, months ${s.month}` : ""}`;
}

/** What runs when, as a Markdown table: the README's copy is checked against this by a test. */
export function scheduleTable(config: AppConfig): string {
  const rows = (Object.keys(JOBS) as (keyof typeof JOBS)[]).map((key) => {
    const s = config.schedules[key];
    return `| \`${JOBS[key]}\` | ${when(s)} | ${s.enabled ? "yes" : "no"} | ${s.description} |`;
  });
  return ["| job | runs | enabled | what it does |", "| --- | --- | --- | --- |", ...rows].join(
    "\n",
  );
}
