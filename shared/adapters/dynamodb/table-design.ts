/**
 * The single-table design, shared by the CDK stack and the local table so both agree.
 * The README's "Data model" section explains every key and access pattern.
 */
export const TABLE_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

/** Staff status items by end date: the active roster on a date is one range query. */
export const ROSTER_INDEX = { name: "roster", partitionKey: "gsi1pk", sortKey: "gsi1sk" } as const;

/** Formal sessions and absence slices by month: a month's KPI records are one query. */
export const MONTH_INDEX = { name: "by-month", partitionKey: "gsi2pk", sortKey: "gsi2sk" } as const;

/** Epoch seconds after which DynamoDB may delete an item (retention; DynamoDB deletes up to two days late, so reads filter). */
export const TTL_ATTRIBUTE = "expiresAt";

/** Epoch seconds `keepDays` after `nowMs`: when DynamoDB may delete an item written now. */
export function expiresAfter(nowMs: number, keepDays: number): number {
  return Math.floor(nowMs / 1000) + keepDays * 86_400;
}

export const ROSTER_PARTITION = "ROSTER";
/** Sorts after every real end date, so people with none are always in the active range. */
export const OPEN_END_DATE = "9999-12-31";

export const staffPk = (staffId: string) => `STAFF#${staffId}`;
export const STATUS_SK = "STATUS";
export const monthPk = (month: string) => `MONTH#${month}`;
/** A formal session on the month index, under its month. */
export const sessionMonthSk = (staffId: string, identity: string) => `SUP#${staffId}#${identity}`;
/** One month's slice of an absence on the month index. */
export const absenceMonthSk = (staffId: string, startDate: string, endDate: string) =>
  `ABS#${staffId}#${startDate}#${endDate}`;
/** One month's slice of an absence under its person. */
export const absenceSliceSk = (identity: string, month: string) => `${identity}#${month}`;

/** Ledger: one claim per email (recipient, run date, kind). */
export const emailPk = (recipientId: string) => `EMAIL#${recipientId}`;
export const emailClaimKey = (claim: {
  recipientId: string;
  runDate: string;
  emailKind: string;
}) => ({
  pk: emailPk(claim.recipientId),
  sk: `${claim.runDate}#${claim.emailKind}`,
});
/** Ledger: that a recipient's weekly email of a kind went in a reminder week. */
export const weeklySentKey = (recipientId: string, week: string, emailKind: string) => ({
  pk: emailPk(recipientId),
  sk: `WEEK#${week}#${emailKind}`,
});
/** Ledger: what a person's notifications were, under the person they were about. */
export const notePk = (staffId: string) => `NOTE#${staffId}`;
/** One notification told: what, which stage and repeat, in which email, to whom. */
export const noteKey = (n: {
  staffId: string;
  kind: string;
  dueDate: string;
  stage: string;
  period: string;
  emailKind: string;
  recipientId: string;
}) => ({
  pk: notePk(n.staffId),
  sk: [n.kind, n.dueDate, n.stage, n.period, n.emailKind, n.recipientId].join("#"),
});
/**
 * Ledger: the day a recipient was first told of an obligation at a stage (`tellingKey`), under
 * the person it was about.
 */
export const firstToldKey = (n: {
  staffId: string;
  kind: string;
  dueDate: string;
  stage: string;
  emailKind: string;
  recipientId: string;
}) => ({
  pk: notePk(n.staffId),
  sk: ["FIRST", n.kind, n.dueDate, n.stage, n.emailKind, n.recipientId].join("#"),
});
/**
 * Trail: a sent email and all it listed, under its recipient (a long list in several parts).
 * Keyed by its SES message id too: recording the same send again writes the same items, and a
 * resend after a crash (a second email) is kept beside the first, never over it.
 */
