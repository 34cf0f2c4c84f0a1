import type { IsoMonth } from "../../shared/domain/dates";
import type { Digest } from "../../shared/domain/digest/digest-model";
import type { DigestStore } from "../../shared/ports/digest-store";

/** `DigestStore` in memory: one snapshot per month, a copy in and a copy out, as if stored. */
export class InMemoryDigestStore implements DigestStore {
  private readonly snapshots = new Map<IsoMonth, { digest: Digest; computedAt: string }>();
  /** Every save, in order: what a rerun replaced. */
  readonly saves: { month: IsoMonth; computedAt: string }[] = [];

  async load(month: IsoMonth): Promise<Digest | undefined> {
    const found = this.snapshots.get(month);
    return found && structuredClone(found.digest);
  }

  async isRecorded(month: IsoMonth): Promise<boolean> {
    return this.snapshots.has(month);
  }

  async save(digest: Digest, computedAt: string): Promise<void> {
    this.snapshots.set(digest.month, { digest: structuredClone(digest), computedAt });
    this.saves.push({ month: digest.month, computedAt });
  }
}
