import type { AppConfigInput } from "../../shared/config/app-config";

/**
 * Per-stage configuration admins edit. Anything left out takes the policy default from
 * `shared/config/policy.ts`. `local` is what `npm start` and the CLI use on the embedded store.
 */
export const stages = {
  local: {
    stage: "local",
    region: "eu-west-2",
    // The local SES emulator has no sending limit: the demo's emails go in seconds.
    reminders: { maxSendRatePerSecond: 50 },
  },
  prod: {
    stage: "prod",
    region: "eu-west-2",
    email: {
      from: "supervision-reminders@example.gov.uk",
      replyTo: "workforce-team@example.gov.uk",
    },
    policy: {
      kpi: { targetPercent: 90 },
    },
    digest: {
      seniorManagerEmails: ["director.childrens.services@example.gov.uk"],
      qaRecipients: ["quality.assurance@example.gov.uk"],
    },
    operations: {
      alarmEmails: ["platform-support@example.gov.uk"],
      importNotifyEmails: ["hr-systems@example.gov.uk"],
    },
  },
} satisfies Record<string, AppConfigInput>;

export type StageName = keyof typeof stages;
