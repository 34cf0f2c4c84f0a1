import { GetAccountCommand, type SESv2Client } from "@aws-sdk/client-sesv2";
import type { SendingAllowance } from "../../ports/sending-limits";

/**
 * Pace at this share of the account's maximum rate. SES measures the rate over short windows
 * and drops (throttles) what goes over, so a little under keeps a burst after a slow call, or
 * the digest sending at the same moment, from being throttled.
 */
export const ACCOUNT_RATE_SHARE = 0.9;

/** The rate when the account cannot be read and no cap is configured: the SES sandbox's, which every account allows. */
export const FALLBACK_RATE_PER_SECOND = 1;

/** SES's `SendQuota` and whether sending is enabled, as GetAccount reports them. */
export interface SesSendQuota {
  /** Messages per second. */
  maxSendRate: number;
  /** Messages per rolling 24 hours; -1 means unlimited. */
  max24HourSend: number;
  sentLast24Hours: number;
  /** False when SES has paused sending for the account (every send would be refused). */
  sendingEnabled: boolean;
}

/** Reads the account's send quota (SES v2 GetAccount). Throws when SES does not answer with one. */
export async function readSendQuota(client: SESv2Client): Promise<SesSendQuota> {
  const account = await client.send(new GetAccountCommand({}));
  const quota = account.SendQuota;
  const maxSendRate = quota?.MaxSendRate;
  const max24HourSend = quota?.Max24HourSend;
  if (
    typeof maxSendRate !== "number" ||
    !(maxSendRate > 0) ||
    typeof max24HourSend !== "number" ||
    Number.isNaN(max24HourSend)
  ) {
    throw Object.assign(new Error("GetAccount returned no usable SendQuota"), {
      name: "NoUsableSendQuota",
    });
  }
  return {
    maxSendRate,
    max24HourSend,
    sentLast24Hours: quota?.SentLast24Hours ?? 0,
    sendingEnabled: account.SendingEnabled !== false,
  };
}

/**
 * A run's allowance from the account's quota: just under its rate, never above the configured
 * cap; as many emails as its rolling 24 hours still allow (none while sending is paused).
 */
export function allowanceFromQuota(quota: SesSendQuota, capPerSecond?: number): SendingAllowance {
  const ratePerSecond = Math.min(quota.maxSendRate * ACCOUNT_RATE_SHARE, capPerSecond ?? Infinity);
  const remainingToday = remainingOf(quota);
  return {
    ratePerSecond,
    ...(remainingToday === undefined ? {} : { remainingToday }),
    source: "account",
  };
}

/** Emails the rolling 24 hours still allow: none while paused, undefined when unlimited (-1). */
function remainingOf(quota: SesSendQuota): number | undefined {
  if (!quota.sendingEnabled) return 0;
  if (quota.max24HourSend < 0) return undefined;
  return Math.max(0, Math.floor(quota.max24HourSend - quota.sentLast24Hours));
}

/** The allowance when the quota cannot be read: the configured cap, or a safe 1/s; no known quota. */
export function fallbackAllowance(
  capPerSecond: number | undefined,
  reason: string,
): SendingAllowance {
  return {
    ratePerSecond: capPerSecond ?? FALLBACK_RATE_PER_SECOND,
    source: "fallback",
    fallbackReason: reason,
  };
}

/**
 * An error as a reason fit for logs: its name or code (and HTTP status when the name says
 * nothing), never its message, which may quote an address.
 */
export function reasonOf(caught: unknown): string {
  const error = (caught ?? {}) as {
    name?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const safe = (value: unknown) =>
    typeof value === "string" && /^[A-Za-z0-9_.:-]{1,64}$/.test(value) ? value : undefined;
  const name = safe(error.code) ?? safe(error.name) ?? "Error";
  const status = error.$metadata?.httpStatusCode;
  const vague = name === "Unknown" || name === "Error";
  return vague && typeof status === "number" ? `${name} (HTTP ${status})` : name;
}
