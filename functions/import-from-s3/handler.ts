import { awsImportDependencies } from "./dependencies";
import { createImportHandler } from "./job";

/** The Lambda entry point: the job, wired to AWS from the environment the stack sets. */
export const handler = createImportHandler(awsImportDependencies);
