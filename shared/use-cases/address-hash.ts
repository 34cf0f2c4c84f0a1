import { createHash } from "node:crypto";

/**
 * An address as the ledger keeps it when it bounces: SHA-256 of its lower-cased form, so the
 * daily run can tell whether the roster still holds the address that bounced without the
 * ledger keeping the address itself.
 */
export function addressHash(address: string): string {
  return createHash("sha256").update(address.trim().toLowerCase()).digest("hex").slice(0, 32);
}
