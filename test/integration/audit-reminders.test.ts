import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IsoDate } from "../../shared/domain/dates";
import type { AuditRecord, StaffMember } from "../../shared/domain/records";
import type { ObligationKind } from "../../shared/domain/stage";
import { toCsvBuffers } from "../../shared/import/write-csv";
import { buildStatus } from "../../shared/use-cases/build-status";
import { importFiles } from "../../shared/use-cases/import-files";
import {
  auditDepartment,
  digestWithDraws,
  head,
  sam,
  sara,
  theo,
} from "../helpers/audit-department";
import { type ReminderHarness, startReminderHarness } from "../helpers/reminder-harness";

/**
 * Monthly file audits and audit actions on the stand-ins, through the real import and the real
 * reminder job, day by day around each rule. August 2027 is the first month audited: its last
 * working day is Tuesday 31 August (Monday 30 August is the summer bank holiday), and
 * September's is Thursday 30 September.
 */
const MONTHLY_FROM = "2027-08";
const AUGUST_DUE = "2027-08-31";

/** Sara Mills audits Ben Ray's file on August's last working day: Requires Improvement. */
const saraAudit: AuditRecord = {
  staffId: "W2",
  date: AUGUST_DUE,
  auditorId: "SM2",
  kind: "monthly",
  grade: "requires_improvement",
  actionsDueDate: "2027-09-14",
};
/** Later: a quarterly audit grades Ben Ray's file Good; Sam Manager audits at last in October. */
const laterAudits: AuditRecord[] = [
  { staffId: "W2", date: "2027-09-20", auditorId: "H1", kind: "quarterly", grade: "good" },
  { staffId: "W1", date: "2027-10-05", auditorId: "SM1", kind: "monthly", grade: "good" },
];

