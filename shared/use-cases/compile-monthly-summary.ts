import { randomInt } from "node:crypto";
import type { AppConfig } from "../config/app-config";
import {
  addMonthsToMonth,
  firstDayOfMonth,
  type IsoMonth,
  lastDayOfMonth,
  londonDateOf,
  londonTimeToUtc,
  monthOf,
} from "../domain/dates";
import { buildDigest } from "../domain/digest/build-digest";
import type { Digest } from "../domain/digest/digest-model";
import { isEmployedOn } from "../domain/person-on-date";
import type { StaffMember } from "../domain/records";
import { isWorkingDay, workingDayOnOrAfter } from "../domain/working-days";
import { exceptionsCsv, teamsCsv } from "../email/digest-csv";
import { renderDigestEmail } from "../email/render-digest";
import type { DigestStore } from "../ports/digest-store";
import {
  EmailRejectedError,
  type EmailSender,
  type OutgoingEmail,
  SendingPausedError,
} from "../ports/email-sender";
import type { OneOffScheduler } from "../ports/one-off-scheduler";
import type { ReminderLedger } from "../ports/reminder-ledger";
import type { SupervisionStore } from "../ports/supervision-store";
import { buildMonthlyReport } from "./build-monthly-report";

export interface SummaryDeps {
  store: SupervisionStore;
  digests: DigestStore;
  ledger: ReminderLedger;
  mailer: EmailSender;
  scheduler: OneOffScheduler;
  config: AppConfig;
  nowMs: () => number;
}

export interface CompiledSummary {
  digest: Digest;
  /** Names for the ids in the digest, for rendering and the CSVs. */
  nameOf: (staffId: string) => string;
  roster: StaffMember[];
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

interface Recipient {
  id: string;
  name: string;
  email: string;
  ownService?: string;
  auditFile?: { staffId: string; team: string };
  qaSample?: { staffId: string; team: string }[];
}

/** Who gets the digest: roster roles from config, senior managers and QA by address. */
export function digestRecipients(compiled: CompiledSummary, config: AppConfig): Recipient[] {
  const { digest } = compiled;
  const monthEnd = lastDayOfMonth(digest.month);
  const teamOf = new Map(compiled.roster.map((p) => [p.staffId, p.team]));
  const list: Recipient[] = compiled.roster
    .filter((p) => isEmployedOn(p, monthEnd) && config.digest.recipientRoles.includes(p.role))
    .map((p) => {
      const draw = digest.audit.serviceManagers.find((a) => a.managerId === p.staffId);
      return {
        id: p.staffId,
        name: p.name,
        email: p.email,
        ...(p.role === "head_of_service" ? { ownService: p.service } : {}),
        ...(draw?.staffId
          ? { auditFile: { staffId: draw.staffId, team: teamOf.get(draw.staffId) ?? "" } }
          : {}),
      };
    });
  const byAddress = (email: string, extra: Partial<Recipient> = {}): Recipient => ({
    id: `addr:${email.toLowerCase()}`,
    name: "colleague",
    email,
    ...extra,
  });
  for (const email of config.digest.seniorManagerEmails) list.push(byAddress(email));
  const qa = digest.audit.qualityAssurance;
  if (qa) {
    const sample = qa.staffIds.map((staffId) => ({ staffId, team: teamOf.get(staffId) ?? "" }));
    for (const email of config.digest.qaRecipients)
      list.push(byAddress(email, { qaSample: sample }));
  }
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

export function digestEmail(
  compiled: CompiledSummary,
  recipient: Recipient,
  config: AppConfig,
): OutgoingEmail {
  const rendered = renderDigestEmail({
    digest: compiled.digest,
    recipientName: recipient.name,
    nameOf: compiled.nameOf,
    amberMargin: config.digest.amberMarginPercent,
    senderName: config.email.senderName,
    ownService: recipient.ownService,
    auditFile: recipient.auditFile,
    qaSample: recipient.qaSample,
  });
  const month = compiled.digest.month;
  return {
    to: recipient.email,
    ...rendered,
    attachments: [
      {
        filename: `supervision-by-team-${month}.csv`,
        contentType: "text/csv; charset=utf-8",
        content: teamsCsv(compiled.digest, config.digest.amberMarginPercent),
      },
      {
        filename: `supervision-exceptions-${month}.csv`,
        contentType: "text/csv; charset=utf-8",
        content: exceptionsCsv(compiled.digest, compiled.nameOf),
      },
    ],
    tag: `${recipient.id.replace(/[^A-Za-z0-9]/g, "_")}-digest`,
  };
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
    const outcome = await deps.ledger.claim(
      claim,
      deps.nowMs(),
      deps.config.reminders.claimLeaseSeconds * 1000,
    );
    if (outcome.outcome !== "claimed") {
      result.skipped++;
      continue;
    }
    try {
      const { messageId } = await deps.mailer.send(digestEmail(compiled, recipient, deps.config));
      await deps.ledger.markSent(claim, [], messageId, deps.nowMs());
      result.sent++;
    } catch (error) {
      const known = error instanceof EmailRejectedError || error instanceof SendingPausedError;
      await deps.ledger.markFailed(
        claim,
        known ? "rejected_or_paused" : `send_error: ${(error as Error).name}`,
        deps.nowMs(),
        !known,
      );
      result.failed++;
      if (error instanceof SendingPausedError) break;
    }
  }
  return result;
}
