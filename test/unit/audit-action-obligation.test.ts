import { describe, expect, it } from "vitest";
import { openAuditAction } from "../../shared/domain/audit-action-obligation";
import { evaluateObligations } from "../../shared/domain/obligations";
import { mergeFacts } from "../../shared/domain/person-facts";
import { type AuditFact, emptyFacts } from "../../shared/domain/records";
import { defaultPolicy, policySchema } from "../../shared/domain/settings/policy";
import type { StoredRecord } from "../../shared/domain/stored-record";
import { aPerson, factsWith } from "../helpers/people";

const worker = aPerson({ staffId: "W1", supervisorId: "TM1" });

const audit = (
  date: string,
  grade: AuditFact["grade"],
  actionsDueDate?: string,
  kind: AuditFact["kind"] = "monthly",
): AuditFact => ({
  date,
  auditorId: "SM1",
  kind,
  grade,
  ...(actionsDueDate === undefined ? {} : { actionsDueDate }),
});

function action(asOf: string, audits: AuditFact[], policy = defaultPolicy) {
  return evaluateObligations(
    { person: worker, facts: factsWith({ audits }), asOf, supervisesOthers: false },
    policy,
  ).find((o) => o.kind === "audit_action");
}

describe("actions from a file audited below Good", () => {
  const ri = [audit("2024-03-05", "requires_improvement", "2024-04-05")];

  it("fall to the supervisor, due on the actions date, escalated 28 days after it", () => {
    expect(action("2024-03-04", ri)).toBeUndefined(); // before the audit
    expect(action("2024-03-28", ri)?.stage).toBe("not_due");
    expect(action("2024-03-29", ri)).toMatchObject({
      staffId: "W1",
      supervisorId: "TM1",
      stage: "due_soon",
      dueDate: "2024-04-05",
      overdueFrom: "2024-04-06",
      escalatedFrom: "2024-05-03",
    });
    expect(action("2024-04-05", ri)?.stage).toBe("due");
    expect(action("2024-04-06", ri)?.stage).toBe("overdue");
    expect(action("2024-05-02", ri)?.stage).toBe("overdue");
    expect(action("2024-05-03", ri)?.stage).toBe("escalated");
  });

  it("escalate after the configured number of days", () => {
    const policy = policySchema.parse({ audits: { actionEscalateAfterDays: 7 } });
    expect(action("2024-04-11", ri, policy)?.stage).toBe("overdue");
    expect(action("2024-04-12", ri, policy)?.stage).toBe("escalated");
  });

  it("close on the day a later audit grades the file Good or Outstanding", () => {
    for (const grade of ["good", "outstanding"] as const) {
      const closed = [...ri, audit("2024-04-20", grade, undefined, "quarterly")];
      expect(action("2024-04-19", closed)?.stage).toBe("overdue");
      expect(action("2024-04-20", closed)).toBeUndefined();
    }
  });

  it("stay open after a later audit below Good, due on its own actions date if it sets one", () => {
    const again = [...ri, audit("2024-04-20", "inadequate", "2024-05-20")];
    expect(action("2024-04-21", again)?.dueDate).toBe("2024-05-20");
    const noNewDate = [...ri, audit("2024-04-20", "inadequate")];
    expect(action("2024-04-21", noNewDate)?.dueDate).toBe("2024-04-05");
  });

  it("stay open when two audits on one day disagree, whichever kind sorts first", () => {
    for (const goodKind of ["monthly", "quarterly"] as const) {
      const poorKind = goodKind === "monthly" ? "quarterly" : "monthly";
      const sameDay = [
        audit("2024-03-05", "good", undefined, goodKind),
        audit("2024-03-05", "inadequate", "2024-04-05", poorKind),
      ];
      expect(action("2024-04-06", sameDay)?.stage).toBe("overdue");
      expect(action("2024-04-06", [...sameDay].reverse())?.stage).toBe("overdue");
    }
  });

  it("need an actions date; a Good file before the poor grade does not close it", () => {
    expect(action("2024-06-01", [audit("2024-03-05", "requires_improvement")])).toBeUndefined();
    const goodFirst = [audit("2024-02-01", "good"), ...ri];
    expect(action("2024-04-06", goodFirst)?.stage).toBe("overdue");
  });

  it("end when the audited person leaves", () => {
    const leaver = { ...worker, endDate: "2024-04-30" };
    const facts = factsWith({ audits: ri });
    const on = (asOf: string) =>
      evaluateObligations({ person: leaver, facts, asOf, supervisesOthers: false }, defaultPolicy);
    expect(on("2024-04-30").map((o) => o.kind)).toContain("audit_action");
    expect(on("2024-05-01")).toEqual([]);
  });

  it("openAuditAction names the audit the actions came from", () => {
    expect(openAuditAction(ri, "2024-04-01")).toMatchObject({
      date: "2024-03-05",
      grade: "requires_improvement",
      actionsDueDate: "2024-04-05",
    });
  });
});

describe("audits on a person's facts", () => {
  const stored = (date: string, grade: AuditFact["grade"], kind: AuditFact["kind"]) =>
    ({
      kind: "audit",
      record: {
        staffId: "W1",
        date,
        auditorId: "SM1",
        kind,
        grade,
        scores: { q1: 2 },
        fileComplete: true,
      },
    }) satisfies StoredRecord;

  it("keep what the engine needs, sorted, once each, however often merged", () => {
    const records = [
      stored("2024-05-01", "good", "monthly"),
      stored("2024-03-01", "inadequate", "quarterly"),
      stored("2024-03-01", "good", "monthly"),
    ];
    const once = mergeFacts(emptyFacts(), records, 800);
    expect(once.audits).toEqual([
      { date: "2024-03-01", auditorId: "SM1", kind: "monthly", grade: "good" },
      { date: "2024-03-01", auditorId: "SM1", kind: "quarterly", grade: "inadequate" },
      { date: "2024-05-01", auditorId: "SM1", kind: "monthly", grade: "good" },
    ]);
    expect(mergeFacts(once, records, 800)).toEqual(once);
  });

  it("merge into facts stored before audits were recorded", () => {
    const { audits: _none, ...old } = emptyFacts();
    const merged = mergeFacts(old, [stored("2024-05-01", "good", "monthly")], 800);
    expect(merged.audits).toHaveLength(1);
  });

  it("a regraded audit (same day, kind and auditor) replaces the old grade", () => {
    const first = mergeFacts(emptyFacts(), [stored("2024-05-01", "good", "monthly")], 800);
    const regraded = mergeFacts(first, [stored("2024-05-01", "inadequate", "monthly")], 800);
    expect(regraded.audits?.map((a) => a.grade)).toEqual(["inadequate"]);
  });

  it("old audits leave the window, the latest always stays", () => {
    const merged = mergeFacts(
      emptyFacts(),
      [stored("2020-01-01", "good", "monthly"), stored("2024-05-01", "good", "monthly")],
      400,
    );
    expect(merged.audits?.map((a) => a.date)).toEqual(["2024-05-01"]);
    const alone = mergeFacts(emptyFacts(), [stored("2020-01-01", "good", "monthly")], 400);
    expect(alone.audits).toHaveLength(1);
  });
});
