import { setTimeout as sleep } from "node:timers/promises";
import type { HeldBy, ImportHolder, ImportLedger, LockIdentity } from "../ports/import-ledger";

export interface LockTiming {
  /** How long a lock lasts unless renewed: a crashed import's lock lapses after this. */
  leaseMs: number;
  /** How long a second import waits for the first before giving up. */
  waitMs: number;
  pollMs: number;
}

export const DEFAULT_LOCK_TIMING: LockTiming = { leaseMs: 120_000, waitMs: 15_000, pollMs: 1_000 };

/** Another import holds the lock: say whose, since when, and when it lapses if it crashed. */
export class ImportLockedError extends Error {
  override readonly name = "ImportLockedError";
  constructor(readonly heldBy: HeldBy) {
    super(
      `another import is running (from ${heldBy.source}, started ${new Date(heldBy.startedAtMs).toISOString()}): ` +
        "nothing was changed; run this one again when it has finished. If that import died, " +
        `its lock lapses at ${new Date(heldBy.leaseEndsAtMs).toISOString()}.`,
    );
  }
}

/** The lock lapsed mid-import (the process stalled past its lease) and may be another's now. */
export class ImportLockLostError extends Error {
  override readonly name = "ImportLockLostError";
  constructor() {
    super("this import lost its lock (it stalled past the lease); run it again");
  }
}

export interface HeldLock {
  /** Throws `ImportLockLostError` when the lock is no longer ours: call before each write. */
  ensureHeld(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes the import lock, waiting up to `waitMs` for another import to finish, and keeps it
 * alive while held. A lock left by a killed import on this machine is taken over at once, so
 * "run it again" works straight after a crash. Leases use the wall clock, whatever day the
 * import acts as.
 */
export async function acquireImportLock(
  ledger: ImportLedger,
  holder: ImportHolder,
  timing: LockTiming,
  clockMs: () => number,
  { me, isGone }: LockIdentity,
): Promise<HeldLock> {
  const giveUpAt = clockMs() + timing.waitMs;
  let replacing: string | undefined;
  for (;;) {
    const attempt = await ledger.acquireLock(
      { ...holder, ...me },
      clockMs(),
      timing.leaseMs,
      replacing,
    );
    if (attempt.acquired) break;
    if (isGone(attempt.heldBy) && replacing !== attempt.heldBy.importId) {
      replacing = attempt.heldBy.importId;
      continue;
    }
    if (clockMs() + timing.pollMs > giveUpAt) throw new ImportLockedError(attempt.heldBy);
    await sleep(timing.pollMs);
  }
  let renewedAt = clockMs();
  let lost = false;
  const renew = async () => {
    const now = clockMs();
    if (!(await ledger.renewLock(holder.importId, now, timing.leaseMs))) lost = true;
    else renewedAt = now;
  };
  // Long reads before the first write must not let the lease lapse.
  const heartbeat = setInterval(() => void renew().catch(() => {}), timing.leaseMs / 3);
  heartbeat.unref();
  return {
    async ensureHeld() {
      if (!lost && clockMs() - renewedAt > timing.leaseMs / 3) await renew();
      if (lost) throw new ImportLockLostError();
    },
    async release() {
      clearInterval(heartbeat);
      await ledger.releaseLock(holder.importId);
    },
  };
}
