import { createHash } from "node:crypto";

/**
 * An address as the ledger keeps it when it bounces: SHA-256 of its lower-cased form, so the
 * daily run can tell whether the roster still holds the address that bounced without the
 * ledger keeping the address itself.
 */
export function addressHash(address: string): string {
  return createHash("sha256").update(address.trim().toLowerCase()).digest("hex").slice(0, 32);
}

/**
 * How the ledger names a recipient known only by an address (a senior manager or admin from the
 * config, not on the roster): by a hash of it, so no address is kept in the ledger or the trail.
 */
export function addressRecipientId(address: string): string {
  return `addr:${addressHash(address).slice(0, 16)}`;
}