export const TOLD_PREFIX = "TOLD#";
export const toldEmailKey = (email: {
  recipientId: string;
  runDate: string;
  emailKind: string;
  month?: string;
  messageId: string;
  part: number;
}) => ({
  pk: emailPk(email.recipientId),
  sk: [
    `${TOLD_PREFIX}${email.runDate}`,
    email.emailKind,
    ...(email.month === undefined ? [] : [email.month]),
    email.messageId,
    String(email.part).padStart(4, "0"),
  ].join("#"),
});
/** Trail: what one sent email listed about one person, under that person. */
export const toldAboutPk = (staffId: string) => `${TOLD_PREFIX}${staffId}`;
export const toldAboutKey = (about: {
  staffId: string;
  runDate: string;
  emailKind: string;
  recipientId: string;
  messageId: string;
}) => ({
  pk: toldAboutPk(about.staffId),
  sk: `${about.runDate}#${about.emailKind}#${about.recipientId}#${about.messageId}`,
});
/** Trail: sent emails by the month of their run date on the month index, for `sent` over a range. */
export const sentMonthPk = (month: string) => `SENT#${month}`;
/** Sorts a month's sent emails by run date, then time. */
export const sentMonthSk = (email: {
  runDate: string;
  sentAt: string;
  recipientId: string;
  emailKind: string;
  month?: string;
  part: number;
}) =>
  [
    email.runDate,
    email.sentAt,
    email.recipientId,
    email.emailKind,
    email.month ?? "",
    email.part,
  ].join("#");
/** Sorts after every sort key that starts with `prefix`: the top of a `BETWEEN` range. */
export const upTo = (prefix: string) => `${prefix}\uffff`;
/** Delivery: what SES said happened to one sent message, under its message id. */
export const messagePk = (messageId: string) => `MSG#${messageId}`;
/** The email a message id belongs to (written with the send), for the delivery events. */
export const messageSentKey = (messageId: string) => ({ pk: messagePk(messageId), sk: "SENT" });
/** The delivery events of one message, merged: the first time of each kind. */
export const messageDeliveryKey = (messageId: string) => ({
  pk: messagePk(messageId),
  sk: "DELIVERY",
});
/** Delivery items by the month their message was sent, for the digest's delivery rates. */
export const deliveryMonthPk = (month: string) => `DELIVERY#${month}`;
/** A recipient whose address hard-bounced: the daily run tells their manager instead. */
export const bouncedAddressKey = (recipientId: string) => ({
  pk: emailPk(recipientId),
  sk: "BOUNCED",
});
export const runPk = (runDate: string) => `RUN#${runDate}`;
/** A run's obligations nobody could be told about (no active supervisor). */
export const undeliverableKey = (runDate: string, staffId: string, kind: string) => ({
  pk: runPk(runDate),
  sk: `UNDELIVERABLE#${staffId}#${kind}`,
});
/** A run's people whose stored status could not be evaluated. */
export const notEvaluatedKey = (runDate: string, staffId: string) => ({
  pk: runPk(runDate),
  sk: `NOT_EVALUATED#${staffId}`,
});
/**
 * The monthly digest's snapshot, one partition per month: its gzip-compressed JSON in chunks
 * under the id of the save that wrote them, and the manifest (`SUMMARY`, written last) naming
 * the id whose chunks are the snapshot. An older `SUMMARY` may hold the whole digest itself.
 */
export const digestPk = (month: string) => `DIGEST#${month}`;
export const digestKey = (month: string) => ({ pk: digestPk(month), sk: "SUMMARY" });
export const DIGEST_CHUNK_PREFIX = "CHUNK#";
/** Every chunk one save wrote sorts under this prefix. */
export const digestChunkPrefix = (version: string) => `${DIGEST_CHUNK_PREFIX}${version}#`;
export const digestChunkKey = (month: string, version: string, index: number) => ({
  pk: digestPk(month),
  sk: `${digestChunkPrefix(version)}${String(index).padStart(4, "0")}`,
});

/** Imports: the lock, the journal of writes under way, and the audit trail. */
export const IMPORT_PK = "IMPORT";
export const IMPORT_LOCK_KEY = { pk: IMPORT_PK, sk: "LOCK" } as const;
export const IMPORT_LOG_PREFIX = "LOG#";
export const importLogSk = (startedAt: string, importId: string) =>
  `${IMPORT_LOG_PREFIX}${startedAt}#${importId}`;
