import type { AppConfig } from "../config/app-config";
import { firstRunTime } from "../config/schedules";
import {
  addMonthsToMonth,
  firstDayOfMonth,
  type IsoMonth,
  londonDateOf,
  londonTimeToUtc,
  monthOf,
} from "../domain/dates";
import { deliveryRates } from "../domain/delivery";
import { qaSampleDigestMonth } from "../domain/digest/audit-quality";
import { buildDigest } from "../domain/digest/build-digest";
import type { CompiledDigest } from "../domain/digest/digest-model";
import { digestRecipients } from "../domain/digest/digest-recipients";
import { scopeKey } from "../domain/digest/digest-scope";
import { isWorkingDay, workingDayOnOrAfter } from "../domain/working-days";
import { digestEmail } from "../email/compose-digest";
import type { DeliveryLedger } from "../ports/delivery-ledger";
import type { DigestStore } from "../ports/digest-store";
import type { EmailLedger } from "../ports/email-ledger";
import type { EmailSender } from "../ports/email-sender";
import type { OneOffScheduler } from "../ports/one-off-scheduler";
import type { SupervisionStore } from "../ports/supervision-store";
import { addressRecipientId } from "./address-hash";
import { type MonthlyReport, reportFromRoster } from "./build-monthly-report";
import { sendClaimedEmail } from "./send-claimed-email";

export interface DigestDeps {
  store: SupervisionStore;
  digests: DigestStore;
  ledger: EmailLedger;
  /** What SES reported of the month's emails: the digest's delivery rates. */
  deliveries: DeliveryLedger;
  mailer: EmailSender;
  scheduler: OneOffScheduler;
  config: AppConfig;
  nowMs: () => number;
  /** A fresh seed for an audit draw (1 to 2^31 - 2); kept with the digest, so a draw can be replayed. */
  drawSeed: () => number;
}

/**
 * Computes the month's digest and stores it (replacing any earlier snapshot). The KPI is the
 * one `report` computes; the audit seeds are drawn once and kept, so a rerun picks the same
 * files and the draw can be reproduced.
 */
export async function compileMonthlyDigest(
  month: IsoMonth,
  deps: Pick<DigestDeps, "store" | "digests" | "deliveries" | "config" | "nowMs" | "drawSeed">,
): Promise<CompiledDigest> {
  const { store, config } = deps;
  const months = Array.from({ length: 12 }, (_, i) => addMonthsToMonth(month, i - 11));
  // One roster, read once from the trend's first month: each month's report takes whom it
  // employed from it (and, inside the facts window, their sessions and absences too).
  const everyone = await store.listStaff(firstDayOfMonth(months[0] ?? month));
  const reportDeps = {
    store,
    policy: config.policy,
    factsWindowDays: config.table.factsWindowDays,
  };
  const reports: MonthlyReport[] = [];
  for (const m of months) reports.push(await reportFromRoster(m, everyone, reportDeps));
  const current = reports.at(-1);
  if (!current) throw new Error("no report for the month");
  const monthStart = firstDayOfMonth(month);
  const roster = everyone.filter(
    ({ person }) => person.endDate === undefined || person.endDate >= monthStart,
  );
  const earlier = await deps.digests.load(month);
  const managers = roster
    .filter((s) => s.person.role === "service_manager")
    .map((s) => s.person.staffId);
  const seeds = {
    serviceManagers: Object.fromEntries(
      managers.map((id) => [
        id,
        earlier?.audit.serviceManagers.find((a) => a.managerId === id)?.seed ?? deps.drawSeed(),
      ]),
    ),
    qualityAssurance: earlier?.audit.qualityAssurance?.seed ?? deps.drawSeed(),
  };
  // The quarter's QA sample is the one the digest before the quarter drew (policy 9.2).
  const sampledIn = await deps.digests.load(qaSampleDigestMonth(month));
  const digest = buildDigest({
    month,
    kpi: current.kpi,
    people: current.people,
    trend: reports.map((r) => r.kpi),
    roster,
    everyone,
    qaSample: sampledIn?.audit?.qualityAssurance?.staffIds ?? [],
    seeds,
    policy: config.policy,
    digest: config.digest,
  });
  digest.delivery = deliveryRates(await deps.deliveries.monthDelivery(month, deps.nowMs()));
  await deps.digests.save(digest, new Date(deps.nowMs()).toISOString());
  const names = new Map(roster.map((s) => [s.person.staffId, s.person.name]));
  return { digest, nameOf: (id) => names.get(id) ?? id, roster: roster.map((s) => s.person) };
}

export interface DigestRunResult {
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
 * The scheduled job: on the 1st, for the month just ended. Not a working day? It defers
 * itself to the schedule's time on the next one with a one-off schedule. Otherwise it compiles the
 * digest and sends each recipient one email, claimed in the same ledger as the reminders, so
 * a rerun replaces the snapshot but never sends twice.
 */
export async function runMonthlyDigest(
  event: { scheduledTime: string; month?: IsoMonth | undefined },
  deps: DigestDeps,
): Promise<DigestRunResult> {
  const runDate = londonDateOf(new Date(event.scheduledTime));
  const month = event.month ?? addMonthsToMonth(monthOf(runDate), -1);
  const result: DigestRunResult = {
    month,
    runDate,
    sent: 0,
    failed: 0,
    skipped: 0,
    recipients: 0,
  };
  if (!isWorkingDay(runDate, deps.config.calendar)) {
    const deferredTo = workingDayOnOrAfter(runDate, deps.config.calendar);
    const at = londonTimeToUtc(deferredTo, firstRunTime(deps.config.schedules.monthlyDigest));
    await deps.scheduler.scheduleOnce({
      name: `${month}-deferred`,
      atMs: at.getTime(),
      payload: { scheduledTime: at.toISOString(), month },
    });
    return { ...result, deferredTo };
  }
  const compiled = await compileMonthlyDigest(month, deps);
  const sent = await sendDigests(compiled, deps, event.scheduledTime);
  return { ...result, ...sent, compliance: compiled.digest.overall.compliance };
}

/**
 * Sends the compiled digest to each recipient once, whatever runs before or after: each their
 * own copy, naming only people in the part of the organisation they manage; the ledger's claim
 * records which scope that was.
 */
export async function sendDigests(
  compiled: CompiledDigest,
  deps: Pick<DigestDeps, "ledger" | "mailer" | "config" | "nowMs">,
  runId: string,
): Promise<Pick<DigestRunResult, "sent" | "failed" | "skipped" | "recipients">> {
  const month = compiled.digest.month;
  const result = { sent: 0, failed: 0, skipped: 0, recipients: 0 };
  const recipients = digestRecipients(compiled, deps.config.digest);
  result.recipients = recipients.length;
  for (const recipient of recipients) {
    const claim = {
      recipientId: ledgerRecipientId(recipient),
      emailKind: "digest" as const,
      runDate: month,
      sentOn: londonDateOf(new Date(deps.nowMs())),
      runId,
      scope: scopeKey(recipient.scope),
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

/** How the ledger names a digest recipient: their staff id, or one known by address alone hashed. */
export function ledgerRecipientId(recipient: { id: string; email: string }): string {
  return recipient.id.startsWith("addr:") ? addressRecipientId(recipient.email) : recipient.id;
}
