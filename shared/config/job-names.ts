/**
 * The scheduled jobs, named once: the function's folder under `functions/`, its service name
 * in logs and metrics, and (with the stage) its Lambda's name. The stack's alarms and
 * dashboard read the same names, so they cannot drift from what the handlers emit.
 */
export const JOB = {
  dailyReminders: "send-due-reminders",
  monthlyDigest: "monthly-digest",
  importFromS3: "import-from-s3",
} as const;

export type JobName = (typeof JOB)[keyof typeof JOB];

/**
 * Lambda names deployed before a job was renamed. A function's name is its identity on AWS
 * (alarms, runbooks and invoke commands use it), so a rename in code keeps the deployed name.
 */
export const DEPLOYED_FUNCTION_NAME: Partial<Record<JobName, string>> = {
  "monthly-digest": "monthly-compliance-summary",
};

export const METRICS_NAMESPACE = "SupervisionReminders";

/** Every metric a job emits, by the name CloudWatch shows. */
export const METRIC = {
  RunCompleted: "RunCompleted",
  RunIncomplete: "RunIncomplete",
  RemindersSent: "RemindersSent",
  RemindersFailed: "RemindersFailed",
  RemindersSkipped: "RemindersSkipped",
  RemindersUndeliverable: "RemindersUndeliverable",
  RemindersNotEvaluated: "RemindersNotEvaluated",
  RemindersPossibleDuplicates: "RemindersPossibleDuplicates",
  DigestMissing: "DigestMissing",
  DigestsSent: "DigestsSent",
  DigestsFailed: "DigestsFailed",
  DigestDeferred: "DigestDeferred",
  CompliancePercent: "CompliancePercent",
  ImportSucceeded: "ImportSucceeded",
  ImportRejected: "ImportRejected",
  ImportFailed: "ImportFailed",
  ImportNotifyFailed: "ImportNotifyFailed",
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/**
 * The dimensions every metric of a job carries: its service and its stage, so one stage's
 * `RunCompleted` can never hide another's missed run.
 */
export function metricDimensions(service: JobName, stage: string) {
  return { service, stage };
}
