import type { Role } from "../records";
import type { CompiledDigest, Digest } from "./digest-model";

/**
 * Whose names a copy of the digest may carry (policy 8.4: access to supervision records on a
 * need-to-know basis): the whole department's, one service's, or one team's. Figures (overall,
 * by category, service and team) are department-wide in every copy; names, in the body and in
 * the attachments alike, only of people inside the scope.
 */
export type DigestScope =
  | { kind: "department" }
  | { kind: "service"; service: string }
  | { kind: "team"; service: string; team: string };

export const DEPARTMENT: DigestScope = { kind: "department" };

/**
 * The part of the organisation a roster recipient manages: a head of service or service
 * manager their service; the principal social worker (who leads practice department-wide) the
 * department; anyone else their own team. Recipients by address (senior managers, QA) get the
 * department.
 */
export function scopeForRole(person: { role: Role; service: string; team: string }): DigestScope {
  switch (person.role) {
    case "head_of_service":
    case "service_manager":
      return { kind: "service", service: person.service };
    case "principal_social_worker":
      return DEPARTMENT;
    default:
      return { kind: "team", service: person.service, team: person.team };
  }
}

export function inScope(scope: DigestScope, place: { service: string; team: string }): boolean {
  if (scope.kind === "department") return true;
  if (place.service !== scope.service) return false;
  return scope.kind === "service" || place.team === scope.team;
}

/** The scope as the email ledger records it: `department`, `service:<name>`, `team:<service>/<team>`. */
export function scopeKey(scope: DigestScope): string {
  if (scope.kind === "department") return "department";
  if (scope.kind === "service") return `service:${scope.service}`;
  return `team:${scope.service}/${scope.team}`;
}

/** How the email names the scope: "the whole department", "Children in Care". */
export function scopeName(scope: DigestScope): string {
  if (scope.kind === "department") return "the whole department";
  if (scope.kind === "service") return scope.service;
  return `${scope.team} (${scope.service})`;
}

/**
 * The compiled digest cut to a scope: every list that names someone (exceptions, the coming
 * month's six-week and two-month lists, the audit draws, the QA sample) keeps only people
 * inside it, and `nameOf` refuses anyone else, so nothing rendered from it can name a person
 * outside the scope. Figures are left whole. Someone not in the roster is outside every scope
 * but the department's.
 */
export function scopedDigest(compiled: CompiledDigest, scope: DigestScope): CompiledDigest {
  if (scope.kind === "department") return compiled;
  const inside = new Set(compiled.roster.filter((p) => inScope(scope, p)).map((p) => p.staffId));
  const d = compiled.digest;
  const digest: Digest = {
    ...d,
    exceptions: d.exceptions.filter((e) => inside.has(e.staffId) && inScope(scope, e)),
    forecast: {
      ...d.forecast,
      passingSixWeeks: d.forecast.passingSixWeeks.filter((p) => inside.has(p.staffId)),
      passingTwoMonths: d.forecast.passingTwoMonths.filter((p) => inside.has(p.staffId)),
    },
    audit: {
      ...d.audit,
      serviceManagers: d.audit.serviceManagers.filter(
        (a) => inside.has(a.managerId) && (a.staffId === null || inside.has(a.staffId)),
      ),
      qualityAssurance: d.audit.qualityAssurance && {
        ...d.audit.qualityAssurance,
        staffIds: d.audit.qualityAssurance.staffIds.filter((id) => inside.has(id)),
      },
    },
  };
  return {
    digest,
    roster: compiled.roster.filter((p) => inside.has(p.staffId)),
    nameOf: (staffId) => {
      if (!inside.has(staffId))
        throw new Error(`${staffId} is outside the digest's scope (${scopeKey(scope)})`);
      return compiled.nameOf(staffId);
    },
  };
}
