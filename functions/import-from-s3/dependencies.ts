import { S3Client } from "@aws-sdk/client-s3";
import { DEFAULT_LOCK_TIMING } from "../../shared/use-cases/import-lock";
import { awsWiring } from "../commons/aws-wiring";
import type { ImportDependencies } from "./job";

/** Wiring on AWS, from the environment the stack sets. */
export function awsImportDependencies(env: NodeJS.ProcessEnv = process.env): ImportDependencies {
  const { config, store, imports, mailer } = awsWiring(env, "import").base;
  return {
    config,
    store,
    imports,
    mailer,
    notify: config.operations.importNotifyEmails,
    maxFileBytes: config.operations.importMaxFileMegabytes * 1_000_000,
    // An admin's CLI import may be running: wait for it, well inside the 15-minute timeout.
    lockTiming: { ...DEFAULT_LOCK_TIMING, waitMs: 10 * 60_000 },
    s3: new S3Client({ region: env.AWS_REGION ?? config.region }),
  };
}
