import { describe, expect, it } from "vitest";
import { evaluateObligations, type Obligation } from "../../shared/domain/obligations";
import type { PersonFacts, StaffMember } from "../../shared/domain/records";
import { defaultPolicy } from "../../shared/domain/settings/policy";
import { aPerson, factsWith } from "../helpers/people";

function supervision(person: StaffMember, facts: PersonFacts, asOf: string): Obligation {
  const found = evaluateObligations(
    { person, facts, asOf, supervisesOthers: false },
    defaultPolicy,
  ).find((o) => o.kind === "supervision");
  if (!found) throw new Error("no supervision obligation");
  return found;
}

describe("supervision obligation", () => {
  const person = aPerson();
  const facts = factsWith({ formalSessions: ["2024-01-15"] });

  it("is due 28 days after the last formal session and moves through each stage on its day", () => {
    const stages = [
      ["2024-02-04", "not_due"],
      ["2024-02-05", "due_soon"],
      ["2024-02-11", "due_soon"],
      ["2024-02-12", "due"],
      ["2024-02-25", "due"],
      ["2024-02-26", "overdue"],
      ["2024-03-15", "overdue"],
      ["2024-03-16", "escalated"],
    ] as const;
    for (const [asOf, stage] of stages) {
      const o = supervision(person, facts, asOf);
      expect({ asOf, stage: o.stage, due: o.dueDate }).toEqual({ asOf, stage, due: "2024-02-12" });
    }
  });

  it("escalates once more than two calendar months pass, across month ends", () => {
    // 31 Dec + 2 months = 29 Feb in a leap year; escalated from 1 March.
    const o = supervision(person, factsWith({ formalSessions: ["2023-12-31"] }), "2024-02-29");
    expect(o.escalatedFrom).toBe("2024-03-01");
    expect(o.stage).toBe("overdue");
    expect(
      supervision(person, factsWith({ formalSessions: ["2023-12-31"] }), "2024-03-01").stage,
    ).toBe("escalated");
  });

  it("counts from the start date when there has been no session", () => {
    const starter = aPerson({ startDate: "2024-03-04" });
    const o = supervision(starter, factsWith(), "2024-03-20");
    expect(o.dueDate).toBe("2024-04-01");
    expect(o.stage).toBe("not_due");
  });

  it("ignores sessions recorded after the date asked about", () => {
    const o = supervision(
      person,
      factsWith({ formalSessions: ["2024-01-15", "2024-03-01"] }),
      "2024-02-20",
    );
    expect(o.dueDate).toBe("2024-02-12");
  });

  it("uses the interval in the person's supervision agreement", () => {
    const o = supervision(aPerson({ supervisionIntervalDays: 21 }), facts, "2024-02-01");
    expect(o.dueDate).toBe("2024-02-05");
  });

  it("supervises newly qualified staff weekly, then fortnightly, then every 4 weeks", () => {
    const nqsw = aPerson({
      qualification: "nqsw",
      asyeStartDate: "2024-01-08",
      startDate: "2024-01-08",
    });
    expect(
      supervision(nqsw, factsWith({ formalSessions: ["2024-02-12"] }), "2024-02-13").dueDate,
    ).toBe("2024-02-19");
    // 19 Feb is six weeks in: fortnightly from then.
    expect(
      supervision(nqsw, factsWith({ formalSessions: ["2024-02-19"] }), "2024-02-20").dueDate,
    ).toBe("2024-03-04");
    // 8 July is six months in: every 4 weeks from then.
    expect(
      supervision(nqsw, factsWith({ formalSessions: ["2024-07-05"] }), "2024-07-06").dueDate,
    ).toBe("2024-07-19");
    expect(
      supervision(nqsw, factsWith({ formalSessions: ["2024-07-08"] }), "2024-07-09").dueDate,
    ).toBe("2024-08-05");
  });

  it("moves the due date and the hard limit later by the days absent since the session", () => {
    const absent = factsWith({
      formalSessions: ["2024-01-15"],
      absences: [{ startDate: "2024-01-22", endDate: "2024-02-04" }],
    });
    const o = supervision(person, absent, "2024-02-20");
    expect(o.dueDate).toBe("2024-02-26");
    expect(o.overdueFrom).toBe("2024-03-11");
    expect(o.escalatedFrom).toBe("2024-03-30");
  });

  it("carries a long absence (maternity) in full", () => {
    const leave = factsWith({
      formalSessions: ["2023-05-01"],
      absences: [{ startDate: "2023-05-10", endDate: "2024-02-29" }],
    });
    const o = supervision(person, leave, "2024-03-05");
    expect(o.dueDate).toBe("2024-03-20");
    expect(o.stage).toBe("not_due");
  });

  it("is paused while the person is absent, and resumes after", () => {
    const absentNow = factsWith({
      formalSessions: ["2024-01-15"],
      absences: [{ startDate: "2024-03-01", endDate: "2024-03-05" }],
    });
    expect(supervision(person, absentNow, "2024-03-03").stage).toBe("paused");
    expect(supervision(person, absentNow, "2024-03-06").stage).toBe("overdue");
  });

  it("gives leavers and people not yet started no obligations", () => {
    const leaver = aPerson({ endDate: "2024-02-01" });
    expect(
      evaluateObligations(
        { person: leaver, facts, asOf: "2024-02-02", supervisesOthers: false },
        defaultPolicy,
      ),
    ).toEqual([]);
    expect(
      evaluateObligations(
        { person: leaver, facts, asOf: "2024-02-01", supervisesOthers: false },
        defaultPolicy,
      ),
    ).not.toEqual([]);
    const future = aPerson({ startDate: "2024-06-01" });
    expect(
      evaluateObligations(
        { person: future, facts, asOf: "2024-05-31", supervisesOthers: false },
        defaultPolicy,
      ),
    ).toEqual([]);
  });
});
