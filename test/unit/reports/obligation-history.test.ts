import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween } from "../../../shared/domain/dates";
import { evaluateObligations } from "../../../shared/domain/obligations";
import type { PersonFacts, StaffMember } from "../../../shared/domain/records";
import { defaultPolicy } from "../../../shared/domain/settings/policy";
import { STAGE_SEVERITY } from "../../../shared/domain/stage";
import {
  type ObligationInstance,
  obligationHistory,
} from "../../../shared/reports/obligation-history";
import { aPerson, factsWith } from "../../helpers/people";

const history = (
  person: StaffMember,
  facts: PersonFacts,
  from: string,
  to: string,
  supervisees: StaffMember[] = [],
) => obligationHistory({ person, facts, supervisees, from, to }, defaultPolicy);

const ofKind = (instances: ObligationInstance[], kind: ObligationInstance["kind"]) =>
  instances.filter((i) => i.kind === kind);

describe("an obligation's history of stages", () => {
  // docs/policy.md section 3's example: last session 10 January 2024, absent 22–26 January.
  const person = aPerson();
  const facts = factsWith({
    formalSessions: ["2023-12-13", "2024-01-10", "2024-03-20"],
    absences: [{ startDate: "2024-01-22", endDate: "2024-01-26" }],
    agreementsSigned: ["2023-06-01"],
    appraisals: ["2023-09-01"],
  });

  it("gives each supervision the day it became due soon, due, overdue, past the limit, and met", () => {
    const supervision = ofKind(history(person, facts, "2024-01-01", "2024-04-01"), "supervision");
    expect(supervision).toEqual([
      {
        kind: "supervision",
        dueDate: "2024-01-10",
        overdueFrom: "2024-01-24",
        // 13 Dec + 2 months, + 5 days absent, + 1.
        escalatedFrom: "2024-02-19",
        firstSeen: "2024-01-01",
        lastSeen: "2024-01-09",
        stages: [{ stage: "due_soon", from: "2024-01-03" }],
        end: { on: "2024-01-10", why: "met" },
      },
      {
        kind: "supervision",
        dueDate: "2024-02-12",
        overdueFrom: "2024-02-26",
        escalatedFrom: "2024-03-16",
        firstSeen: "2024-01-10",
        lastSeen: "2024-03-19",
        stages: [
          { stage: "due_soon", from: "2024-02-05" },
          { stage: "due", from: "2024-02-12" },
          { stage: "overdue", from: "2024-02-26" },
          { stage: "escalated", from: "2024-03-16" },
        ],
        end: { on: "2024-03-20", why: "met" },
      },
      {
        kind: "supervision",
        dueDate: "2024-04-17",
        overdueFrom: "2024-05-01",
        escalatedFrom: "2024-05-21",
        firstSeen: "2024-03-20",
        lastSeen: "2024-04-01",
        stages: [],
      },
    ]);
  });

  it("keeps the other kinds' instances, open or not yet due", () => {
    const all = history(person, facts, "2024-01-01", "2024-04-01");
    expect(ofKind(all, "agreement_review")).toEqual([
      expect.objectContaining({ dueDate: "2024-06-01", stages: [], lastSeen: "2024-04-01" }),
    ]);
    expect(ofKind(all, "appraisal")).toHaveLength(1);
    expect(ofKind(all, "training")).toEqual([]);
  });

  it("marks a stage already reached on the first day, and pauses while absent", () => {
    const late = factsWith({
      formalSessions: ["2023-11-01"],
      absences: [{ startDate: "2024-01-15", endDate: "2024-01-17" }],
      agreementsSigned: ["2023-06-01"],
      appraisals: ["2023-09-01"],
    });
    const [supervision] = ofKind(history(person, late, "2024-01-10", "2024-01-20"), "supervision");
    expect(supervision?.stages).toEqual([
      { stage: "escalated", from: "2024-01-10", alreadyOnFirstDay: true },
      { stage: "paused", from: "2024-01-15" },
      { stage: "escalated", from: "2024-01-18" },
    ]);
    expect(supervision?.end).toBeUndefined();
  });

  it("does not mark the first day when the record starts with the person's start", () => {
    const starter = aPerson({ startDate: "2024-01-10" });
    const all = history(starter, factsWith(), "2024-01-01", "2024-02-20");
    const [agreement] = ofKind(all, "agreement");
    expect(agreement).toMatchObject({ firstSeen: "2024-01-10", dueDate: "2024-02-07" });
    expect(agreement?.stages).toEqual([
      { stage: "due_soon", from: "2024-01-31" },
      { stage: "due", from: "2024-02-07" },
      { stage: "overdue", from: "2024-02-08" },
    ]);
  });

  it("ends every obligation the day after a leaver's last day", () => {
    const leaver = aPerson({ endDate: "2024-02-15" });
    const all = history(leaver, facts, "2024-01-01", "2024-04-01");
    const open = all.filter((i) => i.end?.why !== "met");
    expect(open.length).toBeGreaterThan(0);
    for (const i of open) expect(i.end).toEqual({ on: "2024-02-16", why: "left" });
  });

  it("tracks manager training while they supervise: met by the course, any letter case", () => {
    const manager = aPerson({ staffId: "M1", supervisorId: "H1", startDate: "2023-01-02" });
    const supervisee = aPerson({ staffId: "W1", supervisorId: "M1", startDate: "2023-01-02" });
    const withCourse = factsWith({
      ...facts,
      training: [{ date: "2024-02-01", course: "Supervision" }],
    });
    const [training] = ofKind(
      history(manager, withCourse, "2024-01-01", "2024-04-01", [supervisee]),
      "training",
    );
    expect(training).toMatchObject({
      dueDate: "2023-07-02",
      // Started 2 January 2023: escalated from 2 January 2024; paused while absent.
      stages: [
        { stage: "overdue", from: "2024-01-01", alreadyOnFirstDay: true },
        { stage: "escalated", from: "2024-01-02" },
        { stage: "paused", from: "2024-01-22" },
        { stage: "escalated", from: "2024-01-27" },
      ],
      end: { on: "2024-02-01", why: "met" },
    });
  });

  it("ends training as no longer applying once nobody they supervise is employed", () => {
    const manager = aPerson({ staffId: "M1", startDate: "2023-01-02" });
    const leaving = aPerson({ staffId: "W1", supervisorId: "M1", endDate: "2024-01-31" });
    const [training] = ofKind(
      history(manager, facts, "2024-01-01", "2024-04-01", [leaving]),
      "training",
    );
    expect(training?.end).toEqual({ on: "2024-02-01", why: "no_longer_applies" });
  });
});

