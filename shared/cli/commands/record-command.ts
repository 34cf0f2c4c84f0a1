import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addMonths, isIsoDate } from "../../domain/dates";
import { wellFormed } from "../../domain/open-obligations";
import { recordAccess } from "../../reports/record-access";
import { recordCsv } from "../../reports/record-csv";
import { renderRecordHtml } from "../../reports/render-record-html";
import { buildSupervisionFile } from "../../reports/supervision-record";
import { UsageError } from "../usage-error";
import type { CommandContext } from "./command-context";

export const RECORD_FORMATS = ["html", "csv", "json"] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

export interface RecordOptions {
  staff: string | undefined;
  reader: string | undefined;
  from: string | undefined;
  format: string | undefined;
}

/** Records are kept at least two years (policy 8.12): by default the record covers them. */
const DEFAULT_YEARS = 2;

/** A staff id as the import allows it, so it can name a file and nothing else. */
const SAFE_FILE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * `record --staff ID --reader R [--from DATE] [--format html|csv|json]`: one person's
 * supervision record for HR, audit or inspection, for a reader policy 8.4 allows (exit 2 and
 * nothing written otherwise). HTML and CSV go to DATA_DIR/records/; JSON to stdout.
 */
export async function recordCommand(options: RecordOptions, ctx: CommandContext): Promise<number> {
  const { staff, reader } = options;
  if (!staff) throw new UsageError("record needs --staff ID");
  if (!reader) throw new UsageError("record needs --reader: a staff id, hr or auditor");
  const format = options.format ?? "html";
  if (!(RECORD_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`record --format is html, csv or json, not '${format}'`);
  const from = options.from ?? addMonths(ctx.today, -12 * DEFAULT_YEARS);
  if (!isIsoDate(from) || from > ctx.today)
    throw new UsageError("record --from needs a real date YYYY-MM-DD, not after today");

  const roster = await ctx.ports.store.listStaff();
  const subject = roster.find((s) => s.person.staffId === staff);
  if (!subject) {
    ctx.err(`No staff record for '${staff}' (a leaver's records go once their retention ends).`);
    return 2;
  }
  const people = roster.map((s) => s.person);
  const access = recordAccess(reader, subject.person, people, ctx.today);
  if (!access.allowed) {
    ctx.err(access.reason);
    return 2;
  }
  if (!wellFormed(subject.person, subject.facts)) {
    ctx.err(`The stored record of ${staff} is malformed: import them again.`);
    return 1;
  }
  const history = (await ctx.ports.store.loadHistory([staff])).get(staff) ?? [];
  const told = await ctx.ports.ledger.listTold(
    { staffId: staff, from, to: ctx.today },
    ctx.clockMs(),
  );
  const delivery = await ctx.ports.deliveries.deliveryOf(
    told.map((e) => e.messageId),
    ctx.clockMs(),
  );
  const file = buildSupervisionFile(
    {
      subject,
      history,
      roster: people,
      told,
      delivery,
      reader: access.reader,
      today: ctx.today,
      from,
    },
    ctx.config.policy,
  );
  if (format === "json") {
    ctx.out(JSON.stringify(file));
    return 0;
  }
  if (!SAFE_FILE_ID.test(staff)) {
    ctx.err(`'${staff}' cannot name a file; use --format json.`);
    return 2;
  }
  const folder = join(ctx.dataDir, "records");
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, `${staff}-${ctx.today}.${format}`);
  const { dueSoonDays } = ctx.config.policy;
  const content =
    format === "html" ? renderRecordHtml(file, { dueSoonDays }) : recordCsv(file, { dueSoonDays });
  // Personal data: readable by whoever ran the command only.
  writeFileSync(path, content, { mode: 0o600 });
  ctx.out(path);
  return 0;
}
