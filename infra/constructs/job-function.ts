import { join } from "node:path";
import { ArnFormat, Duration, Stack, Validations } from "aws-cdk-lib";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { AppConfig } from "../../shared/config/app-config";
import { deployedName, type JobName, METRICS_NAMESPACE } from "../../shared/config/job-names";
import { handlerEntry, LAMBDA_BUNDLING } from "./lambda-bundling";

const ROOT = join(import.meta.dirname, "..", "..");

export interface JobFunctionProps {
  /** The folder under `functions/`, also the service name in logs and metrics. */
  readonly job: JobName;
  readonly config: AppConfig;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default no reservation */
  readonly reservedConcurrentExecutions?: number;
  readonly environment?: Record<string, string>;
}

/**
 * One job's Lambda: bundled by local esbuild (no Docker), current Node.js on ARM64, JSON logs
 * kept for the configured days, X-Ray tracing, and an async `onFailure` queue of its own (the
 * schedule's DLQ only sees delivery failures).
 */
export class JobFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly failures: Queue;
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: JobFunctionProps) {
    super(scope, id);
    const stage = props.config.stage;
    this.functionName = `supervision-reminders-${stage}-${deployedName(props.job)}`;
    this.failures = new Queue(this, "Failures", {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.failures).acknowledge(
      {
        id: "AwsSolutions-SQS3",
        reason:
          "This queue is itself the dead-letter destination for the function's failed async invocations.",
      },
      {
        id: "Serverless-SQSRedrivePolicy",
        reason:
          "A dead-letter destination has no further dead-letter queue; its messages are redriven by hand (README runbook).",
      },
    );
    const logGroup = new LogGroup(this, "Logs", {
      logGroupName: `/aws/lambda/${this.functionName}`,
      retention: props.config.operations.logRetentionDays as RetentionDays,
    });
    // Its own role rather than AWSLambdaBasicExecutionRole, whose log actions cover every log
    // group in the account: this one may write only to the function's own log group.
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Runs ${this.functionName}`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, "Function", {
      functionName: this.functionName,
      role,
      entry: join(ROOT, handlerEntry(props.job)),
      handler: "handler",
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      timeout: props.timeout ?? Duration.minutes(5),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      onFailure: new SqsDestination(this.failures),
      retryAttempts: 2,
      depsLockFilePath: join(ROOT, "package-lock.json"),
      projectRoot: ROOT,
      environment: {
        STAGE: stage,
        POWERTOOLS_SERVICE_NAME: deployedName(props.job),
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: "--enable-source-maps",
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLING.target,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: true,
        forceDockerBundling: false,
        banner: LAMBDA_BUNDLING.banner,
        // Bundle our SDK version rather than rely on the runtime's copy.
        externalModules: [],
      },
    });
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "Only X-Ray's PutTraceSegments and PutTelemetryRecords, added by active tracing: they take no resource but *.",
    });
    Validations.of(this.fn).acknowledge({
      id: "Serverless-LambdaDLQ",
      reason:
        "Failed async invocations go to the onFailure destination queue, which supersedes a Lambda DLQ.",
    });
  }

  /** This function's ARN, built from its name so its own environment can hold it without a cycle. */
  arnOf(): string {
    return Stack.of(this).formatArn({
      service: "lambda",
      resource: "function",
      resourceName: this.functionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
