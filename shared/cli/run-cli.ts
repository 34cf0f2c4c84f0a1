import { parseArgs } from "node:util";
import { openStore, storeTargetFromEnv } from "../adapters/dynamodb/open-store";
import { InvalidConfigError } from "../config/app-config";
import { loadStageConfig } from "../config/load-stage-config";
import { isIsoDate, londonDateOf } from "../domain/dates";
import { bouncedCommand } from "./commands/bounced-command";
import type { CommandContext } from "./commands/command-context";
import { demoCommand } from "./commands/demo-command";
import { digestCommand } from "./commands/digest-command";
import { importCommand } from "./commands/import-command";
import { importsCommand } from "./commands/imports-command";
import { recordCommand } from "./commands/record-command";
import { remindCommand } from "./commands/remind-command";
import { reportCommand } from "./commands/report-command";
import { type SentOptions, sentCommand } from "./commands/sent-command";
import { statusCommand } from "./commands/status-command";
import { mailTargetFor, RefusedError } from "./mail-target";
import { USAGE, UsageError } from "./usage-error";

/** Where the CLI reads its settings and writes its output: the process, or a test. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

const COMMANDS = [
  "import",
  "imports",
  "report",
  "status",
  "remind",
  "sent",
  "record",
  "bounced",
  "digest",
  "demo",
];

/**
 * The CLI, start to finish: the exit code it ends with (0 done, 1 something failed or is owed,
 * 2 the command was refused or wrong), every message written to `io`. The one composition root
 * of local runs: it builds the table's ports as the Lambdas do, and every command receives them.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (
      error instanceof InvalidConfigError ||
      error instanceof RefusedError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS_")
    ) {
      io.err((error as Error).message);
      return 2;
    }
    io.err(String((error as Error).stack ?? error));
    return 1;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { env } = io;
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      month: { type: "string" },
      date: { type: "string" },
      json: { type: "boolean", default: false },
      staff: { type: "string" },
      recipient: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      format: { type: "string" },
      reader: { type: "string" },
      send: { type: "boolean", default: false },
      clear: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      profile: { type: "string" },
      "real-ses": { type: "boolean", default: false },
      stage: { type: "string", default: env.STAGE ?? "local" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown command '${command}'`);
  const config = loadStageConfig(values.stage);
  const today = todayFrom(env);
  // With SUPERVISION_TODAY set, the CLI judges obligations and leavers' retention as at 12:00
  // UTC that day; what it records (sends, leases, the audit trail) keeps the wall clock.
  const nowMs = env.SUPERVISION_TODAY ? () => Date.parse(`${today}T12:00:00Z`) : Date.now;
  const target = storeTargetFromEnv(env);
  // Decided before the store is opened: a refused send writes nothing, not even a table.
  const sends = command === "remind" || command === "demo" || (command === "digest" && values.send);
  const mail = sends
    ? mailTargetFor(command, target, { realSes: values["real-ses"], region: config.region }, env)
    : undefined;
  const opened = await openStore(target, config, nowMs);
  const ctx: CommandContext = {
    ports: opened.ports,
    config,
    out: io.out,
    err: io.err,
    today,
    nowMs,
    clockMs: Date.now,
    ...(mail ? { mail } : {}),
    dataDir: target.kind === "embedded" ? target.dataDir : (env.DATA_DIR ?? ".data"),
  };
  try {
    switch (command) {
      case "import":
        return await importCommand(
          rest[0],
          { dryRun: values["dry-run"], profile: values.profile },
          ctx,
        );
      case "imports":
        return await importsCommand(values.json, ctx);
      case "report":
        return await reportCommand(values.month, values.json, ctx);
      case "status":
        return await statusCommand(values.date, values.json, ctx);
      case "digest":
        return await digestCommand(values.month, { send: values.send, json: values.json }, ctx);
      case "remind":
        return await remindCommand(values.date, values.json, ctx);
      case "sent":
        return await sentCommand(
          {
            staff: values.staff,
            recipient: values.recipient,
            from: values.from,
            to: values.to,
            format: sentFormat(values.format, values.json),
          },
          ctx,
        );
      case "record":
        return await recordCommand(
          {
            staff: values.staff,
            reader: values.reader,
            from: values.from,
            format: values.format ?? (values.json ? "json" : undefined),
          },
          ctx,
        );
      case "bounced":
        return await bouncedCommand({ staff: values.staff, clear: values.clear }, ctx);
      default:
        return await demoCommand(ctx);
    }
  } finally {
    await opened.close();
  }
}

/** `sent --format text|json|csv`; `--json` is `--format json`. */
function sentFormat(format: string | undefined, json: boolean): SentOptions["format"] {
  if (format === undefined) return json ? "json" : "text";
  if (format === "text" || format === "json" || format === "csv") return format;
  throw new UsageError(`sent --format is text, json or csv, not '${format}'`);
}

/** Today in Europe/London, or `SUPERVISION_TODAY` to replay or test another day. */
function todayFrom(env: NodeJS.ProcessEnv): string {
  const pinned = env.SUPERVISION_TODAY;
  if (!pinned) return londonDateOf(new Date());
  if (!isIsoDate(pinned))
    throw new UsageError(`SUPERVISION_TODAY must be a real date YYYY-MM-DD, not '${pinned}'`);
  return pinned;
}
