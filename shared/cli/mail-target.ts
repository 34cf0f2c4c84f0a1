import type { StoreTarget } from "../adapters/dynamodb/open-store";
import type { MailTarget } from "./local-mail";

/** The CLI will not do what was asked, and says why: exit code 2, nothing written. */
export class RefusedError extends Error {
  override readonly name = "RefusedError";
}

/**
 * Where a sending command's emails go. The in-process SES emulator is only for the embedded
 * store: with a shared or deployed table it would record "sent" in that table's ledger for
 * emails nobody received, and the real job would then skip them. Any other store must name
 * its SES target: `SES_ENDPOINT=<url>` or `--real-ses`.
 */
export function mailTargetFor(
  command: string,
  store: StoreTarget,
  options: { realSes: boolean; region: string },
  env: NodeJS.ProcessEnv = process.env,
): MailTarget {
  if (options.realSes && env.SES_ENDPOINT)
    throw new RefusedError("Set SES_ENDPOINT or --real-ses, not both.");
  if (options.realSes) return { kind: "aws", region: env.AWS_REGION ?? options.region };
  if (env.SES_ENDPOINT) return { kind: "endpoint", endpoint: env.SES_ENDPOINT };
  if (store.kind === "embedded") return { kind: "emulator" };
  const where =
    store.kind === "aws" ? "the deployed table (STORE=aws)" : `the table at ${store.endpoint}`;
  throw new RefusedError(
    `Refusing to run '${command}': it would record emails as sent in ${where} while sending them to a throwaway SES emulator, so the real job would skip them. ` +
      "Name where the emails go: SES_ENDPOINT=<url> (an SES emulator you run) or --real-ses (SES, with your AWS credentials). Nothing was written.",
  );
}
