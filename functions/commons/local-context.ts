import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

/**
 * A Lambda context for running a job's handler outside Lambda (the CLI, tests): a fresh
 * request id, and the time left before `timeoutMs` runs out from now.
 */
export function localLambdaContext(
  functionName: string,
  { timeoutMs = 15 * 60_000, nowMs = Date.now }: { timeoutMs?: number; nowMs?: () => number } = {},
): Context {
  const deadline = nowMs() + timeoutMs;
  return {
    awsRequestId: randomUUID(),
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => deadline - nowMs(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
