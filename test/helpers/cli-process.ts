import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { runCli as runCliInProcess } from "../../shared/cli/run-cli";

export const ROOT = join(import.meta.dirname, "..", "..");
export const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const CLI = join(ROOT, "shared", "cli", "main.ts");

/** A stand-in in its own process, as a shared DynamoDB or SES would be: its endpoint. */
export async function standIn(
  kind: "dynamodb" | "ses",
): Promise<{ endpoint: string; proc: ChildProcess }> {
  const proc = spawn(TSX, [join(ROOT, "test", "helpers", "stand-in-process.ts"), kind], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  const endpoint = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    proc.once("exit", (code) => reject(new Error(`${kind} stand-in exited with ${code}`)));
  });
  return { endpoint, proc };
}

/**
 * The CLI in this process, exactly as `main.ts` runs it but for the environment and the output
 * streams: exit code and output. What most CLI tests use; `spawnCli` spawns it for real.
 */
export async function cliInProcess(env: Record<string, string>, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCliInProcess(args, {
    env: { ...process.env, STORE: "", DYNAMODB_ENDPOINT: "", SES_ENDPOINT: "", ...env },
    out: (line) => {
      stdout += `${line}\n`;
    },
    err: (line) => {
      stderr += `${line}\n`;
    },
  });
  return { code, stdout, stderr };
}

/** The CLI as `npm run cli` runs it, in its own process, to the end: exit code and output. */
export function spawnCli(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(TSX, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, STORE: "", DYNAMODB_ENDPOINT: "", SES_ENDPOINT: "", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The CLI started in the background, e.g. to be killed part-way: node itself runs it (with
 * tsx as a loader), so the pid is the process doing the work, not a wrapper around it.
 */
export function startCli(env: Record<string, string>, ...args: string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, STORE: "", DYNAMODB_ENDPOINT: "", SES_ENDPOINT: "", ...env },
    stdio: "ignore",
  });
}
