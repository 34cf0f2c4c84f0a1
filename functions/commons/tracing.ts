import { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * One tracer per function, as Powertools advises: the handler's segment and a subsegment for
 * every AWS SDK call, so X-Ray shows where a run spent its time (SES pacing, DynamoDB pages).
 * Its service name comes from `POWERTOOLS_SERVICE_NAME`; outside Lambda it is off by itself.
 */
export const tracer = new Tracer();

/** An AWS SDK v3 client whose calls appear in X-Ray (unchanged when tracing is off). */
export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}
