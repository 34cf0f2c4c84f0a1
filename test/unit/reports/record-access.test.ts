import { describe, expect, it } from "vitest";
import { describeReader, recordAccess } from "../../../shared/reports/record-access";
import { aPerson } from "../../helpers/people";

const TODAY = "2024-06-01";
const director = aPerson({ staffId: "D1", name: "Dee Director", supervisorId: undefined });
const head = aPerson({ staffId: "H1", name: "Hal Head", supervisorId: "D1" });
const manager = aPerson({ staffId: "M1", name: "Mo Manager", supervisorId: "H1" });
const worker = aPerson({ staffId: "W1", name: "Wyn Worker", supervisorId: "M1" });
const peer = aPerson({ staffId: "W2", name: "Pat Peer", supervisorId: "M1" });
const roster = [director, head, manager, worker, peer];

describe("who may read a supervision record (policy 8.4)", () => {
  it("lets the supervisee, their supervisor and managers up the chain read it, as whom", () => {
    expect(recordAccess("W1", worker, roster, TODAY)).toEqual({
      allowed: true,
      reader: { kind: "supervisee", staffId: "W1", name: "Wyn Worker" },
    });
    expect(recordAccess("M1", worker, roster, TODAY)).toEqual({
      allowed: true,
      reader: { kind: "supervisor", staffId: "M1", name: "Mo Manager" },
    });
    expect(recordAccess("D1", worker, roster, TODAY)).toEqual({
      allowed: true,
      reader: {
        kind: "senior_manager",
        staffId: "D1",
        name: "Dee Director",
        levelAboveSupervisor: 2,
      },
    });
  });

  it("lets hr and auditor read it", () => {
    expect(recordAccess("hr", worker, roster, TODAY)).toEqual({
      allowed: true,
      reader: { kind: "hr" },
    });
    expect(recordAccess("auditor", worker, roster, TODAY)).toEqual({
      allowed: true,
      reader: { kind: "auditor" },
    });
  });

  it("refuses a peer, someone below, an unknown id and a manager who has left, naming the rule", () => {
    for (const [reader, subject, people] of [
      ["W2", worker, roster],
      ["W1", manager, roster],
      ["X9", worker, roster],
      ["HR", worker, roster],
      ["H1", worker, [director, { ...head, endDate: "2024-05-31" }, manager, worker]],
    ] as const) {
      const access = recordAccess(reader, subject, people, TODAY);
      expect(access.allowed).toBe(false);
      if (!access.allowed) expect(access.reason).toContain("policy 8.4");
    }
  });

  it("still lets a leaver read their own record", () => {
    const left = { ...worker, endDate: "2024-01-31" };
    expect(recordAccess("W1", left, roster, TODAY).allowed).toBe(true);
  });

  it("stops at a loop in the chain", () => {
    const a = aPerson({ staffId: "A", supervisorId: "B" });
    const b = aPerson({ staffId: "B", supervisorId: "A" });
    expect(recordAccess("C", a, [a, b], TODAY).allowed).toBe(false);
  });

  it("says who it was produced for", () => {
    expect(describeReader({ kind: "supervisor", staffId: "M1", name: "Mo Manager" })).toBe(
      "their supervisor, Mo Manager (M1)",
    );
    expect(describeReader({ kind: "auditor" })).toMatch(/^an auditor/);
  });
});