let h: ReminderHarness;
beforeAll(async () => {
  h = await startReminderHarness(toCsvBuffers(auditDepartment([saraAudit])), {
    policy: { audits: { monthlyFrom: MONTHLY_FROM } },
  });
  // July's digest draws August's files; August's draws September's (never the one named for
  // August, which is still the month owed).
  await h.digests.save(
    digestWithDraws("2027-07", "2027-08", { SM1: "W1", SM2: "W2" }),
    "2027-08-02T07:00:00Z",
  );
  await h.digests.save(
    digestWithDraws("2027-08", "2027-09", { SM1: "TM1", SM2: "W2" }),
    "2027-09-01T07:00:00Z",
  );
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** The stage of one obligation on a day, from the real status (undefined: nothing open). */
async function stageOn(date: IsoDate, staffId: string, kind: ObligationKind) {
  const board = await buildStatus(date, {
    store: h.store,
    policy: h.config.policy,
    calendar: h.config.calendar,
  });
  return board.obligations.find((o) => o.staffId === staffId && o.kind === kind)?.stage;
}

/** Runs the day's job and returns what each recipient got that day (plain text and subject). */
async function runOn(date: IsoDate) {
  await h.clearEmails();
  const summary = await h.run(date);
  expect(summary).toMatchObject({ workingDay: true, failed: 0, complete: true });
  const emails = await h.emails();
  return (who: StaffMember) => {
    const to = emails.filter((e) => e.destination.to[0]?.includes(who.email));
    expect(to.length, `at most one email a day to ${who.staffId}`).toBeLessThanOrEqual(1);
    const [email] = to;
    // Emails carry CRLF line breaks (RFC 5322); the text is read line by line as written.
    return (
      email && { subject: email.subject, text: (email.body.text ?? "").replace(/\r\n/g, "\n") }
    );
  };
}

describe("a service manager who misses a month of audits", () => {
  it("is not told before the week before the month's last working day", async () => {
    expect(await stageOn("2027-08-23", "SM1", "file_audit")).toBeUndefined();
    const got = await runOn("2027-08-23");
    expect(got(sam)).toBeUndefined();
  });

  it("is reminded of their own audit from 7 days before, naming the file drawn for them", async () => {
    expect(await stageOn("2027-08-24", "SM1", "file_audit")).toBe("due_soon");
    const got = await runOn("2027-08-24");
    const email = got(sam);
    expect(email?.subject).toBe(
      "Weekly supervision summary: your monthly file audit is due within 7 days",
    );
    expect(email?.text).toContain(
      "Your monthly file audit for August 2027: Due within 7 days, due Tue 31 Aug 2027.\nFile drawn for you for August 2027: Uma Green, Front Door.",
    );
    expect(email?.text).not.toContain("Sam Manager (Service management)");
    expect(got(sara)?.text).toContain("File drawn for you for August 2027: Ben Ray, Fostering.");
  });

  it("is due on the month's last working day; an audit dated that day stops another's", async () => {
    expect(await stageOn(AUGUST_DUE, "SM1", "file_audit")).toBe("due");
    // Sara Mills's audit, dated today, settles August: September's is not due soon yet.
    expect(await stageOn("2027-08-30", "SM2", "file_audit")).toBe("due_soon");
    expect(await stageOn(AUGUST_DUE, "SM2", "file_audit")).toBeUndefined();
    const got = await runOn(AUGUST_DUE);
    expect(got(sam)?.text).toContain(
      "Your monthly file audit for August 2027: Due now, due today, Tue 31 Aug 2027.",
    );
    expect(got(sara)).toBeUndefined();
  });

  it("is overdue the day after, and told that day", async () => {
    expect(await stageOn("2027-09-01", "SM1", "file_audit")).toBe("overdue");
    const got = await runOn("2027-09-01");
    const email = got(sam);
    expect(email?.subject).toBe("Supervision update: your monthly file audit is overdue");
    expect(email?.text).toContain(
      "Your monthly file audit for August 2027: Overdue, was due Tue 31 Aug 2027, 1 day late.\nFile drawn for you for September 2027: Tara Manager, Front Door. One audit in September 2027 settles the months missed.",
    );
  });

  it("is past the limit the day after the next month's last working day, not before", async () => {
    expect(await stageOn("2027-09-30", "SM1", "file_audit")).toBe("overdue");
    const before = await runOn("2027-09-30");
    expect(before(head)).toBeUndefined();
    expect(await stageOn("2027-10-01", "SM1", "file_audit")).toBe("escalated");
    const got = await runOn("2027-10-01");
    const email = got(sam);
    expect(email?.subject).toMatch(
      /^Supervision update: your monthly file audit is past the limit/,
    );
    // Still August's audit owed; October's file is not drawn yet, so August's is named.
    expect(email?.text).toContain(
      "Your monthly file audit for August 2027: Past the policy limit, was due Tue 31 Aug 2027, 4 weeks late.\nFile drawn for you for August 2027: Uma Green, Front Door. One audit in October 2027 settles the months missed.",
    );
    expect(email?.text).not.toContain("Tara Manager, Front Door");
    // Managers hear on the summary day.
    expect(got(head)).toBeUndefined();
  });

  it("is escalated to their own manager on the next summary day, the months missed named", async () => {
    const got = await runOn("2027-10-04");
    const email = got(head);
    expect(email?.subject).toBe("Escalation: 1 person past the supervision policy limits");
    expect(email?.text).toContain(
      [
        "SERVICE MANAGEMENT (1 person)",
        "Sam Manager: their own monthly file audit",
        "  - Monthly file audit: was due Tue 31 Aug 2027, 4 weeks late. None recorded for August 2027 or September 2027.",
      ].join("\n"),
    );
    // Sara Mills audited in August: her September audit is only overdue.
    expect(email?.text).not.toContain("Sara Mills");
  });
});

describe("actions from a file graded Requires Improvement", () => {
  it("fall to the supervisor, due on the actions date, told with the grade and the audit's date", async () => {
    expect(await stageOn("2027-09-06", "W2", "audit_action")).toBeUndefined();
    expect(await stageOn("2027-09-07", "W2", "audit_action")).toBe("due_soon");
    const got = await runOn("2027-09-07");
    const email = got(theo);
    expect(email?.subject).toBe("Weekly supervision summary: 1 due within 7 days");
    expect(email?.text).toContain(
      "Ben Ray (Fostering)\n  - File audit actions: Due within 7 days, due Tue 14 Sept 2027. Set by the file audit of Tue 31 Aug 2027, which graded the file Requires Improvement.",
    );
    // Nothing of it to the auditor, who is not the supervisor.
    expect(got(sara)?.text ?? "").not.toContain("File audit actions");
    expect(await stageOn("2027-09-13", "W2", "audit_action")).toBe("due_soon");
    const summary = (await runOn("2027-09-13"))(theo);
    expect(summary?.text).toContain(
      "  - File audit actions: Due within 7 days, due Tue 14 Sept 2027. Set by",
    );
    expect(await stageOn("2027-09-14", "W2", "audit_action")).toBe("due");
  });

  it("are overdue the day after, and the supervisor is told that day", async () => {
    expect(await stageOn("2027-09-15", "W2", "audit_action")).toBe("overdue");
    const got = await runOn("2027-09-15");
    const email = got(theo);
    expect(email?.subject).toBe("Supervision update: 1 overdue");
    expect(email?.text).toContain(
      "  - File audit actions: Overdue, was due Tue 14 Sept 2027, 1 day late. Set by the file audit of Tue 31 Aug 2027, which graded the file Requires Improvement.",
    );
  });

  it("close on the day a later audit grades the file Good (a second audits.csv)", async () => {
    const result = await importFiles(
      { contents: toCsvBuffers(auditDepartment([saraAudit, ...laterAudits])), source: "test" },
      { store: h.store, imports: h.imports, config: h.config, nowMs: h.clock.now },
    );
    expect(result.ok).toBe(true);
    expect(await stageOn("2027-09-17", "W2", "audit_action")).toBe("overdue");
    expect(await stageOn("2027-09-20", "W2", "audit_action")).toBeUndefined();
    const got = await runOn("2027-09-20");
    expect(got(theo)).toBeUndefined();
  });
});

describe("an audit in a later month", () => {
  it("settles the months missed: no file audit is owed until the next month's", async () => {
    // Sam Manager's October audit (imported with the second audits.csv).
    expect(await stageOn("2027-10-04", "SM1", "file_audit")).toBe("escalated");
    expect(await stageOn("2027-10-05", "SM1", "file_audit")).toBeUndefined();
    const got = await runOn("2027-10-05");
    expect(got(sam)).toBeUndefined();
  });
});
