/**
 * The scheduled jobs, named once: the function's folder under `functions/`, its service name
 * in logs and metrics, and (with the stage) its Lambda's name. The stack's alarms and
 * dashboard read the same names, so they cannot drift from what the handlers emit.
 */
export const JOB = {
  dailyReminders: "send-due-reminders",
  monthlyDigest: "monthly-digest",
  importFromS3: "import-from-s3",
  /** Not scheduled: SES's delivery events (via EventBridge) drive it. */
  deliveryEvents: "delivery-events",
} as const;

export type JobName = (typeof JOB)[keyof typeof JOB];

/**
 * Names deployed before a job was renamed in code. On AWS the name is the job's identity: its
 * Lambda's name (runbooks and invoke commands use it) and the `service` of its logs and
 * metrics (the dashboard's 13-month KPI trend, log queries), so a rename keeps it.
 */
const DEPLOYED_NAME: Partial<Record<JobName, string>> = {
  "monthly-digest": "monthly-compliance-summary",
};

/** The name a job has on AWS: its Lambda (after the stage prefix), logs and metrics. */
export function deployedName(job: JobName): string {
  return DEPLOYED_NAME[job] ?? job;
}

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
  /** One per SES event recorded, by what it said. */
  EmailsDelivered: "EmailsDelivered",
  EmailsBounced: "EmailsBounced",
  EmailsHardBounced: "EmailsHardBounced",
  EmailsComplained: "EmailsComplained",
  EmailsRejected: "EmailsRejected",
  EmailsDelayed: "EmailsDelayed",
  /** An event about a message the ledger does not know (not ours, or older than retention). */
  DeliveryEventUnmatched: "DeliveryEventUnmatched",
  /** Daily run: managers told that reminders to someone are not arriving. */
  DeliveryNoticesSent: "DeliveryNoticesSent",
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/**
 * The dimensions every metric of a job carries: its service and its stage, so one stage's
 * `RunCompleted` can never hide another's missed run.
 */
export function metricDimensions(job: JobName, stage: string) {
  return { service: deployedName(job), stage };
}
