import { randomInt } from "node:crypto";
import type { AppConfig } from "../config/app-config";
import {
  addMonthsToMonth,
  firstDayOfMonth,
  type IsoMonth,
  londonDateOf,
  londonTimeToUtc,
  monthOf,
} from "../domain/dates";
import { buildDigest } from "../domain/digest/build-digest";
import type { CompiledSummary } from "../domain/digest/digest-model";
import { digestRecipients } from "../domain/digest/digest-recipients";
import { isWorkingDay, workingDayOnOrAfter } from "../domain/working-days";
import { digestEmail } from "../email/compose-digest";
import type { DigestStore } from "../ports/digest-store";
import type { EmailSender } from "../ports/email-sender";
import type { OneOffScheduler } from "../ports/one-off-scheduler";
import type { ReminderLedger } from "../ports/reminder-ledger";
import type { SupervisionStore } from "../ports/supervision-store";
import { buildMonthlyReport } from "./build-monthly-report";
import { sendClaimedEmail } from "./send-claimed-email";

export interface SummaryDeps {
  store: SupervisionStore;
  digests: DigestStore;
  ledger: ReminderLedger;
  mailer: EmailSender;
  scheduler: OneOffScheduler;
  config: AppConfig;
  nowMs: () => number;
}

const seed = () => randomInt(1, 2 ** 31 - 1);

/**
 * Computes the month's summary and stores it (replacing any earlier snapshot). The KPI is the
 * one `report` computes; the audit seeds are drawn once and kept, so a rerun picks the same
 * files and the draw can be reproduced.
 */
export async function compileMonthlySummary(
  month: IsoMonth,
  deps: Pick<SummaryDeps, "store" | "digests" | "config" | "nowMs">,
): Promise<CompiledSummary> {
  const { store, config } = deps;
  const months = Array.from({ length: 12 }, (_, i) => addMonthsToMonth(month, i - 11));
  const reports = await Promise.all(
    months.map((m) => buildMonthlyReport(m, { store, policy: config.policy })),
  );
  const current = reports.at(-1);
  if (!current) throw new Error("no report for the month");
  const roster = await store.listStaff(firstDayOfMonth(month));
  const earlier = await deps.digests.load(month);
  const managers = roster
    .filter((s) => s.person.role === "service_manager")
    .map((s) => s.person.staffId);
  const seeds = {
    serviceManagers: Object.fromEntries(
      managers.map((id) => [
        id,
        earlier?.audit.serviceManagers.find((a) => a.managerId === id)?.seed ?? seed(),
      ]),
    ),
    qualityAssurance: earlier?.audit.qualityAssurance?.seed ?? seed(),
  };
  const digest = buildDigest({
    month,
    kpi: current.kpi,
    people: current.people,
    trend: reports.map((r) => r.kpi),
    roster,
    seeds,
    policy: config.policy,
    digest: config.digest,
  });
  await deps.digests.save(digest, new Date(deps.nowMs()).toISOString());
  const names = new Map(roster.map((s) => [s.person.staffId, s.person.name]));
  return { digest, nameOf: (id) => names.get(id) ?? id, roster: roster.map((s) => s.person) };
}

export interface SummaryRunResult {
  month: IsoMonth;
  runDate: string;
  deferredTo?: string;
  sent: number;
  failed: number;
  skipped: number;
  recipients: number;
  compliance?: number | null;
}

/**
 * The scheduled job: on the 1st at 07:00, for the month just ended. Not a working day? It
 * defers itself to 07:00 on the next one with a one-off schedule. Otherwise it compiles the
 * summary and sends each recipient one email, claimed in the same ledger as the reminders, so
 * a rerun replaces the snapshot but never sends twice.
 */
export async function runMonthlySummary(
  event: { scheduledTime: string; month?: IsoMonth | undefined },
  deps: SummaryDeps,
): Promise<SummaryRunResult> {
  const runDate = londonDateOf(new Date(event.scheduledTime));
  const month = event.month ?? addMonthsToMonth(monthOf(runDate), -1);
  const result: SummaryRunResult = {
    month,
    runDate,
    sent: 0,
    failed: 0,
    skipped: 0,
    recipients: 0,
  };
  if (!isWorkingDay(runDate, deps.config.calendar)) {
    const deferredTo = workingDayOnOrAfter(runDate, deps.config.calendar);
    const at = londonTimeToUtc(deferredTo, "07:00");
    await deps.scheduler.scheduleOnce({
      name: `${month}-deferred`,
      atMs: at.getTime(),
      payload: { scheduledTime: at.toISOString(), month },
    });
    return { ...result, deferredTo };
  }
  const compiled = await compileMonthlySummary(month, deps);
  const sent = await sendDigests(compiled, deps, event.scheduledTime);
  return { ...result, ...sent, compliance: compiled.digest.overall.compliance };
}

/** Sends the compiled digest to each recipient once, whatever runs before or after. */
export async function sendDigests(
  compiled: CompiledSummary,
  deps: Pick<SummaryDeps, "ledger" | "mailer" | "config" | "nowMs">,
  runId: string,
): Promise<Pick<SummaryRunResult, "sent" | "failed" | "skipped" | "recipients">> {
  const month = compiled.digest.month;
  const result = { sent: 0, failed: 0, skipped: 0, recipients: 0 };
  const recipients = digestRecipients(compiled, deps.config);
  result.recipients = recipients.length;
  for (const recipient of recipients) {
    const claim = {
      recipientId: recipient.id,
      emailKind: "digest" as const,
      runDate: month,
      runId,
    };
    const claimed = await deps.ledger.claim(
      claim,
      deps.nowMs(),
      deps.config.reminders.claimLeaseSeconds * 1000,
    );
    if (claimed.outcome !== "claimed") {
      result.skipped++;
      continue;
    }
    const outcome = await sendClaimedEmail(
      claim,
      digestEmail(compiled, recipient, deps.config),
      [],
      deps,
    );
    if (outcome === "sent") result.sent++;
    else result.failed++;
    if (outcome === "paused") break;
  }
  return result;
}
