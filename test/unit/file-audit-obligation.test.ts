import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, monthOf } from "../../shared/domain/dates";
import {
  firstFullMonth,
  lastWorkingDayOf,
  owedAuditMonth,
} from "../../shared/domain/file-audit-obligation";
import { evaluateObligations } from "../../shared/domain/obligations";
import { evaluateRoster } from "../../shared/domain/open-obligations";
import type { AuditFact, StaffMember } from "../../shared/domain/records";
import { defaultPolicy, type Policy, policySchema } from "../../shared/domain/settings/policy";
import { isWorkingDay } from "../../shared/domain/working-days";
import { defaultCalendar } from "../helpers/calendar";
import { aPerson, factsWith } from "../helpers/people";

const auditing: Policy = policySchema.parse({ audits: { monthlyFrom: "2024-01" } });
const manager = aPerson({
  staffId: "SM1",
  role: "service_manager",
  operational: false,
  supervisorId: "HOS",
  startDate: "2020-01-01",
});

function fileAudit(
  asOf: string,
  monthlyAuditDates: string[] = [],
  person: StaffMember = manager,
  policy: Policy = auditing,
) {
  return evaluateObligations(
    {
      person,
      facts: factsWith(),
      asOf,
      supervisesOthers: true,
      auditing: { monthlyAuditDates, calendar: defaultCalendar },
    },
    policy,
  ).find((o) => o.kind === "file_audit");
}

describe("the month's last working day", () => {
  it("steps back over weekends and bank holidays", () => {
    // 31 August 2026 is the summer bank holiday (a Monday); 29–30 are a weekend.
    expect(lastWorkingDayOf("2026-08", defaultCalendar)).toBe("2026-08-28");
    // Good Friday 29 March 2024, then a weekend.
    expect(lastWorkingDayOf("2024-03", defaultCalendar)).toBe("2024-03-28");
    expect(lastWorkingDayOf("2024-02", defaultCalendar)).toBe("2024-02-29");
    expect(lastWorkingDayOf("2024-11", defaultCalendar)).toBe("2024-11-29");
  });

  it("honours closure days", () => {
    const closed = { ...defaultCalendar, closureDays: ["2026-12-29", "2026-12-30", "2026-12-31"] };
    expect(lastWorkingDayOf("2026-12", closed)).toBe("2026-12-24");
  });

  it("first full month: the start month only when starting on its 1st", () => {
    expect(firstFullMonth("2024-03-01")).toBe("2024-03");
    expect(firstFullMonth("2024-03-02")).toBe("2024-04");
    expect(firstFullMonth("2024-12-31")).toBe("2025-01");
  });
});

