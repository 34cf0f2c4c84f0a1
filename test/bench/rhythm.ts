/**
 * `npm run rhythm`: four weeks of the daily reminder job on a generated department, measured
 * against the targets of issue 15 ("A weekly rhythm supervisors won't filter away"). It
 * measures whatever cadence the code has: nothing here models the cadence, everything goes
 * through the real code.
 *
 * Each calendar day of the window, first what was known that morning is imported through the
 * real import (`importFiles`): the whole staff list, and only the records dated before the day
 * (supervisions, absences starting before it, agreements, appraisals, training). Then the real
 * `sendDueReminders` runs for the day (it skips weekends and bank holidays itself) against an
 * in-memory dynalite store, the real DynamoDB ledger and the real SES sender talking to
 * aws-ses-v2-local, with the local stage's config. What each email carried is read off the
 * ledger's `markSent`, through a decorator that forwards every call. The status board of the day
 * (`buildStatus`, as the job computes it) says which cases were open and when each went late.
 *
 *   --start YYYY-MM-DD      first day (default Monday 2025-11-03); the window is 28 days
 *   --social-workers N      department size (default 400: about 470 people)
 *   --seed N                the generator's seed (default 15)
 *   --go-live YYYY-MM-DD    the go-live date (default the stage's, else as `npm start`: the
 *                           Monday a year before the first day); `none` for no backlog
 *
 * An open case is one obligation on its supervisor's board at due soon or later (not paused),
 * with a supervisor in the roster; the figures' definitions (gaps, the first week, working-day
 * delays) are with the functions in `rhythm-metrics.ts`. Progress goes to stderr, the table
 * to stdout. Ids and counts only are printed, never names or addresses. Exit code 0 whatever the figures:
 * it is a measurement, run by hand, not part of `npm test`.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createDocumentClient, createDynamoClient } from "../../shared/adapters/dynamodb/clients";
import { startEmbeddedDynamoDb } from "../../shared/adapters/dynamodb/embedded-dynamodb";
import { ensureTable } from "../../shared/adapters/dynamodb/ensure-table";
import { tablePorts } from "../../shared/adapters/dynamodb/table-ports";
import { InProcessContinuationScheduler } from "../../shared/adapters/scheduler/in-process-continuation-scheduler";
import { configuredSesSender } from "../../shared/adapters/ses/configured-ses-sender";
import { startLocalSes } from "../../shared/adapters/ses/local-ses";
import { createSesClient } from "../../shared/adapters/ses/ses-client";
import { type AppConfig, tableNameFor } from "../../shared/config/app-config";
import { loadStageConfig } from "../../shared/config/load-stage-config";
import { firstRunTime } from "../../shared/config/schedules";
import { demoGoLiveDate, generateDepartment } from "../../shared/demo/generate-department";
import {
  addDays,
  type IsoDate,
  isIsoDate,
  isoWeekday,
  londonTimeToUtc,
} from "../../shared/domain/dates";
import { isEmployedOn } from "../../shared/domain/person-on-date";
import { STAGE_SEVERITY } from "../../shared/domain/stage";
import { isWorkingDay } from "../../shared/domain/working-days";
import type { ImportRecords } from "../../shared/import/write-csv";
import { toCsvBuffers } from "../../shared/import/write-csv";
import type { EmailLedger } from "../../shared/ports/email-ledger";
import { buildStatus } from "../../shared/use-cases/build-status";
import { importFiles } from "../../shared/use-cases/import-files";
import { type ReminderSummary, sendDueReminders } from "../../shared/use-cases/send-due-reminders";
import {
  type DayCases,
  daysWithEmail,
  emailsPerRecipient,
  lateTellingDelays,
  mentionGaps,
  type OpenCase,
  type SentEmail,
  unmentionedOn,
} from "./rhythm-metrics";
import { maximum, median, percentile } from "./statistics";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const WINDOW_DAYS = 28;
/** Issue 15's targets. */
const TARGET = { medianReminders: 6, gapDays: 7, delayWorkingDays: 1 };
const KNOWN_KINDS = new Set(["reminder", "escalation"]);

const { values } = parseArgs({
  options: {
    start: { type: "string", default: "2025-11-03" },
    "social-workers": { type: "string", default: "400" },
    seed: { type: "string", default: "15" },
    "go-live": { type: "string" },
  },
});
const start = values.start;
if (!isIsoDate(start)) throw new Error(`--start must be a real date YYYY-MM-DD, not '${start}'`);
const socialWorkers = Number(values["social-workers"]);
const seed = Number(values.seed);
if (!Number.isInteger(socialWorkers) || socialWorkers < 1)
  throw new Error("--social-workers must be a positive whole number");
