import * as z from "zod/mini";
import "../domain/zod-english";

/** A DNS domain name, lower case: labels of letters, digits and inner hyphens. */
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** One DNS label: the MAIL FROM subdomain goes in front of the identity's domain. */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The SES identity a stage sends from. Either the stack creates it for `domain` (Easy DKIM,
 * and a custom MAIL FROM `<mailFromSubdomain>.<domain>` when set) and outputs the DNS records
 * to add, or it uses one that `existing` names (a domain or an address verified in the account
 * some other way), which the stack references but never creates, changes or deletes.
 * Exactly one of `domain` and `existing`.
 */
export const sendingIdentitySchema = z
  .strictObject({
    /** Created by the stack: the domain of `email.from`, e.g. `example.gov.uk`. */
    domain: z.optional(z.string().check(z.regex(DOMAIN, "a lower-case domain name"))),
    /**
     * With `domain`: bounces and SPF use `<this>.<domain>` instead of amazonses.com, so the
     * emails pass DMARC's SPF alignment as well as DKIM's. One DNS label, e.g. `bounce`.
     */
    mailFromSubdomain: z.optional(
      z.string().check(z.regex(LABEL, "one lower-case DNS label such as 'bounce'")),
    ),
    /** Verified outside this stack (a domain or an email address): referenced, never created. */
    existing: z.optional(
      z
        .string()
        .check(
          z.refine(
            (v) => DOMAIN.test(v) || z.email().safeParse(v).success,
            "a domain or an email address",
          ),
        ),
    ),
  })
  .check(
    z.superRefine((identity, ctx) => {
      const hasDomain = identity.domain !== undefined;
      const hasExisting = identity.existing !== undefined;
      if (hasDomain === hasExisting)
        ctx.addIssue({
          code: "custom",
          path: [],
          message: hasDomain
            ? "give either domain (the stack creates the identity) or existing (one verified already), not both"
            : "give domain (the stack creates the identity) or existing (one verified already)",
        });
      if (identity.mailFromSubdomain !== undefined && !hasDomain)
        ctx.addIssue({
          code: "custom",
          path: ["mailFromSubdomain"],
          message:
            "only with domain: an existing identity's MAIL FROM is set where it was verified",
        });
    }),
  );

export type SendingIdentityConfig = z.infer<typeof sendingIdentitySchema>;

/** What a stage sends from, resolved: the identity's name, and whether the stack creates it. */
export type SendingIdentity =
  | { create: true; name: string; mailFromDomain?: string }
  | { create: false; name: string };

/** The domain of an email address, lower case. */
export function domainOf(address: string): string {
  return (address.split("@").pop() ?? "").toLowerCase();
}

/**
 * The identity `email` sends from: the configured one, or (none configured) an existing
 * identity for the From address's domain, as before identities were created in code.
 */
export function sendingIdentityOf(email: {
  from: string;
  identity?: SendingIdentityConfig | undefined;
}): SendingIdentity {
  const identity = email.identity;
  if (identity?.domain !== undefined)
    return {
      create: true,
      name: identity.domain,
      ...(identity.mailFromSubdomain === undefined
        ? {}
        : { mailFromDomain: `${identity.mailFromSubdomain}.${identity.domain}` }),
    };
  return { create: false, name: identity?.existing ?? domainOf(email.from) };
}

/**
 * Why SES would refuse to send as `from` with this identity, or undefined when it may: a
 * domain identity covers addresses at that domain, an address identity that address alone.
 */
export function fromMismatch(from: string, identity: SendingIdentity): string | undefined {
  const name = identity.name.toLowerCase();
  if (name.includes("@"))
    return from.toLowerCase() === name
      ? undefined
      : `the From address ${from} is not the identity ${identity.name}: SES sends only as a verified address`;
  return domainOf(from) === name
    ? undefined
    : `the From address ${from} is not at the identity's domain ${identity.name}: SES would refuse every email (make email.from an address @${identity.name}, or the identity ${domainOf(from)})`;
}

/**
 * The stage's SES configuration set: every send names it, so SES applies its suppression,
 * TLS and reputation settings and publishes the message's delivery events.
 */
export function configurationSetNameFor(stage: string): string {
  return `supervision-reminders-${stage}`;
}

/** SES's own review thresholds: an account at or above these is placed under review. */
export const SES_REVIEW_AT = { bounceRate: 0.05, complaintRate: 0.001 } as const;
