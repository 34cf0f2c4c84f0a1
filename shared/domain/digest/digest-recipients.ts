import { lastDayOfMonth } from "../dates";
import { isEmployedOn } from "../person-on-date";
import type { DigestConfig } from "../settings/digest";
import type { CompiledDigest } from "./digest-model";

export interface DigestRecipient {
  id: string;
  name: string;
  email: string;
  ownService?: string;
  auditFile?: { staffId: string; team: string };
  qaSample?: { staffId: string; team: string }[];
}

/** Who gets the digest: roster roles from config, senior managers and QA by address. */
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
        ...(p.role === "head_of_service" ? { ownService: p.service } : {}),
        ...(draw?.staffId
          ? { auditFile: { staffId: draw.staffId, team: teamOf.get(draw.staffId) ?? "" } }
          : {}),
      };
    });
  const byAddress = (email: string, extra: Partial<DigestRecipient> = {}): DigestRecipient => ({
    id: `addr:${email.toLowerCase()}`,
    name: "colleague",
    email,
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