if (!Number.isInteger(seed)) throw new Error("--seed must be a whole number");
const end = addDays(start, WINDOW_DAYS - 1);
const dates = Array.from({ length: WINDOW_DAYS }, (_, i) => addDays(start, i));

const stageConfig = loadStageConfig("local");
const goLive = goLiveFrom(values["go-live"], stageConfig, start);
const config: AppConfig = {
  ...stageConfig,
  reminders: { ...stageConfig.reminders, goLiveDate: goLive },
};
const workingDay = (date: IsoDate) => isWorkingDay(date, config.calendar);

function goLiveFrom(
  option: string | undefined,
  stage: AppConfig,
  first: IsoDate,
): IsoDate | undefined {
  if (option === "none") return undefined;
  if (option !== undefined) {
    if (!isIsoDate(option)) throw new Error(`--go-live must be YYYY-MM-DD or none`);
    return option;
  }
  return stage.reminders.goLiveDate ?? demoGoLiveDate(first);
}

/** What was known on the morning of `date`: every person, and the records dated before it. */
function knownOn(all: ImportRecords, date: IsoDate): ImportRecords {
  return {
    staff: all.staff,
    supervisions: all.supervisions.filter((r) => r.date < date),
    absences: all.absences.filter((r) => r.startDate < date),
    agreements: all.agreements.filter((r) => r.signedDate < date),
    appraisals: all.appraisals.filter((r) => r.date < date),
    training: all.training.filter((r) => r.date < date),
    audits: all.audits.filter((r) => r.date < date),
  };
}

/**
 * The real ledger, every call forwarded (whatever the port has), with what `markSent` recorded
 * kept aside once the real ledger has accepted it.
 */
