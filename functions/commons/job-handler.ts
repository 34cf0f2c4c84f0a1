import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import type * as z from "zod/mini";
import type { JobName } from "../../shared/config/job-names";
import { observabilityFor } from "./observability";

export interface JobHandlerSpec<Schema extends z.ZodMiniType, Deps, Result> {
  /** The job's name: its service name in logs and metrics. */
  service: JobName;
  /** The event, parsed at the edge; anything else is rejected before the job runs. */
  schema: Schema;
  /** Builds the job's dependencies, once per container. */
  build: () => Deps | Promise<Deps>;
  run: (
    event: z.infer<Schema>,
    deps: Deps,
    tools: { context: Context; logger: Logger; metrics: Metrics },
  ) => Promise<Result>;
}

/**
 * Every job's Lambda handler: Powertools logger (with the Lambda context) and metrics (with the
 * stage as a dimension, and a `ColdStart` metric), the event parsed with zod, dependencies built
 * lazily once, then the job itself. X-Ray traces each invocation through Lambda's active tracing;
 * a tracer library inside the bundle would cost as much start-up CPU as all the AWS clients.
 */
export function jobHandler<Schema extends z.ZodMiniType, Deps, Result>(
  spec: JobHandlerSpec<Schema, Deps, Result>,
) {
  const { logger, metrics } = observabilityFor(spec.service);
  let deps: Promise<Deps> | undefined;
  return middy<z.infer<Schema>, Result, Error, Context>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(parser({ schema: spec.schema }))
    .handler(async (event, context) => {
      deps ??= Promise.resolve(spec.build());
      return spec.run(event, await deps, { context, logger, metrics });
    });
}
