import type { AppConfigInput } from "./app-config";

/**
 * Per-stage configuration admins edit. Anything left out takes the policy default from
 * `shared/config/`; an unknown key fails `cdk synth` with its path, so a typo cannot deploy.
 * `local` is what `npm start`, the CLI and a `cdk synth` without `-c stage=…` use; it pins no
 * account and cannot be deployed. Every other stage pins the account and region it deploys to.
 */
export const stages = {
  local: {
    stage: "local",
    region: "eu-west-2",
    // The local SES emulator has no sending limit: the demo's emails go in seconds.
    reminders: { maxSendRatePerSecond: 50 },
    // The demo department records monthly file audits all through its 13 months of history, so
    // its service managers are held to them. Each owes the month after their latest audit on
    // record (a fixed month serves while every manager has one; with none, they owe from here).
    policy: { audits: { monthlyFrom: "2025-01" } },
  },
  // An example pre-production stage: its own account, a sandbox SES, the schedules an hour
  // earlier than prod's so its emails are seen first.
  staging: {
    stage: "staging",
    account: "111111111111",
    region: "eu-west-2",
    email: {
      from: "supervision-reminders-staging@example.gov.uk",
      replyTo: "workforce-team@example.gov.uk",
      // Its own identity in its own account (three more DKIM CNAMEs in the domain's DNS); no
      // custom MAIL FROM: staging's few emails go to verified addresses in the SES sandbox.
      identity: { domain: "example.gov.uk" },
    },
    schedules: {
      dailyReminders: { hour: 6 },
      monthlyDigest: { hour: 6 },
    },
    operations: {
      alarmEmails: ["platform-support@example.gov.uk"],
      importNotifyEmails: ["hr-systems@example.gov.uk"],
    },
  },
  prod: {
    stage: "prod",
    account: "222222222222",
    region: "eu-west-2",
    email: {
      from: "supervision-reminders@example.gov.uk",
      replyTo: "workforce-team@example.gov.uk",
      // The stack creates the identity (Easy DKIM) with bounces from bounce.example.gov.uk:
      // the DNS records to add are in the App stack's outputs (README "Sending identity").
      identity: { domain: "example.gov.uk", mailFromSubdomain: "bounce" },
    },
    policy: {
      kpi: { targetPercent: 90 },
      // Monthly file audits are imported from December 2026, the first month after the release
      // that reads audits.csv. Never a month already past with no audits imported: every
      // service manager would be escalated on the next run for months nobody recorded here.
      audits: { monthlyFrom: "2026-12" },
    },
    // The day reminders began: what was already overdue then is the backlog, summarised weekly
    // in each supervisor's reminder (with a CSV of names) instead of listed and escalated.
    reminders: { goLiveDate: "2026-01-05" },
    calendar: {
      // The department closes between Christmas and New Year: no reminders, no digest.
      closureDays: ["2026-12-29", "2026-12-30", "2026-12-31"],
    },
    digest: {
      seniorManagerEmails: ["director.childrens.services@example.gov.uk"],
      qaRecipients: ["quality.assurance@example.gov.uk"],
    },
    operations: {
      alarmEmails: ["platform-support@example.gov.uk"],
      importNotifyEmails: ["hr-systems@example.gov.uk"],
      // Well under SES's review thresholds (5% bounces, 0.1% complaints): time to act first.
      bounceRateAlarm: 0.02,
      complaintRateAlarm: 0.0005,
    },
  },
} satisfies Record<string, AppConfigInput>;

export type StageName = keyof typeof stages;

/** The one stage that pins no account: local runs and offline synth, never deployed. */
export const LOCAL_STAGE: StageName = "local";
