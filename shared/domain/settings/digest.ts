import * as z from "zod/mini";
import { ROLES } from "../records";
import "../zod-english";

/** The monthly compliance digest: who gets it and what it compares against (its rating: `policy.kpi`). */
export const digestSchema = z.strictObject({
  /** Senior managers not in the roster (or in addition to it), by address. */
  seniorManagerEmails: z._default(z.array(z.email()), []),
  /** Roster roles that receive the digest. */
  recipientRoles: z._default(z.array(z.enum(ROLES)), ["head_of_service", "service_manager"]),
  /** Quality-assurance recipients of the quarterly random audit sample (policy 9.3). */
  qaRecipients: z._default(z.array(z.email()), []),
  /** Share of operational staff in the quarterly QA sample. */
  qaSamplePercent: z._default(z.number().check(z.minimum(1), z.maximum(100)), 10),
  caseload: z.prefault(
    z.strictObject({
      /** Cases per social worker where a team has no level of its own (children in need: 20). */
      defaultLevel: z._default(z.number().check(z.positive()), 20),
      /** Reduced level for newly qualified social workers. */
      nqswLevel: z._default(z.number().check(z.positive()), 12),
      /**
       * Per team, from the staffing model: 14 looked-after and child protection, 20 children in
       * need, 25 per personal adviser (care leavers). Keys are team names as in staff.csv.
       */
      teamLevels: z._default(z.record(z.string(), z.number().check(z.positive())), {
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
    }),
    {},
  ),
});

export type DigestConfig = z.infer<typeof digestSchema>;
