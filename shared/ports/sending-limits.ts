/**
 * What the email provider lets one run send, read at the start of the run. Counts and a reason
 * code only: it is logged with the run's summary.
 */
export interface SendingAllowance {
  /** Messages per second the sender paces this run at (under the account's rate and any cap). */
  ratePerSecond: number;
  /**
   * Emails the account's rolling 24-hour quota still allows; absent when unlimited or unknown
   * (then only the provider's own "quota exceeded" reply stops the run).
   */
  remainingToday?: number;
  /** `account`: read from the provider; `fallback`: it could not be read, so the configured cap (or a safe 1/s). */
  source: "account" | "fallback";
  /** Why the fallback: an error name or code, never a provider message (it could quote an address). */
  fallbackReason?: string;
}

/**
 * The provider's sending limits. The reminder run asks once at its start: the answer sets the
 * pace of the email sender it came with, and the run stops cleanly once it has sent
 * `remainingToday` emails.
 */
export interface SendingLimits {
  /** Reads the account's limits now and paces the sender to them. Never throws: falls back. */
  startRun(): Promise<SendingAllowance>;
}
