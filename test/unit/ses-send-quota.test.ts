import { describe, expect, it } from "vitest";
import {
  ACCOUNT_RATE_SHARE,
  allowanceFromQuota,
  FALLBACK_RATE_PER_SECOND,
  fallbackAllowance,
  reasonOf,
} from "../../shared/adapters/ses/ses-send-quota";

const production = {
  maxSendRate: 14,
  max24HourSend: 50_000,
  sentLast24Hours: 0,
  sendingEnabled: true,
};

describe("a run's sending allowance from the SES account's quota", () => {
  it("paces just under the account's rate (90%)", () => {
    expect(ACCOUNT_RATE_SHARE).toBe(0.9);
    expect(allowanceFromQuota(production).ratePerSecond).toBeCloseTo(12.6, 10);
    const sandbox = {
      maxSendRate: 1,
      max24HourSend: 200,
      sentLast24Hours: 0,
      sendingEnabled: true,
    };
    expect(allowanceFromQuota(sandbox)).toEqual({
      ratePerSecond: 0.9,
      remainingToday: 200,
      source: "account",
    });
  });

  it("never paces above the configured cap; a cap above the account's rate changes nothing", () => {
    expect(allowanceFromQuota(production, 5).ratePerSecond).toBe(5);
    expect(allowanceFromQuota(production, 100).ratePerSecond).toBeCloseTo(12.6, 10);
  });

  it("allows what the rolling 24 hours have left: none when used up or paused, no limit when unlimited", () => {
    expect(allowanceFromQuota({ ...production, sentLast24Hours: 49_990 }).remainingToday).toBe(10);
    expect(allowanceFromQuota({ ...production, sentLast24Hours: 50_100 }).remainingToday).toBe(0);
    expect(allowanceFromQuota({ ...production, sendingEnabled: false }).remainingToday).toBe(0);
    expect(allowanceFromQuota({ ...production, max24HourSend: -1 })).not.toHaveProperty(
      "remainingToday",
    );
  });

  it("falls back to the cap, or to 1/s without one, with no quota known", () => {
    expect(FALLBACK_RATE_PER_SECOND).toBe(1);
    expect(fallbackAllowance(undefined, "AccessDeniedException")).toEqual({
      ratePerSecond: 1,
      source: "fallback",
      fallbackReason: "AccessDeniedException",
    });
    expect(fallbackAllowance(3, "ECONNREFUSED").ratePerSecond).toBe(3);
  });

  it("names a failure by its code or name, never by its message (which may quote an address)", () => {
    const denied = Object.assign(new Error("User jo.bloggs@example.gov.uk is not authorized"), {
      name: "AccessDeniedException",
    });
    expect(reasonOf(denied)).toBe("AccessDeniedException");
    expect(reasonOf(Object.assign(new Error("connect refused"), { code: "ECONNREFUSED" }))).toBe(
      "ECONNREFUSED",
    );
    const unnamed = Object.assign(new Error("Bad Request"), {
      name: "Unknown",
      $metadata: { httpStatusCode: 400 },
    });
    expect(reasonOf(unnamed)).toBe("Unknown (HTTP 400)");
    expect(reasonOf(Object.assign(new Error("x"), { name: "jo@example.gov.uk said no" }))).toBe(
      "Error",
    );
    expect(reasonOf(undefined)).toBe("Error");
  });
});