describe("a service manager's monthly file audit", () => {
  it("is due on the month's last working day, overdue the day after, escalated after the next month's", () => {
    expect(fileAudit("2024-01-23")?.stage).toBe("not_due");
    expect(fileAudit("2024-01-24")).toMatchObject({
      staffId: "SM1",
      supervisorId: "SM1",
      stage: "due_soon",
      dueDate: "2024-01-31",
      overdueFrom: "2024-02-01",
      escalatedFrom: "2024-03-01",
    });
    expect(fileAudit("2024-01-31")?.stage).toBe("due");
    expect(fileAudit("2024-02-01")?.stage).toBe("overdue");
    expect(fileAudit("2024-02-29")?.stage).toBe("overdue");
    expect(fileAudit("2024-03-01")?.stage).toBe("escalated");
  });

  it("an audit dated in the month settles it, from that day", () => {
    expect(fileAudit("2024-01-30", ["2024-01-31"])?.dueDate).toBe("2024-01-31");
    const settled = fileAudit("2024-01-31", ["2024-01-31"]);
    expect(settled).toMatchObject({ dueDate: "2024-02-29", stage: "not_due" });
    expect(fileAudit("2024-02-22", ["2024-01-31"])?.stage).toBe("due_soon");
  });

  it("a late audit settles every month before it; the next is the following month", () => {
    expect(fileAudit("2024-02-14", ["2024-02-15"])?.stage).toBe("overdue");
    expect(fileAudit("2024-02-15", ["2024-02-15"])).toMatchObject({
      dueDate: "2024-03-28",
      stage: "not_due",
    });
  });

  it("is owed from monthlyFrom, not for months before audits were recorded", () => {
    expect(fileAudit("2024-01-10", ["2023-05-12"])?.dueDate).toBe("2024-01-31");
    expect(fileAudit("2024-01-10", ["2024-05-12"])?.dueDate).toBe("2024-01-31"); // future
  });

  it("a new service manager owes their first full month", () => {
    const starter = { ...manager, startDate: "2024-02-02" };
    expect(fileAudit("2024-02-01", [], starter)).toBeUndefined(); // not yet started
    expect(fileAudit("2024-02-29", [], starter)).toMatchObject({
      dueDate: "2024-03-28",
      stage: "not_due",
    });
    const firstOfMonth = { ...manager, startDate: "2024-02-01" };
    expect(fileAudit("2024-02-01", [], firstOfMonth)?.dueDate).toBe("2024-02-29");
  });

  it("applies only to service managers, and only when monthly audits are recorded", () => {
    expect(fileAudit("2024-02-01", [], { ...manager, role: "team_manager" })).toBeUndefined();
    expect(fileAudit("2024-02-01", [], manager, defaultPolicy)).toBeUndefined();
    const withoutContext = evaluateObligations(
      { person: manager, facts: factsWith(), asOf: "2024-02-01", supervisesOthers: true },
      auditing,
    );
    expect(withoutContext.map((o) => o.kind)).not.toContain("file_audit");
  });

  it("is paused while the manager is absent", () => {
    const absent = evaluateObligations(
      {
        person: manager,
        facts: factsWith({ absences: [{ startDate: "2024-02-01", endDate: "2024-02-09" }] }),
        asOf: "2024-02-05",
        supervisesOthers: true,
        auditing: { monthlyAuditDates: [], calendar: defaultCalendar },
      },
      auditing,
    ).find((o) => o.kind === "file_audit");
    expect(absent?.stage).toBe("paused");
  });

  it("does not owe a month the manager was away for 14 days or more", () => {
    const away = (startDate: string, endDate: string, asOf: string) =>
      evaluateObligations(
        {
          person: manager,
          facts: factsWith({ absences: [{ startDate, endDate }] }),
          asOf,
          supervisesOthers: true,
          auditing: { monthlyAuditDates: ["2024-01-15"], calendar: defaultCalendar },
        },
        auditing,
      ).find((o) => o.kind === "file_audit");
    // Away 1 February to 31 March: February and March are not owed; April is.
    expect(away("2024-02-01", "2024-03-31", "2024-04-02")).toMatchObject({
      stage: "not_due",
      dueDate: "2024-04-30",
      escalatedFrom: "2024-06-01",
    });
    // 14 days away in February (1–14) is away for February; 13 days (1–13) is not.
    expect(away("2024-02-01", "2024-02-14", "2024-03-01")?.dueDate).toBe("2024-03-28");
    expect(away("2024-02-01", "2024-02-13", "2024-03-01")).toMatchObject({
      stage: "overdue",
      dueDate: "2024-02-29",
    });
    // Away for most of March only: February owed, escalated after April's end, not March's.
    expect(away("2024-03-04", "2024-03-28", "2024-03-29")).toMatchObject({
      dueDate: "2024-02-29",
      escalatedFrom: "2024-05-01",
    });
  });

  it("counts the monthly audits a manager made on other people's files, not quarterly ones", () => {
    const audit = (date: string, kind: AuditFact["kind"]): AuditFact => ({
      date,
      auditorId: "SM1",
      kind,
      grade: "good",
    });
    const roster = [
      { person: manager, facts: factsWith() },
      { person: aPerson({ staffId: "W1", supervisorId: "SM1" }), facts: factsWith() },
    ];
    const owed = (audits: AuditFact[]) => {
      roster[1] = { ...roster[1], facts: factsWith({ audits }) } as (typeof roster)[1];
      return evaluateRoster("2024-02-01", roster, auditing, defaultCalendar).obligations.find(
        (o) => o.kind === "file_audit",
      );
    };
    expect(owed([audit("2024-01-15", "quarterly")])?.stage).toBe("overdue");
    // Settled: February's is not due until the month's end, so it is not open on 1 February.
    expect(owed([audit("2024-01-15", "monthly")])).toBeUndefined();
    const settled = evaluateObligations(
      {
        person: manager,
        facts: factsWith(),
        asOf: "2024-02-01",
        supervisesOthers: true,
        auditing: { monthlyAuditDates: ["2024-01-15"], calendar: defaultCalendar },
      },
      auditing,
    ).find((o) => o.kind === "file_audit");
    expect(settled).toMatchObject({ stage: "not_due", dueDate: "2024-02-29" });
  });

  it("counts an audit of a file whose person has since left, when given their file", () => {
    const leaver = {
      person: aPerson({ staffId: "W9", supervisorId: "SM1", endDate: "2024-01-31" }),
      facts: factsWith({
        audits: [{ date: "2024-01-15", auditorId: "SM1", kind: "monthly", grade: "good" }],
      }),
    };
    const active = [{ person: manager, facts: factsWith() }];
    const fileAuditOf = (auditedFiles: typeof active) =>
      evaluateRoster(
        "2024-02-01",
        active,
        auditing,
        defaultCalendar,
        auditedFiles,
      ).obligations.find((o) => o.kind === "file_audit");
    expect(fileAuditOf(active)?.stage).toBe("overdue");
    expect(fileAuditOf([...active, leaver])).toBeUndefined();
    // Not open because January is settled, not because the manager went unevaluated.
    expect(
      evaluateRoster("2024-02-29", active, auditing, defaultCalendar, [
        ...active,
        leaver,
      ]).obligations.find((o) => o.kind === "file_audit")?.stage,
    ).toBe("due");
  });

  it("a hand-broken audits list on one file stops nobody else's evaluation", () => {
    const broken = (audits: unknown) => ({
      person: aPerson({ staffId: "W9", supervisorId: "SM1" }),
      facts: { ...factsWith(), audits } as unknown as ReturnType<typeof factsWith>,
    });
    for (const audits of [[null], [{ date: null, auditorId: "SM1" }], {}, "x"]) {
      const roster = [{ person: manager, facts: factsWith() }, broken(audits)];
      const { obligations } = evaluateRoster("2024-02-01", roster, auditing, defaultCalendar);
      expect(obligations.find((o) => o.kind === "file_audit")?.stage).toBe("overdue");
    }
  });

  it("property: the month owed follows every audit made, and its dates are in order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 900 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 900 }),
        (offsets, asOfOffset) => {
          const dates = offsets.map((n) => addDays("2023-06-01", n));
          const asOf = addDays("2023-06-01", asOfOffset);
          const owed = owedAuditMonth(manager, dates, asOf, "2024-01");
          for (const d of dates) if (d <= asOf) expect(owed > monthOf(d)).toBe(true);
          expect(owed >= "2024-01").toBe(true);
          const o = fileAudit(asOf, dates);
          if (!o) throw new Error("a service manager always has a file audit");
          expect(monthOf(o.dueDate)).toBe(owed);
          expect(isWorkingDay(o.dueDate, defaultCalendar)).toBe(true);
          expect(o.overdueFrom).toBe(addDays(o.dueDate, 1));
          expect(o.escalatedFrom > o.overdueFrom).toBe(true);
        },
      ),
    );
  });
});