const BASE = "2022-01-01";
const day = (n: number) => addDays(BASE, n);

const randomPerson = fc
  .record({
    startOffset: fc.integer({ min: 0, max: 300 }),
    leaves: fc.option(fc.integer({ min: 100, max: 500 }), { nil: undefined }),
    nqsw: fc.boolean(),
    sessions: fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 15 }),
    absences: fc.array(
      fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 40 })),
      { maxLength: 3 },
    ),
    agreements: fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 2 }),
    appraisals: fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 2 }),
    course: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
    from: fc.integer({ min: 0, max: 300 }),
  })
  .map((r) => ({
    person: aPerson({
      startDate: day(r.startOffset),
      endDate: r.leaves === undefined ? undefined : day(r.startOffset + r.leaves),
      qualification: r.nqsw ? "nqsw" : "qualified",
      asyeStartDate: r.nqsw ? day(r.startOffset) : undefined,
    }),
    facts: factsWith({
      formalSessions: r.sessions.map(day).sort(),
      absences: r.absences.map(([s, len]) => ({ startDate: day(s), endDate: day(s + len) })),
      agreementsSigned: r.agreements.map(day).sort(),
      appraisals: r.appraisals.map(day).sort(),
      training: r.course === undefined ? [] : [{ date: day(r.course), course: "supervision" }],
    }),
    from: day(r.from),
    to: day(r.from + 200),
  }));

describe("obligation history invariants", () => {
  it("stages are in order, never ease but for a pause, and match the engine on every day", () => {
    const supervisee = aPerson({ staffId: "W9", startDate: day(100), endDate: day(400) });
    fc.assert(
      fc.property(randomPerson, ({ person, facts, from, to }) => {
        const instances = history(person, facts, from, to, [supervisee]);
        for (const i of instances) {
          const dates = i.stages.map((s) => s.from);
          expect(dates).toEqual([...dates].sort());
          expect(new Set(dates).size).toBe(dates.length);
          i.stages.forEach((s, n) => {
            if (n > 0) expect(s.stage).not.toBe(i.stages[n - 1]?.stage);
            expect(s.from >= i.firstSeen && s.from <= i.lastSeen).toBe(true);
            if (s.stage === "due") expect(s.from >= i.dueDate).toBe(true);
            if (s.stage === "overdue") expect(s.from >= i.overdueFrom).toBe(true);
            if (s.stage === "escalated") expect(s.from >= i.escalatedFrom).toBe(true);
          });
          const severities = i.stages
            .filter((s) => s.stage !== "paused")
            .map((s) => STAGE_SEVERITY[s.stage]);
          expect(severities).toEqual([...severities].sort((a, b) => a - b));
          if (i.end) expect(i.end.on).toBe(addDays(i.lastSeen, 1));
        }
        // Replaying the history gives the engine's stage on any day.
        for (let d = 0; d <= daysBetween(from, to); d += 17) {
          const asOf = addDays(from, d);
          const engine = evaluateObligations(
            {
              person,
              facts,
              asOf,
              supervisesOthers: asOf >= supervisee.startDate && asOf <= (supervisee.endDate ?? ""),
            },
            defaultPolicy,
          );
          for (const o of engine) {
            const instance = instances.find(
              (i) => i.kind === o.kind && i.firstSeen <= asOf && i.lastSeen >= asOf,
            );
            expect(instance?.dueDate).toBe(o.dueDate);
            const stage = instance?.stages.filter((s) => s.from <= asOf).at(-1)?.stage ?? "not_due";
            expect(stage).toBe(o.stage);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
