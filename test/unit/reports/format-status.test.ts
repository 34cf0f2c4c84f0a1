import { describe, expect, it } from "vitest";
import type { Obligation } from "../../../shared/domain/obligations";
import { formatStatusDetail, formatStatusSummary } from "../../../shared/reports/format-status";
import { aPerson, factsWith } from "../../helpers/people";

const roster = [
  aPerson({
    staffId: "S1",
    name: "Sam Service",
    role: "service_manager",
    team: "Management",
    supervisorId: undefined,
  }),
  aPerson({
    staffId: "M1",
    name: "Mo Manager",
    role: "team_manager",
    team: "Team A",
    supervisorId: "S1",
  }),
  aPerson({ staffId: "W1", name: "Wyn Worker", supervisorId: "M1" }),
].map((person) => ({ person, facts: factsWith() }));

const obligation = (
  o: Partial<Obligation> & Pick<Obligation, "staffId" | "kind" | "stage" | "dueDate">,
): Obligation => ({
  supervisorId: undefined,
  overdueFrom: o.dueDate,
  escalatedFrom: o.dueDate,
  ...o,
});

const DAY = "2026-12-03";
const obligations: Obligation[] = [
  // The service manager's own monthly audit for November, due its last working day.
  obligation({
    staffId: "S1",
    supervisorId: "S1",
    kind: "file_audit",
    stage: "overdue",
    dueDate: "2026-11-30",
  }),
  // Actions set by an audit of W1's file, for W1's supervisor.
  obligation({
    staffId: "W1",
    supervisorId: "M1",
    kind: "audit_action",
    stage: "due_soon",
    dueDate: "2026-12-07",
  }),
  obligation({
    staffId: "W1",
    supervisorId: "M1",
    kind: "audit_action",
    stage: "overdue",
    dueDate: "2026-12-02",
  }),
  obligation({
    staffId: "M1",
    supervisorId: "S1",
    kind: "supervision",
    stage: "due",
    dueDate: DAY,
  }),
];

describe("status, in words", () => {
  it("names a service manager's file audit by its month, as their own; audit actions by the supervisee", () => {
    // The audit actions' words are the emails' (labels.ts): "audit actions", however prefixed.
    expect(formatStatusDetail(DAY, obligations, roster).split("\n")).toEqual([
      `Open obligations on ${DAY}, by supervisor`,
      "",
      "S1 Sam Service (Management): 1 overdue, 1 due",
      "  overdue   monthly file audit for November 2026 (their own) — due 2026-11-30, 3 days ago",
      "  due       supervision session    M1 Mo Manager — due today",
      "",
      "M1 Mo Manager (Team A): 1 overdue, 1 due soon",
      expect.stringMatching(
        /^ {2}overdue {3}(file )?audit actions +W1 Wyn Worker — due 2026-12-02, 1 day ago$/,
      ),
      expect.stringMatching(
        /^ {2}due soon {2}(file )?audit actions +W1 Wyn Worker — due 2026-12-07$/,
      ),
    ]);
  });

  it("counts the service manager's own audit among their open obligations", () => {
    expect(formatStatusSummary(DAY, obligations, roster).split("\n")[0]).toBe(
      `Open obligations on ${DAY}: 4 for 2 supervisors (2 overdue, 1 due, 1 due soon)`,
    );
  });
});
