import { awsDeliveryDependencies } from "./dependencies";
import { createDeliveryEventsHandler } from "./job";

/** The Lambda entry point: the job, wired to AWS from the environment the stack sets. */
export const handler = createDeliveryEventsHandler(awsDeliveryDependencies);
