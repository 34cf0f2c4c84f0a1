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
    policy: {
      kpi: { targetPercent: 90 },
    },
  },
} satisfies Record<string, AppConfigInput>;

export type StageName = keyof typeof stages;