function observedLedger(inner: EmailLedger, sent: SentEmail[], failed: { count: number }) {
  const markSent: EmailLedger["markSent"] = async (claim, notifications, ...rest) => {
    await inner.markSent(claim, notifications, ...rest);
    sent.push({
      date: claim.runDate,
      recipientId: claim.recipientId,
      emailKind: claim.emailKind,
      items: notifications.map((n) => ({
        staffId: n.staffId,
        kind: n.kind,
        dueDate: n.dueDate,
        stage: n.stage,
      })),
    });
  };
  const markFailed: EmailLedger["markFailed"] = async (...args) => {
    failed.count++;
    return inner.markFailed(...args);
  };
  return new Proxy(inner, {
    get(target, property) {
      if (property === "markSent") return markSent;
      if (property === "markFailed") return markFailed;
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const num = (n: number | undefined) =>
  n === undefined ? "—" : Number.isInteger(n) ? String(n) : n.toFixed(1);
const met = (ok: boolean) => (ok ? "met" : "**not met**");
const WEEKDAY = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const began = performance.now();
const department = generateDepartment({ asOf: end, socialWorkers, historyMonths: 13, seed });
const dynamo = await startEmbeddedDynamoDb();
const dynamoClient = createDynamoClient({ region: config.region, endpoint: dynamo.endpoint });
const ses = await startLocalSes();
const sesClient = createSesClient({ region: config.region, endpoint: ses.endpoint });
/** The day the store judges leavers' retention by, and the import acts as (noon, as the CLI). */
let simulatedNowMs = Date.parse(`${start}T12:00:00Z`);

try {
  const tableName = tableNameFor(config);
  await ensureTable(dynamoClient, tableName);
  const ports = tablePorts({
    client: createDocumentClient(dynamoClient),
    tableName,
    config,
    nowMs: () => simulatedNowMs,
  });
  const mailer = configuredSesSender(config, sesClient);
  const sent: SentEmail[] = [];
  const failed = { count: 0 };
  const ledger = observedLedger(ports.ledger, sent, failed);
  const days: DayCases[] = [];
  const supervisors = new Set<string>();
  const summaries: ReminderSummary[] = [];
  let importMs = 0;
  let jobMs = 0;
  let continuations = 0;
  const startsAt = firstRunTime(config.schedules.dailyReminders);

  console.error(
    `Department: ${department.staff.length} staff as of ${end} (seed ${seed}); ${start} to ${end}; ` +
      `go-live ${goLive ?? "none"}; local stage config`,
  );
  for (const date of dates) {
    simulatedNowMs = Date.parse(`${date}T12:00:00Z`);
    const importStarted = performance.now();
    const imported = await importFiles(
      { contents: toCsvBuffers(knownOn(department, date)), source: `rhythm ${date}` },
      { store: ports.store, imports: ports.imports, config, nowMs: () => simulatedNowMs },
    );
    if (!imported.ok)
      throw new Error(`${date}: the import was rejected (${imported.errors.length} errors)`);
    const importedIn = performance.now() - importStarted;
    importMs += importedIn;

    // The board the job computes, to know which cases were open and when each went late.
    const board = await buildStatus(date, {
      store: ports.store,
      policy: config.policy,
      calendar: config.calendar,
    });
    const inRoster = new Set(board.roster.map((s) => s.person.staffId));
    for (const { person } of board.roster) {
      if (person.supervisorId && inRoster.has(person.supervisorId) && isEmployedOn(person, date))
        supervisors.add(person.supervisorId);
    }
    const open: OpenCase[] = board.obligations
      .filter((o) => STAGE_SEVERITY[o.stage] >= STAGE_SEVERITY.due_soon)
      .filter((o) => o.supervisorId !== undefined && inRoster.has(o.supervisorId))
      .map((o) => ({
        supervisorId: o.supervisorId as string,
        staffId: o.staffId,
        kind: o.kind,
        dueDate: o.dueDate,
        stage: o.stage,
        overdueFrom: o.overdueFrom,
        escalatedFrom: o.escalatedFrom,
      }));
    days.push({ date, open });

    // The job, as the CLI's local run starts it; continuations (if any) run here, in turn.
    const jobStarted = performance.now();
    const before = sent.length;
    const continuation = new InProcessContinuationScheduler();
    let run = { scheduledTime: londonTimeToUtc(date, startsAt).toISOString(), attempt: 0 };
    for (;;) {
      const summary = await sendDueReminders(
        { ...run, runId: `rhythm-${date}-${run.attempt}` },
        {
          store: ports.store,
          ledger,
          deliveries: ports.deliveries,
          digests: ports.digests,
          mailer,
          sendingLimits: mailer,
          continuation,
          config,
          nowMs: Date.now,
          remainingMs: () => 15 * 60_000,
        },
      );
      summaries.push(summary);
      const next = continuation.take();
      if (!next || run.attempt >= 20) break;
      continuations++;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, next.notBeforeMs - Date.now())),
      );
      run = { scheduledTime: next.scheduledTime, attempt: next.attempt };
    }
    jobMs += performance.now() - jobStarted;
    // The emulator keeps every email in memory: empty it each day.
    await fetch(`${ses.endpoint}/clear-store`, { method: "POST" });

    const today = sent.slice(before);
    const reminders = today.filter((e) => e.emailKind === "reminder").length;
    console.error(
      `${date} ${WEEKDAY[isoWeekday(date)]}: import ${seconds(importedIn)}, ${open.length} open cases, ` +
        (workingDay(date)
          ? `${reminders} reminders, ${today.length - reminders} other emails`
          : "not a working day"),
    );
  }

  // ------------------------------------------------------------------------------------------
  // The figures.
  const firstRun = dates.find(workingDay) ?? start;
  const workingDays = dates.filter(workingDay).length;
  const reminderCounts = [...emailsPerRecipient(sent, "reminder", supervisors).values()];
  const escalationCounts = [...emailsPerRecipient(sent, "escalation").values()];
  const emailDays = [...daysWithEmail(sent, supervisors).values()];
  const gaps = mentionGaps(days, sent);
  const gapValues = gaps.map((g) => g.longestGap);
  const dueOrLater = days.map((d) => ({
    date: d.date,
    open: d.open.filter((c) => STAGE_SEVERITY[c.stage] >= STAGE_SEVERITY.due),
  }));
  const dueGapValues = mentionGaps(dueOrLater, sent).map((g) => g.longestGap);
  const events = lateTellingDelays(days, sent, config.calendar);
  const judged = events.filter((e) => !e.unjudged);
  const delays = judged.map((e) => e.delay);
  const untold = judged.filter((e) => e.censored).length;
  const first = unmentionedOn(firstRun, days, sent);
  const otherKinds = [...new Set(sent.map((e) => e.emailKind))].filter((k) => !KNOWN_KINDS.has(k));
  const active = (date: IsoDate) => department.staff.filter((p) => isEmployedOn(p, date)).length;

  const medianReminders = median(reminderCounts) ?? 0;
  const maxGap = maximum(gapValues) ?? 0;
  const maxDelay = maximum(delays) ?? 0;
  const overWeek = gapValues.filter((g) => g > TARGET.gapDays).length;
  const lateTold = delays.filter((d) => d > TARGET.delayWorkingDays).length;
  const totalMs = performance.now() - began;

  const rows: [string, string, string][] = [
    [
      "department",
      `${department.staff.length} staff (${active(start)} employed on day 1); ${supervisors.size} supervisors`,
      "",
    ],
    [
      `reminder emails per supervisor, ${WINDOW_DAYS} days (${workingDays} working days)`,
      `median ${num(medianReminders)}, max ${num(maximum(reminderCounts))} (${sent.filter((e) => e.emailKind === "reminder").length} in all)`,
      `median ≤ ${TARGET.medianReminders}`,
    ],
    [
      "escalation emails per manager who got any",
      `median ${num(median(escalationCounts))}, max ${num(maximum(escalationCounts))} (${escalationCounts.length} managers)`,
      "",
    ],
    [
      "working days with an email (reminder or escalation), per supervisor",
      `median ${num(median(emailDays))} of ${workingDays}`,
      "",
    ],
    [
      "longest gap between mentions of an open case (due soon or later), calendar days",
      `max ${num(maxGap)}, p95 ${num(percentile(gapValues, 95))}; ${overWeek} of ${gaps.length} cases over ${TARGET.gapDays}`,
      `every case ≤ ${TARGET.gapDays}`,
    ],
    [
      "the same, cases due or later only",
      `max ${num(maximum(dueGapValues))}, p95 ${num(percentile(dueGapValues, 95))}; ${dueGapValues.filter((g) => g > TARGET.gapDays).length} of ${dueGapValues.length} cases over ${TARGET.gapDays}`,
      "",
    ],
    [
      "newly overdue or past the limit → supervisor told at that stage, working days",
      `median ${num(median(delays))}, max ${num(maxDelay)}; ${judged.length} items (${judged.filter((e) => e.stage === "overdue").length} overdue, ${judged.filter((e) => e.stage === "escalated").length} past the limit), ${lateTold} later than ${TARGET.delayWorkingDays}, ${untold} never told while open`,
      `every item ≤ ${TARGET.delayWorkingDays}`,
    ],
    [
      `first run (${firstRun}, fresh store): open cases not in that day's email to their supervisor`,
      `${first.missed.length} of ${first.open}`,
      "0",
    ],
    [
      "run time",
      `${seconds(totalMs)} (imports ${seconds(importMs)}, reminder job ${seconds(jobMs)})`,
      "",
    ],
  ];
  const out = [
    `## Reminder rhythm: ${start} to ${end} (${WINDOW_DAYS} days), seed ${seed}, go-live ${goLive ?? "none"}`,
    "",
    "| figure | value | target |",
    "| --- | --- | --- |",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    `- median ≤ ${TARGET.medianReminders} reminder emails per supervisor per four weeks: ${met(medianReminders <= TARGET.medianReminders)} (${num(medianReminders)})`,
    `- every open case mentioned at least weekly (≤ ${TARGET.gapDays} days between mentions; a case's first mention by its ${TARGET.gapDays}th day open, counting from day 1 for cases already open then): ${met(overWeek === 0)} (max ${num(maxGap)}, ${overWeek} cases over)`,
    `- a newly overdue or escalated item told within ${TARGET.delayWorkingDays} working day: ${met(lateTold === 0)} (max ${num(maxDelay)}, ${lateTold} items later)`,
    `- first run tells every supervisor everything open: ${met(first.missed.length === 0)} (${first.missed.length} missed)`,
  ];
  const notes: string[] = [];
  if (failed.count > 0) notes.push(`${failed.count} emails failed (see the ledger)`);
  if (continuations > 0) notes.push(`${continuations} continuation runs`);
  const incomplete = summaries.filter((s) => !s.complete).length;
  if (incomplete > 0) notes.push(`${incomplete} runs ended incomplete`);
  const undeliverable = summaries.reduce((n, s) => n + s.undeliverable, 0);
  if (undeliverable > 0)
    notes.push(`${undeliverable} undeliverable obligation-days (no active supervisor)`);
  const notEvaluated = summaries.reduce((n, s) => n + s.notEvaluated, 0);
  if (notEvaluated > 0) notes.push(`${notEvaluated} people-days not evaluated`);
  if (otherKinds.length > 0)
    notes.push(`email kinds not counted as reminders or escalations: ${otherKinds.join(", ")}`);
  const unjudged = events.length - judged.length;
  if (unjudged > 0)
    notes.push(
      `${unjudged} newly late items left out: untold, but closed (or the window ended) within a working day`,
    );
  if (notes.length > 0) out.push("", `Notes: ${notes.join("; ")}.`);
  console.log(out.join("\n"));
} finally {
  sesClient.destroy();
  dynamoClient.destroy();
  await ses.close();
  await dynamo.close();
}
