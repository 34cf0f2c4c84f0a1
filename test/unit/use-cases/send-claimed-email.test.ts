import { describe, expect, it } from "vitest";
import type { Notification } from "../../../shared/domain/reminder-plan";
import type { EmailClaim } from "../../../shared/ports/email-ledger";
import {
  EmailRejectedError,
  type OutgoingEmail,
  SendingPausedError,
} from "../../../shared/ports/email-sender";
import { sendClaimedEmail } from "../../../shared/use-cases/send-claimed-email";
import { FakeEmailSender } from "../../fakes/fake-email-sender";
import { InMemoryEmailLedger } from "../../fakes/in-memory-email-ledger";

const NOW = Date.parse("2024-06-03T06:00:00Z");
const LEASE_MS = 15 * 60_000;
const claim: EmailClaim = {
  recipientId: "M1",
  emailKind: "reminder",
  runDate: "2024-06-03",
  runId: "run-1",
};
const email: OutgoingEmail = {
  to: "manager.one@example.gov.uk",
  subject: "Supervision due",
  text: "W1's supervision is due.",
  html: "<p>W1's supervision is due.</p>",
  attachments: [],
};
const notification: Notification = {
  recipientId: "M1",
  staffId: "W1",
  kind: "supervision",
  stage: "due",
  dueDate: "2024-06-03",
  period: "once",
  emailKind: "reminder",
  level: 0,
};

/** A claimed email, a provider that does `behaviour`, and what the claim says afterwards. */
async function sendWith(behaviour?: (email: OutgoingEmail) => Error | undefined) {
  const ledger = new InMemoryEmailLedger();
  const mailer = new FakeEmailSender(behaviour);
  expect(await ledger.claim(claim, NOW, LEASE_MS)).toEqual({
    outcome: "claimed",
    reclaimedStale: false,
  });
  const outcome = await sendClaimedEmail(claim, email, [notification], {
    mailer,
    ledger,
    nowMs: () => NOW,
  });
  return { outcome, ledger, mailer, recorded: ledger.claimOf(claim) };
}

describe("sending one claimed email", () => {
  it("records it sent with the provider's message id, and its notifications as sent", async () => {
    const { outcome, ledger, mailer, recorded } = await sendWith();
    expect(outcome).toBe("sent");
    expect(mailer.delivered.map((d) => d.email)).toEqual([email]);
    expect(recorded).toMatchObject({ status: "sent", messageId: mailer.delivered[0]?.messageId });
    expect(await ledger.sentKeys([notification], NOW)).toEqual(
      new Set(["W1#supervision#2024-06-03#due#once#reminder#M1"]),
    );
    // Sent is final: no later run, however late, takes it again.
    expect(await ledger.claim({ ...claim, runId: "run-2" }, NOW + 86_400_000, LEASE_MS)).toEqual({
      outcome: "already_sent",
    });
  });

  it("fails a rejected email with the provider's reason, addresses scrubbed, as certainly not sent", async () => {
    const { outcome, ledger, recorded } = await sendWith(
      () => new EmailRejectedError("Email address is not verified: manager.one@example.gov.uk"),
    );
    expect(outcome).toBe("failed");
    expect(recorded).toMatchObject({
      status: "failed",
      reason: "Email address is not verified: <address>",
      outcomeUnknown: false,
      attempts: 1,
    });
    expect(await ledger.sentKeys([notification], NOW)).toEqual(new Set());
    // The next run may send it, and that is no possible duplicate.
    expect(await ledger.claim({ ...claim, runId: "run-2" }, NOW + 1, LEASE_MS)).toEqual({
      outcome: "claimed",
      reclaimedStale: false,
    });
  });

  it("reports a paused account as paused, so the run stops, and records why", async () => {
    const { outcome, recorded } = await sendWith(
      () => new SendingPausedError("Daily message quota exceeded"),
    );
    expect(outcome).toBe("paused");
    expect(recorded).toMatchObject({
      status: "failed",
      reason: "Daily message quota exceeded",
      outcomeUnknown: false,
    });
  });

  it("treats any other error as a possible send: the resend is counted as a possible duplicate", async () => {
    const timeout = Object.assign(new Error("socket hang up for manager.one@example.gov.uk"), {
      name: "TimeoutError",
    });
    const { outcome, ledger, recorded } = await sendWith(() => timeout);
    expect(outcome).toBe("failed");
    // The error's name only: its message may quote the address.
    expect(recorded).toMatchObject({
      status: "failed",
      reason: "send_error: TimeoutError",
      outcomeUnknown: true,
    });
    expect(await ledger.claim({ ...claim, runId: "run-2" }, NOW + 1, LEASE_MS)).toEqual({
      outcome: "claimed",
      reclaimedStale: true,
    });
  });

  it("lets a ledger that cannot record the send fail the run, once the email has gone", async () => {
    const ledger = new InMemoryEmailLedger();
    ledger.markSent = async () => {
      throw new Error("ProvisionedThroughputExceededException");
    };
    const mailer = new FakeEmailSender();
    await ledger.claim(claim, NOW, LEASE_MS);
    await expect(
      sendClaimedEmail(claim, email, [notification], { mailer, ledger, nowMs: () => NOW }),
    ).rejects.toThrow("ProvisionedThroughputExceededException");
    expect(mailer.delivered).toHaveLength(1);
    // The claim is left to lapse: a retry after the lease takes it and counts the resend.
    expect(await ledger.claim({ ...claim, runId: "run-2" }, NOW + LEASE_MS - 1, LEASE_MS)).toEqual({
      outcome: "in_flight",
      leaseEndsAtMs: NOW + LEASE_MS,
    });
    expect(await ledger.claim({ ...claim, runId: "run-2" }, NOW + LEASE_MS + 1, LEASE_MS)).toEqual({
      outcome: "claimed",
      reclaimedStale: true,
    });
  });
});
