import { addDays } from "../../shared/domain/dates";
import type { Digest } from "../../shared/domain/digest/digest-model";
import type { AuditRecord, StaffMember, SupervisionRecord } from "../../shared/domain/records";
import type { ImportRecords } from "../../shared/import/write-csv";
import { aPerson } from "./people";

/**
 * A small department for audit reminders: a head of service over two service managers, each
 * with a team manager and a social worker. Everyone is seen every fortnight (June to December
 * 2027) and has a current agreement, appraisal and, for managers, the course: only the audits
 * are ever open.
 */
const person = (over: Partial<StaffMember> & Pick<StaffMember, "staffId" | "name">) =>
  aPerson({
    email: `${over.name.toLowerCase().replace(/ /g, ".")}@example.gov.uk`,
    startDate: "2020-01-01",
    ...over,
  });
export const head = person({
  staffId: "H1",
  name: "Hannah Head",
  role: "head_of_service",
  team: "Service management",
  service: "Children in Need",
  supervisorId: undefined,
  operational: false,
});
/** Service manager of Children in Need: Tara Manager's manager. */
export const sam = person({
  staffId: "SM1",
  name: "Sam Manager",
  role: "service_manager",
  team: "Service management",
  service: "Children in Need",
  supervisorId: "H1",
  operational: false,
});
/** Service manager of Children in Care: Theo Mann's manager. */
export const sara = person({
  staffId: "SM2",
  name: "Sara Mills",
  role: "service_manager",
  team: "Service management",
  service: "Children in Care",
  supervisorId: "H1",
  operational: false,
});
export const tara = person({
  staffId: "TM1",
  name: "Tara Manager",
  role: "team_manager",
  team: "Front Door",
  service: "Children in Need",
  supervisorId: "SM1",
});
/** Ben Ray's supervisor: actions from an audit of Ben Ray's file are theirs. */
export const theo = person({
  staffId: "TM2",
  name: "Theo Mann",
  role: "team_manager",
  team: "Fostering",
  service: "Children in Care",
  supervisorId: "SM2",
});
export const uma = person({
  staffId: "W1",
  name: "Uma Green",
  team: "Front Door",
  service: "Children in Need",
  supervisorId: "TM1",
});
export const ben = person({
  staffId: "W2",
  name: "Ben Ray",
  team: "Fostering",
  service: "Children in Care",
  supervisorId: "TM2",
});
const staff = [head, sam, sara, tara, theo, uma, ben];
const managers = new Set(staff.flatMap((p) => (p.supervisorId ? [p.supervisorId] : [])));

function fortnightly(): SupervisionRecord[] {
  const sessions: SupervisionRecord[] = [];
  for (let date = "2027-06-01"; date <= "2027-12-31"; date = addDays(date, 14))
    for (const p of staff)
      sessions.push({ staffId: p.staffId, date, supervisorId: p.supervisorId, type: "formal" });
  return sessions;
}

/** The department's import files, with these audits. */
export function auditDepartment(audits: AuditRecord[]): ImportRecords {
  return {
    staff,
    supervisions: fortnightly(),
    absences: [],
    agreements: staff.map((p) => ({ staffId: p.staffId, signedDate: "2027-06-01" })),
    appraisals: staff.map((p) => ({ staffId: p.staffId, date: "2027-06-01" })),
    training: staff
      .filter((p) => managers.has(p.staffId))
      .map((p) => ({ staffId: p.staffId, date: "2020-03-01", course: "supervision" })),
    audits,
  };
}

/** A digest as the monthly job stores it, with only what the reminders read: its draws. */
export function digestWithDraws(month: string, drawsFor: string, draws: Record<string, string>) {
  return {
    month,
    audit: {
      month: drawsFor,
      serviceManagers: Object.entries(draws).map(([managerId, staffId], seed) => ({
        managerId,
        service: "",
        seed,
        staffId,
      })),
      qualityAssurance: null,
    },
  } as unknown as Digest;
}
