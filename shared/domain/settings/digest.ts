import * as z from "zod";
import { ROLES } from "../records";

/** The monthly compliance digest: who gets it, how it is coloured, what it compares against. */
export const digestSchema = z.strictObject({
  /** Senior managers not in the roster (or in addition to it), by address. */
  seniorManagerEmails: z.array(z.email()).default([]),
  /** Roster roles that receive the digest. */
  recipientRoles: z.array(z.enum(ROLES)).default(["head_of_service", "service_manager"]),
  /** Quality-assurance recipients of the quarterly random audit sample (policy 9.3). */
  qaRecipients: z.array(z.email()).default([]),
  /** Share of operational staff in the quarterly QA sample. */
  qaSamplePercent: z.number().min(1).max(100).default(10),
  /** Amber when compliance is below target by at most this many points; red beyond. */
  amberMarginPercent: z.number().min(0).max(50).default(10),
  caseload: z
    .strictObject({
      /** Cases per social worker where a team has no level of its own (children in need: 20). */
      defaultLevel: z.number().positive().default(20),
      /** Reduced level for newly qualified social workers. */
      nqswLevel: z.number().positive().default(12),
      /**
       * Per team, from the staffing model: 14 looked-after and child protection, 20 children in
       * need, 25 per personal adviser (care leavers). Keys are team names as in staff.csv.
       */
      teamLevels: z.record(z.string(), z.number().positive()).default({
        "Child Protection": 14,
        "Court and Proceedings": 14,
        "Children in Care": 14,
        Fostering: 14,
        "Children in Need": 20,
        Assessment: 20,
        "Front Door": 20,
        "Disabled Children": 20,
        "Care Leavers": 25,
      }),
    })
    .prefault({}),
});

export type DigestConfig = z.infer<typeof digestSchema>;
