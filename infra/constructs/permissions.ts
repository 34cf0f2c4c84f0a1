import { Stack, Token, Validations } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { Effect, type IRole, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { AppConfig } from "../../shared/config/app-config";
import { configurationSetNameFor, sendingIdentityOf } from "../../shared/config/sending-identity";

const WRITES = new Set(["PutItem", "UpdateItem", "BatchWriteItem", "DeleteItem"]);

/**
 * Only the actions a job uses, on the table and the indexes it queries: never Scan, never `*`.
 * With `writeKeys` (partition key patterns such as `EMAIL#*`), its writes are held to items
 * under those keys by `dynamodb:LeadingKeys`, so a job cannot overwrite what it does not own.
 */
export function allowTable(
  fn: IFunction,
  table: ITableV2,
  actions: string[],
  indexes: string[],
  writeKeys?: string[],
): void {
  const writes = actions.filter((a) => WRITES.has(a));
  const reads = writeKeys ? actions.filter((a) => !WRITES.has(a)) : actions;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: reads.map((a) => `dynamodb:${a}`),
      resources: [table.tableArn],
    }),
  );
  if (writeKeys && writes.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: writes.map((a) => `dynamodb:${a}`),
        resources: [table.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": writeKeys } },
      }),
    );
  }
  if (indexes.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: indexes.map((i) => `${table.tableArn}/index/${i}`),
      }),
    );
  }
}

/** The SES identity a stage sends from: the configured one, or the From address's domain. */
export function sesIdentity(config: AppConfig): string {
  return sendingIdentityOf(config.email).name;
}

/**
 * Send only from the configured identity, only as the configured From address, and only in
 * the stage's configuration set: SES v2 SendEmail authorises a send against the identity and
 * the configuration set it names, so a send naming any other set is refused. (One naming none
 * still takes the identity's default set when the stack created the identity.) The jobs send
 * with SES v2 SendEmail (simple content, attachments included), which `ses:SendEmail`
 * authorises; nothing sends raw MIME, so `ses:SendRawEmail` is not granted.
 */
export function allowSendEmail(fn: IFunction, config: AppConfig): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ["ses:SendEmail"],
      resources: [
        stack.formatArn({
          service: "ses",
          resource: "identity",
          resourceName: sesIdentity(config),
        }),
        stack.formatArn({
          service: "ses",
          resource: "configuration-set",
          resourceName: configurationSetNameFor(config.stage),
        }),
      ],
      conditions: { StringEquals: { "ses:FromAddress": config.email.from } },
    }),
  );
}

/**
 * Read the account's send quota (SES v2 GetAccount: its rate and 24-hour quota), which the
 * reminder run paces itself by; the other jobs send a handful of emails and do not ask.
 */
export function allowReadSendQuota(fn: IFunction): void {
  // GetAccount reads account-level settings: it has no resource type, so IAM takes only `*`.
  fn.addToRolePolicy(new PolicyStatement({ actions: ["ses:GetAccount"], resources: ["*"] }));
  Validations.of(fn.role ?? fn).acknowledge({
    id: "AwsSolutions-IAM5[Resource::*]",
    reason:
      "ses:GetAccount (read-only: the account's send rate and 24-hour quota) has no resource type and takes only *.",
  });
}

/**
 * Create and delete one-off schedules in the job's own one-off group (never the group of the
 * recurring schedules), handing them only its invoke role.
 */
export function allowOneOffSchedules(fn: IFunction, groupName: string, schedulerRole: IRole): void {
  const stack = Stack.of(fn);
  // On the role, where the finding is: the function's execution role is a construct of its own.
  Validations.of(fn.role ?? fn).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${stack.region}:${accountAsNagShowsIt(stack)}:schedule/${groupName}/*]`,
    reason: `One-off schedules are named at run time; the wildcard covers only the job's own one-off group '${groupName}', which holds no recurring schedule.`,
  });
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ["scheduler:CreateSchedule", "scheduler:DeleteSchedule"],
      resources: [
        stack.formatArn({
          service: "scheduler",
          resource: "schedule",
          resourceName: `${groupName}/*`,
        }),
      ],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ["iam:PassRole"],
      resources: [schedulerRole.roleArn],
      conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
    }),
  );
}

/** cdk-nag names a pinned account by its digits, an unpinned one by its pseudo-parameter. */
function accountAsNagShowsIt(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? "<AWS::AccountId>" : stack.account;
}

/** Read the import files: list the `imports/` prefix, get objects under it, nothing else. */
export function allowReadImports(fn: IFunction, bucket: IBucket): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ["s3:ListBucket"],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { "s3:prefix": ["imports/*"] } },
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ["s3:GetObject"],
      resources: [bucket.arnForObjects("imports/*")],
    }),
  );
  Validations.of(fn.role ?? fn).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(bucket.node.defaultChild as never)}.Arn>/imports/*]`,
    reason:
      "Admins name each import folder; reading is limited to the imports/ prefix of the import bucket.",
  });
}
