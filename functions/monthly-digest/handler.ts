import { awsDigestDependencies } from "./dependencies";
import { createDigestHandler } from "./job";

/** The Lambda entry point: the job, wired to AWS from the environment the stack sets. */
export const handler = createDigestHandler(awsDigestDependencies);
