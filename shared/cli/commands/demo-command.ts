import { cryptoSeed } from "../../adapters/crypto-seed";
import { demoGoLiveDate, generateDepartment } from "../../demo/generate-department";
import { addDays, addMonthsToMonth, type IsoDate, monthOf } from "../../domain/dates";
import type { WorkingCalendar } from "../../domain/settings/calendar";
import { isWorkingDay } from "../../domain/working-days";
import { toCsvBuffers } from "../../import/write-csv";
import { formatKpiTable } from "../../reports/format-kpi-table";
import { formatStatusSummary } from "../../reports/format-status";
import { buildMonthlyReport } from "../../use-cases/build-monthly-report";
import { buildStatus } from "../../use-cases/build-status";
import { importFiles } from "../../use-cases/import-files";
import { compileMonthlyDigest } from "../../use-cases/run-monthly-digest";
import { runRemindersLocally } from "../local-reminders";
import type { CommandContext } from "./command-context";
import { digestCommand } from "./digest-command";
import { formatReminderSummary } from "./remind-command";

export const DEMO_SEED = 20161012;

/**
 * `npm start`: seeds a demo department through the real import path when the store is empty,
 * then shows what a supervisor and a senior manager would see today.
 */
export async function demoCommand(ctx: CommandContext): Promise<number> {
  const { config, today } = ctx;
  const { store, imports } = ctx.ports;
  if ((await store.listStaff()).length === 0) {
    const department = generateDepartment({
      asOf: today,
      socialWorkers: 300,
      historyMonths: 13,
      seed: DEMO_SEED,
    });
    const result = await importFiles(
      { contents: toCsvBuffers(department), source: "demo" },
      { store, imports, config, nowMs: ctx.nowMs },
    );
    if (!result.ok)
      throw new Error(`demo data failed its own validation: ${result.errors.length} errors`);
    ctx.out(
      `Seeded a demo department as of ${today}: ${department.staff.length} staff, ${result.recordsWritten} records.`,
    );
    await compileEarlierDigests(ctx);
  } else {
    ctx.out("Using the data already in the store (delete DATA_DIR to start again).");
  }
  const board = await buildStatus(today, {
    store,
    policy: config.policy,
    calendar: config.calendar,
  });
  ctx.out("");
  ctx.out(formatStatusSummary(today, board.obligations, board.roster));
  ctx.out("");
  const reminderDay = lastWorkingDayOnOrBefore(today, config.calendar);
  if (reminderDay !== today) {
    ctx.out(
      `Today is not a working day, so no reminders go today; the demo runs ${reminderDay}'s instead.`,
    );
  }
  // The demo department is a year after go-live, unless the stage names its own date.
  const goLiveDate = config.reminders.goLiveDate ?? demoGoLiveDate(today);
  ctx.out(
    `The department went live on ${goLiveDate}: what was already overdue then is its backlog, summarised weekly in the reminders.`,
  );
  const reminders = await runRemindersLocally(reminderDay, {
    ...ctx,
    config: { ...config, reminders: { ...config.reminders, goLiveDate } },
  });
  ctx.out(formatReminderSummary(reminders.summary, reminders.outbox));
  const lastMonth = addMonthsToMonth(monthOf(today), -1);
  const { kpi } = await buildMonthlyReport(lastMonth, {
    store,
    policy: config.policy,
    factsWindowDays: config.table.factsWindowDays,
  });
  ctx.out("");
  ctx.out(formatKpiTable(kpi, config.policy.kpi.nearTargetPoints));
  ctx.out("");
  await digestCommand(lastMonth, { send: true, json: false }, ctx);
  ctx.out("");
  ctx.out(
    `More: npm run cli -- status --date ${today} · npm run cli -- report --month ${lastMonth} --json`,
  );
  return 0;
}

/**
 * The digests a department running the system would already have: each draws the next month's
 * audit files and, before a quarter, its QA sample, which today's reminders name and the
 * digest's quality section counts. Stored, not sent.
 */
async function compileEarlierDigests(ctx: CommandContext): Promise<void> {
  const thisMonth = monthOf(ctx.today);
  for (const back of [3, 2, 1]) {
    await compileMonthlyDigest(addMonthsToMonth(thisMonth, -back), {
      ...ctx.ports,
      config: ctx.config,
      nowMs: ctx.clockMs,
      drawSeed: cryptoSeed,
    });
  }
}

function lastWorkingDayOnOrBefore(date: IsoDate, calendar: WorkingCalendar): IsoDate {
  let day = date;
  while (!isWorkingDay(day, calendar)) day = addDays(day, -1);
  return day;
}
