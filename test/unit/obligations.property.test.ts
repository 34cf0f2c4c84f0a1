import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../shared/domain/dates";
import { evaluateObligations, type Obligation } from "../../shared/domain/obligations";
import type { PersonFacts, StaffMember } from "../../shared/domain/records";
import { defaultPolicy } from "../../shared/domain/settings/policy";
import { STAGE_SEVERITY } from "../../shared/domain/stage";
import { aPerson, factsWith } from "../helpers/people";

const BASE = "2022-01-01";
const day = (n: number) => addDays(BASE, n);

/** A person with a random history of sessions, absences, agreements and appraisals. */
const history = fc
  .record({
    startOffset: fc.integer({ min: 0, max: 400 }),
    nqsw: fc.boolean(),
    agreedInterval: fc.option(fc.integer({ min: 7, max: 60 }), { nil: undefined }),
    sessions: fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 }),
    absences: fc.array(
      fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 120 })),
      { maxLength: 4 },
    ),
    agreements: fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 3 }),
    appraisals: fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 3 }),
  })
  .map(({ startOffset, nqsw, agreedInterval, sessions, absences, agreements, appraisals }) => {
    const person: StaffMember = aPerson({
      startDate: day(startOffset),
      qualification: nqsw ? "nqsw" : "qualified",
      asyeStartDate: nqsw ? day(startOffset) : undefined,
      supervisionIntervalDays: agreedInterval,
    });
    const facts: PersonFacts = factsWith({
      formalSessions: sessions.map(day).sort(),
      absences: absences.map(([s, len]) => ({ startDate: day(s), endDate: day(s + len) })),
      agreementsSigned: agreements.map(day).sort(),
      appraisals: appraisals.map(day).sort(),
    });
    return { person, facts };
  });

const supervisionOf = (os: Obligation[]) => os.find((o) => o.kind === "supervision");
const evaluate = (person: StaffMember, facts: PersonFacts, asOf: string) =>
  evaluateObligations({ person, facts, asOf, supervisesOthers: true }, defaultPolicy);

describe("policy invariants", () => {
  it("a new formal session never makes the supervision stage worse", () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 0, max: 1100 }),
        fc.integer({ min: 0, max: 1100 }),
        ({ person, facts }, t, s) => {
          const asOf = day(t);
          const session = day(Math.min(s, t));
          const before = supervisionOf(evaluate(person, facts, asOf));
          const withSession = {
            ...facts,
            formalSessions: [...facts.formalSessions, session].sort(),
          };
          const after = supervisionOf(evaluate(person, withSession, asOf));
          if (!before || !after || session < person.startDate) return;
          expect(STAGE_SEVERITY[after.stage]).toBeLessThanOrEqual(STAGE_SEVERITY[before.stage]);
          expect(after.dueDate >= before.dueDate).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("without new records, stages only get worse as time passes (ignoring pauses)", () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 0, max: 1100 }),
        fc.integer({ min: 1, max: 200 }),
        ({ person, facts }, t, step) => {
          const later = t + step;
          // Only records up to the first date exist: nothing new is recorded in between.
          const known = (d: string) => d <= day(t);
          const frozen: PersonFacts = {
            ...facts,
            formalSessions: facts.formalSessions.filter(known),
            agreementsSigned: facts.agreementsSigned.filter(known),
            appraisals: facts.appraisals.filter(known),
          };
          const first = evaluate(person, frozen, day(t));
          const second = evaluate(person, frozen, day(later));
          for (const o of first) {
            const next = second.find((x) => x.kind === o.kind);
            if (!next || o.stage === "paused" || next.stage === "paused") continue;
            expect(STAGE_SEVERITY[next.stage]).toBeGreaterThanOrEqual(STAGE_SEVERITY[o.stage]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("milestones are in order: due, then overdue; escalation never before the due date's stage allows", () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 1100 }), ({ person, facts }, t) => {
        for (const o of evaluate(person, facts, day(t))) {
          expect(o.overdueFrom > o.dueDate).toBe(true);
          expect(
            o.escalatedFrom >
              (o.kind === "supervision"
                ? (facts.formalSessions.filter((d) => d <= day(t)).at(-1) ?? person.startDate)
                : o.dueDate),
          ).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a person absent on the day has every open obligation paused", () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 1000 }), ({ person, facts }, t) => {
        const absentToday = {
          ...facts,
          absences: [...facts.absences, { startDate: day(t), endDate: day(t) }],
        };
        for (const o of evaluate(person, absentToday, day(t))) {
          expect(["not_due", "paused"]).toContain(o.stage);
        }
      }),
      { numRuns: 200 },
    );
  });
});
