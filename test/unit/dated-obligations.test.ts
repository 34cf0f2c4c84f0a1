import { describe, expect, it } from "vitest";
import { evaluateObligations } from "../../shared/domain/obligations";
import type { PersonFacts, StaffMember } from "../../shared/domain/records";
import { defaultPolicy } from "../../shared/domain/settings/policy";
import type { ObligationKind } from "../../shared/domain/stage";
import { aPerson, factsWith } from "../helpers/people";

function obligations(
  person: StaffMember,
  facts: PersonFacts,
  asOf: string,
  supervisesOthers = false,
) {
  return evaluateObligations({ person, facts, asOf, supervisesOthers }, defaultPolicy);
}

function one(
  kind: ObligationKind,
  person: StaffMember,
  facts: PersonFacts,
  asOf: string,
  supervises = false,
) {
  return obligations(person, facts, asOf, supervises).find((o) => o.kind === kind);
}

describe("supervision agreement", () => {
  it("is needed within 28 days of starting and escalated at 3 months", () => {
    const starter = aPerson({ startDate: "2024-01-31" });
    const o = one("agreement", starter, factsWith(), "2024-02-21");
    expect(one("agreement", starter, factsWith(), "2024-02-20")?.stage).toBe("not_due");
    expect(o).toMatchObject({
      dueDate: "2024-02-28",
      stage: "due_soon",
      overdueFrom: "2024-02-29",
      escalatedFrom: "2024-04-30",
    });
    expect(one("agreement", starter, factsWith(), "2024-02-29")?.stage).toBe("overdue");
    expect(one("agreement", starter, factsWith(), "2024-04-30")?.stage).toBe("escalated");
  });

  it("is needed again when the supervisor changes, even with an older agreement", () => {
    const moved = aPerson({ supervisorSince: "2024-03-01" });
    const facts = factsWith({ agreementsSigned: ["2023-06-01"] });
    expect(one("agreement", moved, facts, "2024-03-10")?.dueDate).toBe("2024-03-29");
    expect(one("agreement_review", moved, facts, "2024-03-10")).toBeUndefined();
  });

  it("becomes an annual review once signed on or after the change", () => {
    const moved = aPerson({ supervisorSince: "2024-03-01" });
    const facts = factsWith({ agreementsSigned: ["2023-06-01", "2024-03-01"] });
    expect(one("agreement", moved, facts, "2024-03-10")).toBeUndefined();
    expect(one("agreement_review", moved, facts, "2025-02-25")).toMatchObject({
      dueDate: "2025-03-01",
      stage: "due_soon",
      escalatedFrom: "2025-06-01",
    });
  });
});

describe("appraisal", () => {
  it("falls due a year after the last, escalated 3 months later", () => {
    const o = one(
      "appraisal",
      aPerson(),
      factsWith({ appraisals: ["2023-02-28", "2024-02-29"] }),
      "2025-03-01",
    );
    expect(o).toMatchObject({
      dueDate: "2025-02-28",
      stage: "overdue",
      escalatedFrom: "2025-05-28",
    });
  });

  it("gives a new starter a first appraisal 6 months in", () => {
    const o = one("appraisal", aPerson({ startDate: "2024-08-31" }), factsWith(), "2024-09-01");
    expect(o).toMatchObject({ dueDate: "2025-02-28", stage: "not_due" });
  });
});

describe("manager supervision training", () => {
  const manager = aPerson({ role: "team_manager", startDate: "2024-01-15" });

  it("applies only to people who supervise someone", () => {
    expect(one("training", manager, factsWith(), "2024-08-01", false)).toBeUndefined();
    expect(one("training", manager, factsWith(), "2024-08-01", true)).toMatchObject({
      dueDate: "2024-07-15",
      stage: "overdue",
      escalatedFrom: "2025-01-15",
    });
  });

  it("is met by the supervision course in any letter case, not by other courses", () => {
    const other = factsWith({ training: [{ date: "2024-02-01", course: "Safeguarding" }] });
    expect(one("training", manager, other, "2025-02-01", true)?.stage).toBe("escalated");
    const done = factsWith({ training: [{ date: "2024-02-01", course: "SUPERVISION" }] });
    expect(one("training", manager, done, "2025-02-01", true)).toBeUndefined();
  });
});
