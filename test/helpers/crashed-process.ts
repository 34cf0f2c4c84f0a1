import type { LockIdentity, LockOwner } from "../../shared/ports/import-ledger";

/**
 * In-process stand-ins for imports that get killed: each plays a process of its own, and any
 * of them is recognised as dead by the import that comes after (as a rerun on the machine
 * where `kill -9` happened recognises the dead pid). No real pid is involved, so a busy
 * machine reusing pids cannot confuse a test.
 */
const CRASHED_HOST = "crashed-import";
let nextPid = 1;

export function playingACrashedProcess(): LockIdentity {
  const me: LockOwner = { host: CRASHED_HOST, pid: nextPid++ };
  return { me, isGone: (holder) => holder.host === CRASHED_HOST && holder.pid !== me.pid };
}

/** The import that comes after the crashes: a live process of its own. */
export const afterTheCrash: LockIdentity = {
  me: { host: "rerun", pid: 0 },
  isGone: (holder) => holder.host === CRASHED_HOST,
};
