import type { TablePorts } from "../../adapters/dynamodb/table-ports";
import type { AppConfig } from "../../config/app-config";
import type { MailTarget } from "../local-mail";

/** What every command gets from the CLI's one composition root: ports, config, clock, output. */
export interface CommandContext {
  /** The table's ports, built as the Lambdas build them. */
  ports: TablePorts;
  config: AppConfig;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Today in Europe/London, decided once at the edge. */
  today: string;
  /** The day the CLI acts as, as a clock (noon that day): obligations and leavers' retention. */
  nowMs: () => number;
  /**
   * The wall clock, whatever day the CLI acts as: when an email was sent and how long the
   * ledger keeps it, claims' leases, waits, the import lock and audit trail.
   */
  clockMs: () => number;
  /** Where emails go, for the commands that send (decided before the store is opened). */
  mail?: MailTarget;
  /** Where local data and the outbox live. */
  dataDir: string;
}

/** The mail target of a command that sends; the root decides it before opening the store. */
export function mailOf(ctx: CommandContext): MailTarget {
  if (!ctx.mail) throw new Error("a sending command ran without a mail target");
  return ctx.mail;
}
