import { awsReminderDependencies } from "./dependencies";
import { createReminderHandler } from "./job";

/** The Lambda entry point: the job, wired to AWS from the environment the stack sets. */
export const handler = createReminderHandler(awsReminderDependencies);
