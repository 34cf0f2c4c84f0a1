import type { IsoMonth } from "../domain/dates";
import type { Digest } from "../domain/digest/digest-model";

/** Keeps one reproducible digest per month; saving again replaces it. */
export interface DigestStore {
  load(month: IsoMonth): Promise<Digest | undefined>;
  /** Whether the month's snapshot was recorded, without reading it (it can be megabytes). */
  isRecorded(month: IsoMonth): Promise<boolean>;
  save(digest: Digest, computedAt: string): Promise<void>;
}
