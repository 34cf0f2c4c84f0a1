/** What an import did to one file's rows. */
export interface FileCounts {
  added: number;
  changed: number;
  unchanged: number;
}

/** Who is importing: one run of the import, from one place. */
export interface ImportHolder {
  importId: string;
  /** Where the files came from: the CLI's folder or the bucket's key. */
  source: string;
}

/** The process holding the lock, so a rerun on the same machine can tell that it died. */
export interface LockOwner {
  /** A hash of the host name: which machine, without naming it. */
  host: string;
  pid: number;
}

export interface HeldBy extends ImportHolder, LockOwner {
  startedAtMs: number;
  leaseEndsAtMs: number;
}

export type LockAttempt = { acquired: true } | { acquired: false; heldBy: HeldBy };

/** A file as it was imported: enough to prove later which export was loaded. */
export interface ImportedFile {
  file: string;
  sha256: string;
  bytes: number;
}

/** `refused`: not started (another import held the lock, a file too large, no files). */
export type ImportOutcome = "running" | "applied" | "rejected" | "refused" | "failed";

/** One import in the audit trail. Counts and hashes only: never a name or an address. */
export interface ImportLogEntry extends ImportHolder {
  startedAt: string;
  finishedAt?: string;
  files: ImportedFile[];
  /** The import profile the files were read through (import-profile.json or --profile), if any. */
  profile?: ImportedFile;
  outcome: ImportOutcome;
  counts?: Record<string, FileCounts>;
  recordsWritten?: number;
  staffWritten?: number;
  pastRetention?: number;
  /** Staff whose status was rebuilt because an earlier import stopped half-way. */
  recovered?: number;
  errors?: number;
  errorsByRule?: Record<string, number>;
  /** For a failed import, the error's name (its message may quote data); for a refused one, why. */
  failure?: string;
}

/**
 * What keeps imports safe in a shared table: a lease lock so two imports never interleave,
 * a journal of the staff whose writes are under way (so a crash half-way is repaired by the
 * next import), and the audit trail of every import.
 */
/** Who takes the lock, and how to tell that a holder has died (so its lock can be taken). */
export interface LockIdentity {
  me: LockOwner;
  isGone: (holder: LockOwner) => boolean;
}

export interface ImportLedger {
  /** The process taking locks through this ledger (a lock names its holder). */
  readonly lockIdentity: LockIdentity;
  /**
   * Takes the lock if it is free, lapsed, or held by `replacing` (an import whose process is
   * known to be dead).
   */
  acquireLock(
    holder: ImportHolder & LockOwner,
    nowMs: number,
    leaseMs: number,
    replacing?: string,
  ): Promise<LockAttempt>;
  /** False when the lock is no longer ours (it lapsed and another import took it). */
  renewLock(importId: string, nowMs: number, leaseMs: number): Promise<boolean>;
  releaseLock(importId: string): Promise<void>;
  /** Staff an import had started writing and not finished, if one stopped half-way. */
  pendingStaff(): Promise<string[]>;
  /**
   * Before writing these people's records and status: they are pending until `endSteps`.
   * Both are written only while `importId` holds the lock: false when it no longer does.
   */
  beginStep(importId: string, staffIds: readonly string[]): Promise<boolean>;
  endSteps(importId: string): Promise<boolean>;
  recordImport(entry: ImportLogEntry, nowMs: number): Promise<void>;
  /** Newest first. */
  listImports(limit: number): Promise<ImportLogEntry[]>;
}
