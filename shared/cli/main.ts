import { parseArgs } from "node:util";
import { openStore, storeTargetFromEnv } from "../adapters/dynamodb/open-store";
import { InvalidConfigError } from "../config/app-config";
import { loadStageConfig } from "../config/load-stage-config";
import { isIsoDate, londonDateOf } from "../domain/dates";
import type { CommandContext } from "./commands/command-context";
import { demoCommand } from "./commands/demo-command";
import { digestCommand } from "./commands/digest-command";
import { importCommand } from "./commands/import-command";
import { importsCommand } from "./commands/imports-command";
import { remindCommand } from "./commands/remind-command";
import { reportCommand } from "./commands/report-command";
import { sentCommand } from "./commands/sent-command";
import { statusCommand } from "./commands/status-command";
import { mailTargetFor, RefusedError } from "./mail-target";
import { USAGE, UsageError } from "./usage-error";

// The Lambda runtime is Node 22+; locally on Node 20 the SDK's upgrade notice only adds noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// The handlers' JSON logs and EMF metrics are for CloudWatch; the CLI prints its own summary.
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";

export async function main(argv: string[]): Promise<number> {
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
      send: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      "real-ses": { type: "boolean", default: false },
      stage: { type: "string", default: process.env.STAGE ?? "local" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (
    !["import", "imports", "report", "status", "remind", "sent", "digest", "demo"].includes(command)
  ) {
    throw new UsageError(`unknown command '${command}'`);
  }
  const config = loadStageConfig(values.stage);
  const today = todayFromEnv();
  // With SUPERVISION_TODAY set, the whole CLI acts as on that day (retention included).
  const nowMs = process.env.SUPERVISION_TODAY ? () => Date.parse(`${today}T12:00:00Z`) : Date.now;
  const target = storeTargetFromEnv();
  // Decided before the store is opened: a refused send writes nothing, not even a table.
  const sends = command === "remind" || command === "demo" || (command === "digest" && values.send);
  const mail = sends
    ? mailTargetFor(command, target, { realSes: values["real-ses"], region: config.region })
    : undefined;
  const opened = await openStore(target, config, nowMs);
  const ctx: CommandContext = {
    store: opened.store,
    config,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    today,
    nowMs,
    opened,
    mail,
    dataDir: target.kind === "embedded" ? target.dataDir : (process.env.DATA_DIR ?? ".data"),
  };
  try {
    switch (command) {
      case "import":
        return await importCommand(rest[0], { dryRun: values["dry-run"] }, ctx);
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
            json: values.json,
          },
          ctx,
        );
      default:
        return await demoCommand(ctx);
    }
  } finally {
    await opened.close();
  }
}

/** Today in Europe/London, or `SUPERVISION_TODAY` to replay or test another day. */
function todayFromEnv(): string {
  const pinned = process.env.SUPERVISION_TODAY;
  if (!pinned) return londonDateOf(new Date());
  if (!isIsoDate(pinned))
    throw new UsageError(`SUPERVISION_TODAY must be a real date YYYY-MM-DD, not '${pinned}'`);
  return pinned;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (
      error instanceof InvalidConfigError ||
      error instanceof RefusedError ||
      (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
    ) {
      console.error((error as Error).message);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
