import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import { S3Schema } from "@aws-lambda-powertools/parser/schemas/s3";
import type { S3Client } from "@aws-sdk/client-s3";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import type { z } from "zod";
import { readImportFolder } from "../../shared/adapters/s3/s3-import-folder";
import type { EmailSender } from "../../shared/ports/email-sender";
import { observabilityFor } from "../../shared/runtime/observability";
import type { ImportDeps } from "../../shared/use-cases/import-files";
import {
  type FolderImportOutcome,
  importFromFolder,
} from "../../shared/use-cases/import-from-folder";
import { awsImportDependencies } from "./dependencies";

export const READY_FILE = "READY";

export interface ImportDependencies extends ImportDeps {
  s3: S3Client;
  mailer: EmailSender;
  notify: readonly string[];
}

/**
 * Admins upload the CSV export to `imports/<name>/` and then an empty `READY` file; its arrival
 * imports that folder, all or nothing, and emails the result.
 */
export function createImportHandler(build: () => ImportDependencies | Promise<ImportDependencies>) {
  const { logger, metrics } = observabilityFor("import-from-s3");
  let deps: Promise<ImportDependencies> | undefined;
  return middy<z.infer<typeof S3Schema>, FolderImportOutcome[], Error, Context>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(parser({ schema: S3Schema }))
    .handler(async (event) => {
      deps ??= Promise.resolve(build());
      const d = await deps;
      const outcomes: FolderImportOutcome[] = [];
      for (const record of event.Records) {
        const key = record.s3.object.key;
        if (!key.endsWith(`/${READY_FILE}`)) continue;
        const folder = key.slice(0, -READY_FILE.length - 1);
        const contents = await readImportFolder(d.s3, record.s3.bucket.name, folder);
        const outcome = await importFromFolder(folder, contents, d);
        metrics.addMetric(outcome.ok ? "ImportsApplied" : "ImportsRejected", MetricUnit.Count, 1);
        logger.info("import finished", { outcome });
        outcomes.push(outcome);
      }
      return outcomes;
    });
}

export const handler = createImportHandler(awsImportDependencies);
