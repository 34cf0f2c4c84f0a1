import type { OpenStore } from "../../adapters/dynamodb/open-store";
import type { AppConfig } from "../../config/app-config";
import type { SupervisionStore } from "../../ports/supervision-store";
import type { MailTarget } from "../local-mail";

/** What every command needs: the store, the config and somewhere to write. */
export interface CommandContext {
  store: SupervisionStore;
  config: AppConfig;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Today in Europe/London, decided once at the edge. */
  today: string;
  /** The clock matching `today`. */
  nowMs: () => number;
  /** The open store, for adapters beyond the supervision store (the ledger). */
  opened: OpenStore;
  /** Where emails go, for the commands that send (decided before the store is opened). */
  mail?: MailTarget;
  /** Where local data and the outbox live. */
  dataDir: string;
}

/** The mail target of a command that sends; main decides it before opening the store. */
export function mailOf(ctx: CommandContext): MailTarget {
  if (!ctx.mail) throw new Error("a sending command ran without a mail target");
  return ctx.mail;
}
