import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { S3Client } from "@aws-sdk/client-s3";
import { decodeS3Key, readImportFolder } from "../../shared/adapters/s3/s3-import-folder";
import { JOB, METRIC } from "../../shared/config/job-names";
import type { EmailSender } from "../../shared/ports/email-sender";
import type { ImportDeps } from "../../shared/use-cases/import-files";
import {
  type FolderImportOutcome,
  importFromFolder,
} from "../../shared/use-cases/import-from-folder";
import { jobHandler } from "../commons/job-handler";
import { s3ImportEventSchema } from "./event";

export const READY_FILE = "READY";

export interface ImportDependencies extends ImportDeps {
  s3: S3Client;
  mailer: EmailSender;
  notify: readonly string[];
  /** Files over this size are refused unread (config: operations.importMaxFileMegabytes). */
  maxFileBytes: number;
}

/**
 * Admins upload the CSV export to `imports/<name>/` and then an empty `READY` file; its arrival
 * imports that folder, all or nothing, and emails the result.
 */
export function createImportHandler(build: () => ImportDependencies | Promise<ImportDependencies>) {
  return jobHandler({
    service: JOB.importFromS3,
    schema: s3ImportEventSchema,
    build,
    run: async (event, deps, { logger, metrics }) => {
      const outcomes: FolderImportOutcome[] = [];
      for (const record of event.Records) {
        const key = decodeS3Key(record.s3.object.key);
        if (!key.endsWith(`/${READY_FILE}`)) continue;
        const folder = key.slice(0, -READY_FILE.length - 1);
        const found = await readImportFolder(
          deps.s3,
          record.s3.bucket.name,
          folder,
          deps.maxFileBytes,
        );
        const outcome = await importFromFolder(found, deps).catch((error: unknown) => {
          // Thrown, so Lambda retries it (a lock held elsewhere, DynamoDB unavailable).
          metrics.addMetric(METRIC.ImportFailed, MetricUnit.Count, 1);
          throw error;
        });
        metrics.addMetric(
          outcome.ok ? METRIC.ImportSucceeded : METRIC.ImportRejected,
          MetricUnit.Count,
          1,
        );
        metrics.addMetric(METRIC.ImportNotifyFailed, MetricUnit.Count, outcome.notifyFailed);
        if (outcome.notifyFailed > 0) {
          logger.error("the import's result email could not be sent", { outcome });
        }
        logger.info("import finished", { outcome });
        outcomes.push(outcome);
      }
      return outcomes;
    },
  });
}
