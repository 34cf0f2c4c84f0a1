import type { AppConfig } from "../config/app-config";
import {
  addMonthsToMonth,
  type IsoDate,
  type IsoMonth,
  londonDateOf,
  monthOf,
} from "../domain/dates";
import { fileToAuditMonth } from "../domain/file-audit-obligation";
import { auditsOf, type PersonFacts, type StaffMember } from "../domain/records";
import { type Notification, notificationKey, planReminders } from "../domain/reminder-plan";
import { type ReminderWeek, weekPeriod } from "../domain/reminder-rhythm";
import { isWeekly, type TodaysEmail, todaysEmails, weeklyEmailId } from "../domain/todays-emails";
import { isWorkingDay } from "../domain/working-days";
import { type AuditLookup, composeEmail } from "../email/compose-email";
import type { ContinuationScheduler } from "../ports/continuation-scheduler";
import type { DeliveryLedger } from "../ports/delivery-ledger";
import type { DigestStore } from "../ports/digest-store";
import type { EmailClaim, EmailLedger } from "../ports/email-ledger";
import type { EmailSender } from "../ports/email-sender";
import type { SendingAllowance, SendingLimits } from "../ports/sending-limits";
import type { SupervisionStore } from "../ports/supervision-store";
import { buildStatus } from "./build-status";
import { findDeliveryProblems, sendDeliveryNotices } from "./delivery-notices";
import { type SendOutcome, sendClaimedEmail } from "./send-claimed-email";

export interface ReminderRun {
  /** The schedule's time (ISO instant): the business date is its date in Europe/London. */
  scheduledTime: string;
  /** This invocation: whoever holds a claim. */
  runId: string;
  /** 0 for the scheduled run, n for its n-th continuation. */
  attempt: number;
}

export interface ReminderDeps {
  store: SupervisionStore;
  ledger: EmailLedger;
  /** Addresses that bounced: their emails are held and their managers told. */
  deliveries: DeliveryLedger;
  mailer: EmailSender;
  /**
   * The mailer's account limits, read once per run before the first email: they set its pace
   * and how many emails the run may send. Without them the mailer keeps its configured pace
   * and only the provider's own quota reply stops the run.
   */
  sendingLimits?: SendingLimits;
  continuation: ContinuationScheduler;
  /**
   * The monthly digests: each draws the next month's file for every service manager to audit,
   * which their file audit reminder names. Read only on a day a file audit is told; with no
   * digest stored for the month before, the reminder asks them to choose a file.
   */
  digests: DigestStore;
  config: AppConfig;
  nowMs: () => number;
  /** Time left before the invocation is cut off (Lambda's getRemainingTimeInMillis). */
  remainingMs: () => number;
}

export interface ReminderSummary {
  date: string;
  workingDay: boolean;
  /** Emails that go today, by each recipient's rhythm (a summary, an update, a daily list). */
  recipients: number;
  sent: number;
  failed: number;
  /** Emails another run had already sent, or is sending. */
  skipped: number;
  /** Open obligations nobody could be told about (no supervisor, or none active). */
  undeliverable: number;
  /** People whose record could not be evaluated (malformed): recorded, alarmed, skipped. */
  notEvaluated: number;
  /** Stale claims taken over: the earlier run may have sent before it died. */
  possibleDuplicates: number;
  /** Emails held back because their recipient's address bounced (their manager is told). */
  notArriving: number;
  /** Managers (or admins) told today that reminders to someone are not arriving. */
  deliveryNotices: number;
  complete: boolean;
  /** `sending_paused` includes reaching the account's remaining daily quota (`pacing.remainingToday`). */
  stoppedBecause?: "time_budget" | "sending_paused" | "in_flight_elsewhere";
  /** The pace and quota this run read at its start (absent when it had nothing to send). */
  pacing?: SendingAllowance;
}

/**
 * The daily reminder run: works out today's notifications, leaves out those already sent,
 * chooses by each recipient's rhythm what goes today (`todaysEmails`: the weekly summary, or
 * only urgent news between summaries), and sends each recipient one email, claiming it in the
 * ledger before sending. Per-email failures are recorded and retried next run; running out of time or finding emails in
 * flight elsewhere hands the rest to a continuation. Throws only when the whole run should
 * be retried (e.g. the ledger is unavailable: then nothing is sent).
 */
