import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** The names of the middleware on a client's stack: X-Ray adds `XRaySDKInstrumentation`. */
const middlewareOf = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().join(" ");

describe("tracing (Powertools Tracer)", () => {
  it("on Lambda, every AWS SDK client the jobs build records its calls in X-Ray", async () => {
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs24.x");
    vi.stubEnv("POWERTOOLS_TRACE_ENABLED", "true");
    vi.resetModules();
    const { awsWiring } = await import("../../functions/commons/aws-wiring");
    const wiring = awsWiring(
      {
        STAGE: "local",
        SCHEDULE_GROUP: "g",
        FUNCTION_ARN: "arn:aws:lambda:eu-west-2:123456789012:function:f",
        SCHEDULER_ROLE_ARN: "arn:aws:iam::123456789012:role/r",
      },
      "test",
    );
    expect(middlewareOf(wiring.documents)).toContain("XRaySDKInstrumentation");
    expect(middlewareOf(wiring.scheduling().client)).toContain("XRaySDKInstrumentation");
    const ses = (wiring.base.mailer as unknown as { options: { client: never } }).options.client;
    expect(middlewareOf(ses)).toContain("XRaySDKInstrumentation");
  });

  it("off Lambda (the CLI, tests), clients are left as they are", async () => {
    vi.stubEnv("AWS_EXECUTION_ENV", "");
    vi.resetModules();
    const { awsWiring } = await import("../../functions/commons/aws-wiring");
    const wiring = awsWiring({ STAGE: "local" }, "test");
    expect(middlewareOf(wiring.documents)).not.toContain("XRaySDKInstrumentation");
  });
});
