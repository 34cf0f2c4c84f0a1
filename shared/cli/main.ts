import { runCli } from "./run-cli";

// The Lambda runtime is Node 22+; locally on Node 20 the SDK's upgrade notice only adds noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// The handlers' JSON logs and EMF metrics are for CloudWatch; the CLI prints its own summary.
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";

// Piped into `head`, the reader may go early: the command still finishes what it was doing
// (a reminder run mid-send must record its sends), only its output is dropped.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

/** `npm run cli -- <command>`: the CLI on this process's arguments, environment and streams. */
runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