export async function sendDueReminders(
  run: ReminderRun,
  deps: ReminderDeps,
): Promise<ReminderSummary> {
  const { config, ledger } = deps;
  const date = londonDateOf(new Date(run.scheduledTime));
  const summary: ReminderSummary = {
    date,
    workingDay: isWorkingDay(date, config.calendar),
    recipients: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    undeliverable: 0,
    notEvaluated: 0,
    possibleDuplicates: 0,
    notArriving: 0,
    deliveryNotices: 0,
    complete: true,
  };
  if (!summary.workingDay) return summary;

  const board = await buildStatus(date, {
    store: deps.store,
    policy: config.policy,
    calendar: config.calendar,
  });
  const people = new Map(board.roster.map((s) => [s.person.staffId, s.person]));
  const facts = new Map(board.roster.map((s) => [s.person.staffId, s.facts]));
  const plan = planReminders(
    date,
    board.obligations,
    [...people.values()],
    config.reminders,
    config.calendar,
  );
  summary.undeliverable = plan.undeliverable.length;
  summary.notEvaluated = board.notEvaluated.length;
  await ledger.recordNotEvaluated(date, board.notEvaluated, deps.nowMs());
  await ledger.recordUndeliverable(date, plan.undeliverable, deps.nowMs());

  const sent = await ledger.sentKeys(
    plan.emails.flatMap((e) => e.notifications),
    deps.nowMs(),
  );
  const isSent = (n: Notification) => sent.has(notificationKey(n));
  // Between summary days: whose weekly email (summary or escalation) already went this week.
  const week = weekPeriod(plan.week);
  const weekly =
    date === plan.week.summaryDay
      ? new Set<string>()
      : await ledger.weeklySent(plan.emails.filter(isWeekly), week, deps.nowMs());
  const isNew = (n: Notification) => !isSent(n);
  const todays = todaysEmails(plan, date, isSent, (e) => weekly.has(weeklyEmailId(e)));
  // Someone whose address bounced gets nothing until it is corrected; their manager is told.
  const problems = await findDeliveryProblems(plan, people, date, deps);
  const withNews = todays
    .filter((e) => !problems.bouncing.has(e.recipientId))
    .sort(
      (a, b) =>
        a.recipientId.localeCompare(b.recipientId) || a.emailKind.localeCompare(b.emailKind),
    );
  summary.notArriving = todays.length - withNews.length;
  summary.recipients = withNews.length + problems.notices.length;
  const audits = auditLookup(facts, await drawsFor(withNews, date, deps.digests));
  if (summary.recipients > 0 && deps.sendingLimits)
    summary.pacing = await deps.sendingLimits.startRun();
  const quota = summary.pacing?.remainingToday;

  let retryAtMs = 0;
  for (const planned of withNews) {
    if (quota !== undefined && summary.sent >= quota) {
      // The account's 24-hour quota is used up: stop before claiming, as at SES's own quota
      // reply. Nothing is marked failed; the next run (its quota read afresh) sends the rest.
      summary.complete = false;
      summary.stoppedBecause = "sending_paused";
      return summary;
    }
    if (deps.remainingMs() < config.reminders.stopWhenRemainingMs) {
      summary.complete = false;
      summary.stoppedBecause = "time_budget";
      await deps.continuation.scheduleContinuation({
        scheduledTime: run.scheduledTime,
        attempt: run.attempt + 1,
        notBeforeMs: deps.nowMs(),
      });
      return summary;
    }
    const claim: EmailClaim = {
      recipientId: planned.recipientId,
      emailKind: planned.emailKind,
      runDate: date,
      runId: run.runId,
      ...(planned.rhythm === "weekly_summary" ? { week } : {}),
    };
    const outcome = await ledger.claim(
      claim,
      deps.nowMs(),
      config.reminders.claimLeaseSeconds * 1000,
    );
    if (outcome.outcome === "already_sent") {
      summary.skipped++;
      continue;
    }
    if (outcome.outcome === "in_flight") {
      summary.skipped++;
      retryAtMs = Math.max(retryAtMs, outcome.leaseEndsAtMs);
      continue;
    }
    if (outcome.reclaimedStale) summary.possibleDuplicates++;
    const result = await sendOne(planned, claim, people, plan.week, deps, isNew, audits);
    if (result === "sent") summary.sent++;
    else summary.failed++;
    if (result === "paused") {
      summary.complete = false;
      summary.stoppedBecause = "sending_paused";
      return summary;
    }
  }
  const notices = await sendDeliveryNotices(
    problems.notices,
    people,
    { date, runId: run.runId },
    { ...deps, leaseMs: config.reminders.claimLeaseSeconds * 1000 },
  );
  summary.deliveryNotices = notices.sent;
  summary.undeliverable += notices.unaddressed;
  summary.sent += notices.sent;
  summary.failed += notices.failed;
  if (notices.paused) {
    summary.complete = false;
    summary.stoppedBecause = "sending_paused";
    return summary;
  }
  if (retryAtMs > 0) {
    // Another run holds some claims: look again once they lapse; sent ones are skipped then.
    summary.complete = false;
    summary.stoppedBecause = "in_flight_elsewhere";
    await deps.continuation.scheduleContinuation({
      scheduledTime: run.scheduledTime,
      attempt: run.attempt + 1,
      notBeforeMs: retryAtMs + 1_000,
    });
  }
  return summary;
}

