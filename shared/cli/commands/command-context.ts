import type { OpenStore } from "../../adapters/dynamodb/open-store";
import type { AppConfig } from "../../config/app-config";
import type { SupervisionStore } from "../../ports/supervision-store";

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
  /** Where local data and the outbox live. */
  dataDir: string;
}
