import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { StaffStatus } from "../../../shared/domain/records";
import { defaultPolicy } from "../../../shared/domain/settings/policy";
import type { StoredRecord } from "../../../shared/domain/stored-record";
import type { RecordReader } from "../../../shared/reports/record-access";
import { recordCsv } from "../../../shared/reports/record-csv";
import { renderRecordHtml } from "../../../shared/reports/render-record-html";
import { buildSupervisionFile } from "../../../shared/reports/supervision-record";
import { aPerson, factsWith } from "../../helpers/people";

/**
 * W1's supervision file was audited three times: a monthly audit graded requires improvement
 * with actions due, a quality-assurance audit (by someone since gone from the roster) graded
 * good, which met the actions, and, before the record's period, an inadequate one. Another
 * person's audit by W1 as auditor is not W1's file: it is not on their record.
 */
const TODAY = "2024-06-01";
const FROM = "2024-01-01";
const worker = aPerson({ staffId: "W1", name: "Wyn <b>Worker</b>", supervisorId: "M1" });
const manager = aPerson({ staffId: "M1", name: "Mo Manager", supervisorId: "S1" });
const serviceManager = aPerson({
  staffId: "S1",
  name: "=Sam Service",
  role: "service_manager",
  supervisorId: undefined,
});

const history: StoredRecord[] = [
  {
    kind: "audit",
    record: {
      staffId: "W1",
      date: "2024-04-15",
      auditorId: "QA9",
      kind: "quarterly",
      grade: "good",
      fileComplete: true,
    },
  },
  {
    kind: "audit",
    record: {
      staffId: "W1",
      date: "2024-02-28",
      auditorId: "S1",
      kind: "monthly",
      grade: "requires_improvement",
      scores: { q12: 5, q1: 2, q7: 4 },
      fileComplete: false,
      actionsDueDate: "2024-03-29",
    },
  },
  {
    kind: "audit",
    record: {
      staffId: "W1",
      date: "2023-10-31",
      auditorId: "S1",
      kind: "monthly",
      grade: "inadequate",
    },
  },
  { kind: "supervision", record: { staffId: "W1", date: "2024-05-20", type: "formal" } },
];
const subject: StaffStatus = { person: worker, facts: factsWith() };

const fileFor = (reader: RecordReader) =>
  buildSupervisionFile(
    {
      subject,
      history,
      roster: [worker, manager, serviceManager],
      told: [],
      reader,
      today: TODAY,
      from: FROM,
    },
    defaultPolicy,
  );

describe("the record's file audits", () => {
  it("lists the audits of their file in the period, oldest first, auditors named, ratings in question order", () => {
    expect(fileFor({ kind: "hr" }).audits).toEqual([
      {
        date: "2024-02-28",
        kind: "monthly",
        auditor: { staffId: "S1", name: "=Sam Service" },
        grade: "requires_improvement",
        goodOrBetter: false,
        fileComplete: false,
        actionsDueDate: "2024-03-29",
        scores: [
          { question: "q1", score: 2 },
          { question: "q7", score: 4 },
          { question: "q12", score: 5 },
        ],
      },
      {
        date: "2024-04-15",
        kind: "quarterly",
        auditor: { staffId: "QA9" },
        grade: "good",
        goodOrBetter: true,
        fileComplete: true,
      },
    ]);
  });

  it("shows them to every reader policy 8.4 allows, the auditor's copy too", () => {
    const readers: RecordReader[] = [
      { kind: "supervisee", staffId: "W1", name: "Wyn" },
      { kind: "supervisor", staffId: "M1", name: "Mo Manager" },
      { kind: "senior_manager", staffId: "S1", name: "Sam", levelAboveSupervisor: 1 },
      { kind: "hr" },
      { kind: "auditor" },
    ];
    for (const reader of readers) expect(fileFor(reader).audits).toHaveLength(2);
  });

  it("replays the audit actions: overdue after their date, met by the Good audit", () => {
    const actions = fileFor({ kind: "hr" }).obligations.filter((o) => o.kind === "audit_action");
    expect(actions).toEqual([
      expect.objectContaining({
        dueDate: "2024-03-29",
        stages: [
          { stage: "due_soon", from: "2024-03-22" },
          { stage: "due", from: "2024-03-29" },
          { stage: "overdue", from: "2024-03-30" },
        ],
        end: { on: "2024-04-15", why: "met" },
      }),
    ]);
  });

  it("prints as a table with the grade in words, below Good flagged in words, every name escaped", () => {
    const html = renderRecordHtml(fileFor({ kind: "hr" }), { dueSoonDays: 7 });
    const section = html.slice(html.indexOf("<h2>Audits of their supervision file"));
    expect(section).toMatch(/^<h2>Audits of their supervision file \(2\)<\/h2>/);
    const rows = section.slice(0, section.indexOf("</table>"));
    expect(rows).toContain(
      "<td>Wed 28 Feb 2024</td><td>monthly (service manager)</td><td>=Sam Service (S1)</td><td><strong>Requires Improvement</strong>: below Good</td><td>no</td><td>Fri 29 Mar 2024</td><td>Q1 2, Q7 4, Q12 5</td>",
    );
    expect(rows).toContain(
      "<td>Mon 15 Apr 2024</td><td>quarterly (quality assurance)</td><td>QA9 (no longer on record)</td><td>Good</td><td>yes</td><td>none set</td><td>none recorded</td>",
    );
    expect(html).not.toContain("<b>Worker</b>");
  });

  it("says so when their file has not been audited in the period", () => {
    const none = buildSupervisionFile(
      {
        subject,
        history: [],
        roster: [worker],
        told: [],
        reader: { kind: "hr" },
        today: TODAY,
        from: FROM,
      },
      defaultPolicy,
    );
    expect(none.audits).toEqual([]);
    expect(renderRecordHtml(none, { dueSoonDays: 7 })).toMatch(
      /Audits of their supervision file \(0\)<\/h2>\s*<p class="note">[^<]*<\/p>\s*<p>None in this period\.<\/p>/,
    );
  });

  it("is a row per audit in the spreadsheet, names neutralised", () => {
    const rows: string[][] = parse(recordCsv(fileFor({ kind: "auditor" }), { dueSoonDays: 7 }), {
      bom: true,
      from_line: 2,
    });
    expect(rows.filter((r) => r[0] === "audit")).toEqual([
      [
        "audit",
        "2024-02-28",
        "",
        "file audit, monthly (service manager)",
        "Requires Improvement: below Good",
        "2024-03-29",
        "'=Sam Service (S1)",
        "file complete: no; ratings: Q1 2, Q7 4, Q12 5",
      ],
      [
        "audit",
        "2024-04-15",
        "",
        "file audit, quarterly (quality assurance)",
        "Good",
        "",
        "QA9 (no longer on record)",
        "file complete: yes; ratings: none recorded",
      ],
    ]);
  });
});
