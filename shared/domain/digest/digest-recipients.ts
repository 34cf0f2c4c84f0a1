import { lastDayOfMonth } from "../dates";
import { isEmployedOn } from "../person-on-date";
import type { DigestConfig } from "../settings/digest";
import type { CompiledDigest } from "./digest-model";
import { DEPARTMENT, type DigestScope, scopeForRole } from "./digest-scope";

export interface DigestRecipient {
  id: string;
  name: string;
  email: string;
  /** Whose names their copy may carry: the part of the organisation they manage. */
  scope: DigestScope;
  auditFile?: { staffId: string; team: string };
  qaSample?: { staffId: string; team: string }[];
}

/**
 * Who gets the digest: roster roles from config (each scoped to the part of the organisation
 * they manage), senior managers and QA by address (the whole department).
 */
export function digestRecipients(
  compiled: CompiledDigest,
  config: DigestConfig,
): DigestRecipient[] {
  const { digest } = compiled;
  const monthEnd = lastDayOfMonth(digest.month);
  const teamOf = new Map(compiled.roster.map((p) => [p.staffId, p.team]));
  const list: DigestRecipient[] = compiled.roster
    .filter((p) => isEmployedOn(p, monthEnd) && config.recipientRoles.includes(p.role))
    .map((p) => {
      const draw = digest.audit.serviceManagers.find((a) => a.managerId === p.staffId);
      return {
        id: p.staffId,
        name: p.name,
        email: p.email,
        scope: scopeForRole(p),
        ...(draw?.staffId
          ? { auditFile: { staffId: draw.staffId, team: teamOf.get(draw.staffId) ?? "" } }
          : {}),
      };
    });
  const byAddress = (email: string, extra: Partial<DigestRecipient> = {}): DigestRecipient => ({
    id: `addr:${email.toLowerCase()}`,
    name: "colleague",
    email,
    scope: DEPARTMENT,
    ...extra,
  });
  for (const email of config.seniorManagerEmails) list.push(byAddress(email));
  const qa = digest.audit.qualityAssurance;
  if (qa) {
    const sample = qa.staffIds.map((staffId) => ({ staffId, team: teamOf.get(staffId) ?? "" }));
    for (const email of config.qaRecipients) list.push(byAddress(email, { qaSample: sample }));
  }
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(r.id) && seen.add(r.id));
}