async function sendOne(
  planned: TodaysEmail,
  claim: EmailClaim,
  people: ReadonlyMap<string, StaffMember>,
  week: ReminderWeek,
  deps: ReminderDeps,
  isNew: (n: Notification) => boolean,
  audits: AuditLookup,
): Promise<SendOutcome> {
  const recipient = people.get(planned.recipientId);
  if (!recipient) {
    await deps.ledger.markFailed(claim, "recipient_not_in_roster", deps.nowMs());
    return "failed";
  }
  let email: ReturnType<typeof composeEmail>;
  try {
    email = composeEmail(planned, recipient, people, claim.runDate, deps.config, {
      isNew,
      rhythm: { kind: planned.rhythm, nextSummaryDay: week.nextSummaryDay },
      audits,
    });
  } catch {
    // A record that breaks the email fails this one email, not the run.
    await deps.ledger.markFailed(claim, "could_not_render", deps.nowMs());
    return "failed";
  }
  return sendClaimedEmail(claim, email, planned.notifications, deps);
}

/** Each month's draw: the file drawn for each service manager (null when none could be). */
type Draws = ReadonlyMap<IsoMonth, ReadonlyMap<string, string | null>>;

/**
 * The files drawn for the months whose file audits today's reminders tell (not the backlog's,
 * which are only counted): each month's draw is in the digest of the month before, read once
 * per month. A month with no digest stored has no draw.
 */
async function drawsFor(
  emails: readonly TodaysEmail[],
  date: IsoDate,
  digests: DigestStore,
): Promise<Draws> {
  const months = new Set(
    emails
      .filter((e) => e.emailKind === "reminder")
      .flatMap((e) => e.notifications)
      .filter((n) => n.kind === "file_audit" && n.backlog !== true)
      .flatMap((n) => [fileToAuditMonth(n.dueDate, date), monthOf(n.dueDate)]),
  );
  const draws = new Map<IsoMonth, Map<string, string | null>>();
  for (const month of [...months].sort()) {
    const digest = await digests.load(addMonthsToMonth(month, -1));
    // A digest stored before audit draws has none; one for another month is not this draw.
    const audit = digest?.audit;
    if (audit?.month !== month || !Array.isArray(audit.serviceManagers)) continue;
    draws.set(month, new Map(audit.serviceManagers.map((d) => [d.managerId, d.staffId])));
  }
  return draws;
}

function auditLookup(facts: ReadonlyMap<string, PersonFacts>, draws: Draws): AuditLookup {
  return {
    auditsOf: (staffId) => auditsOf(facts.get(staffId)),
    drawnFor: (managerId, month) => draws.get(month)?.get(managerId),
  };
}
