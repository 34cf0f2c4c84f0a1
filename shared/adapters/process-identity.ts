import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname, uptime } from "node:os";
import type { LockIdentity, LockOwner } from "../ports/import-ledger";

/**
 * This machine, as a hash of its host name, its machine id where the OS has one, and the
 * minute it booted: two laptops both called "MacBook-Pro.local" are still told apart, and a
 * pid is only compared with pids of the same boot. Names nothing.
 */
function machineFingerprint(): string {
  let machineId = "";
  try {
    machineId = readFileSync("/etc/machine-id", "utf8").trim();
  } catch {
    // not Linux, or not readable: the host name and boot time still serve
  }
  const bootedMinute = Math.round((Date.now() - uptime() * 1000) / 60_000);
  return createHash("sha256")
    .update(`${hostname()}|${machineId}|${bootedMinute}`)
    .digest("hex")
    .slice(0, 16);
}

/** This process, as an import lock records it. */
export function thisProcess(): LockOwner {
  return { host: machineFingerprint(), pid: process.pid };
}

/**
 * True only when the holder ran on this machine (same boot) and its process is gone: then its
 * lock can be taken at once. Anything uncertain says false, and the lease decides.
 */
export function holderIsGone(holder: LockOwner, me: LockOwner = thisProcess()): boolean {
  if (holder.host !== me.host || holder.pid === me.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** This process as the import lock's holder, telling dead holders on this machine. */
export function processLockIdentity(): LockIdentity {
  return { me: thisProcess(), isGone: (holder) => holderIsGone(holder) };
}
