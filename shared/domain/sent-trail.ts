import type { IsoDate } from "./dates";
import { type EmailKind, type Notification, tellingKey } from "./reminder-plan";

/** One item an email listed, as the trail keeps it. */
export interface ToldItem {
  /** Whom it was about. */
  staffId: string;
  kind: Notification["kind"];
  stage: Notification["stage"];
  dueDate: IsoDate;
  /** For escalations: 1 = the supervisor's manager, 2 = the one above, … (0 in reminders). */
  level: number;
  /**
   * The first day this recipient was told of this obligation at this stage. The email's own
   * day when it was new in this email; an earlier day when it was repeated.
   */
  firstTold: IsoDate;
  /** Already overdue at go-live: listed in the reminder's backlog section. */
  backlog?: true;
}

/** One email as the append-only trail keeps it: to whom, which day, and all it listed. */
export interface SentEmail {
  recipientId: string;
  emailKind: EmailKind;
  /** The business date of the run that sent it. */
  runDate: IsoDate;
  sentAt: string;
  messageId: string;
  /** A digest's scope (see `EmailClaim.scope`). */
  scope?: string;
  /** A digest's month (`YYYY-MM`): one day may send two months' digests. */
  month?: string;
  /** What it listed (only those about `staffId` when the trail was asked about one person). */
  items: ToldItem[];
}

/** What an email listed, each item with the day its recipient was first told of it (`tellingKey`). */
export function toldItems(
  notifications: readonly Notification[],
  runDate: IsoDate,
  firstTold: ReadonlyMap<string, IsoDate>,
): ToldItem[] {
  return notifications.map((n) => ({
    staffId: n.staffId,
    kind: n.kind,
    stage: n.stage,
    dueDate: n.dueDate,
    level: n.level,
    firstTold: firstTold.get(tellingKey(n)) ?? runDate,
    ...(n.backlog ? { backlog: true as const } : {}),
  }));
}

/** Newest run date first; within a day, the latest sent first. */
export function newestFirst(a: SentEmail, b: SentEmail): number {
  return (
    b.runDate.localeCompare(a.runDate) ||
    b.sentAt.localeCompare(a.sentAt) ||
    a.recipientId.localeCompare(b.recipientId) ||
    a.emailKind.localeCompare(b.emailKind)
  );
}
