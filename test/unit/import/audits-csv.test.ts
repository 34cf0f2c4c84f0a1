import { describe, expect, it } from "vitest";
import {
  type ContractFiles,
  mergeErrors,
  toContractFiles,
} from "../../../shared/import/apply-profile";
import { countByRule } from "../../../shared/import/error-summary";
import { indexExport } from "../../../shared/import/export-index";
import { parseFiles } from "../../../shared/import/parse-files";
import { formatImportError } from "../../../shared/import/read-csv";
import { importErrors } from "../../../shared/import/validate-import";
import { toCsv } from "../../../shared/import/write-csv";
import { workbook } from "../../helpers/workbooks";

/** audits.csv, the contract's own file: the questions q1..q12 between grade and file_complete. */
const QUESTIONS = Array.from({ length: 12 }, (_, i) => `q${i + 1}`);
const HEADER = [
  "staff_id",
  "date",
  "auditor_id",
  "kind",
  "grade",
  ...QUESTIONS,
  "file_complete",
  "actions_due_date",
];

type Cells = Partial<Record<(typeof HEADER)[number], string>>;
/** One audit row: W1's file audited by service manager M2 on 2026-11-20, graded good. */
const row = (cells: Cells = {}) =>
  HEADER.map(
    (c) =>
      cells[c] ??
      (
        {
          staff_id: "W1",
          date: "2026-11-20",
          auditor_id: "M2",
          kind: "monthly",
          grade: "good",
        } as Cells
      )[c] ??
      "",
  ).join(",");

const STAFF = [
  "staff_id,name,email,role,employment,qualification,team,service,supervisor_id,start_date,operational",
  "M2,Morgan Service,m2@example.gov.uk,service_manager,permanent,qualified,Management,Service X,,2012-04-01,no",
  "M1,Dana Hughes,m1@example.gov.uk,team_manager,permanent,qualified,Team A,Service X,M2,2015-01-01,no",
  "W1,Ali Patel,w1@example.gov.uk,social_worker,permanent,qualified,Team A,Service X,M1,2020-01-01,yes",
  "W2,Bea Newman,w2@example.gov.uk,social_worker,permanent,qualified,Team A,Service X,M1,2020-01-01,yes",
].join("\n");

function check(audits: string, header = HEADER.join(",")) {
  const parsed = parseFiles({
    staff: Buffer.from(STAFF),
    audits: Buffer.from(`${header}\n${audits}\n`),
  });
  return { parsed, errors: importErrors(parsed, new Map()) };
}
const errorsOf = (audits: string, header?: string) =>
  check(audits, header).errors.map(formatImportError);

describe("audits.csv rows", () => {
  it("reads an audit: the grade and kind as words, ratings by question, blanks as not set", () => {
    const { parsed, errors } = check(
      [
        row({ q1: "1", q7: "5", q12: "3", file_complete: "yes" }),
        row({
          staff_id: "W2",
          grade: "requires_improvement",
          kind: "quarterly",
          file_complete: "no",
          actions_due_date: "2026-12-18",
        }),
      ].join("\n"),
    );
    expect(errors).toEqual([]);
    expect(parsed.files.audits?.map((r) => [r.line, r.record])).toEqual([
      [
        2,
        {
          staffId: "W1",
          date: "2026-11-20",
          auditorId: "M2",
          kind: "monthly",
          grade: "good",
          scores: { q1: 1, q7: 5, q12: 3 },
          fileComplete: true,
          actionsDueDate: undefined,
        },
      ],
      [
        3,
        {
          staffId: "W2",
          date: "2026-11-20",
          auditorId: "M2",
          kind: "quarterly",
          grade: "requires_improvement",
          scores: undefined,
          fileComplete: false,
          actionsDueDate: "2026-12-18",
        },
      ],
    ]);
  });

  it("refuses an audit before the person started, and a monthly one after they left", () => {
    const staff = [
      "staff_id,name,email,role,employment,qualification,team,service,supervisor_id,start_date,end_date,operational",
      "M2,Morgan Service,m2@example.gov.uk,service_manager,permanent,qualified,Management,Service X,,2012-04-01,,no",
      "W1,Ali Patel,w1@example.gov.uk,social_worker,permanent,qualified,Team A,Service X,M2,2020-01-06,2026-06-30,yes",
    ].join("\n");
    const audits = [
      "staff_id,date,auditor_id,kind,grade",
      "W1,2020-01-05,M2,quarterly,good",
      "W1,2020-01-06,M2,monthly,good",
      "W1,2026-06-30,M2,monthly,good",
      "W1,2026-07-01,M2,monthly,good",
      "W1,2026-07-01,M2,quarterly,good",
    ].join("\n");
    const parsed = parseFiles({ staff: Buffer.from(staff), audits: Buffer.from(audits) });
    expect(importErrors(parsed, new Map()).map((e) => [e.line, e.column, e.rule])).toEqual([
      [2, "date", "audit before the person started"],
      [5, "date", "monthly audit after the person left"],
    ]);
  });

  it("says when a word is right but in capitals", () => {
    const { errors } = check([row({ grade: "Good" }), row({ kind: "Monthly " })].join("\n"));
    expect(errors.map(formatImportError)).toEqual([
      "audits.csv:2: grade: the value is not one of outstanding, good, requires_improvement, inadequate (write it in lower case: good)",
      "audits.csv:3: kind: the value is not one of monthly, quarterly (write it in lower case: monthly)",
    ]);
  });

  it("never quotes a cell: a note typed into a grade cell goes nowhere", () => {
    const { errors } = check(row({ grade: "child seen at home with concerns about neglect" }));
    expect(errors.map(formatImportError)).toEqual([
      "audits.csv:2: grade: the value is not one of outstanding, good, requires_improvement, inadequate",
    ]);
    expect(JSON.stringify(errors)).not.toContain("neglect");
    // With a comma, the rest of the note spills past the last column: not quoted either.
    const spilt = check(row({ grade: "child seen at home, concerns about neglect" })).errors;
    expect(spilt.length).toBeGreaterThan(0);
    expect(JSON.stringify(spilt)).not.toContain("neglect");
  });

  it("names every broken rule by file, line, column and rule", () => {
    const { errors } = check(
      [
        row({ auditor_id: "NOBODY" }),
        row({ auditor_id: "W1" }),
        row({ grade: "excellent" }),
        row({ kind: "weekly" }),
        row({ q7: "6", q3: "2.5" }),
        row({ file_complete: "maybe" }),
        row({ grade: "inadequate", actions_due_date: "2026-11-19" }),
        row({ grade: "good", date: "2026-11-23", actions_due_date: "2026-12-20" }),
        row({ staff_id: "W9" }),
        row({ auditor_id: "m2", date: "2026-11-21" }),
        row({ date: "2026-11-31" }),
        row({ grade: "" }),
      ].join("\n"),
    );
    expect(errors.map((e) => [formatImportError(e), e.rule])).toEqual([
      ["audits.csv:2: auditor_id: auditor 'NOBODY' is not in the roster", "auditor not in roster"],
      ["audits.csv:3: auditor_id: an auditor cannot audit their own file", "audits their own file"],
      [
        "audits.csv:4: grade: the value is not one of outstanding, good, requires_improvement, inadequate",
        "invalid grade",
      ],
      ["audits.csv:5: kind: the value is not one of monthly, quarterly", "invalid kind"],
      ["audits.csv:6: q3: the value is not a whole number from 1 to 5", "invalid q3"],
      ["audits.csv:6: q7: the value is not from 1 to 5", "invalid q7"],
      ["audits.csv:7: file_complete: the value is not yes or no", "invalid file_complete"],
      [
        "audits.csv:8: actions_due_date: 2026-11-19 is before the audit's date 2026-11-20",
        "actions due before the audit",
      ],
      [
        "audits.csv:9: actions_due_date: actions are set only for a file graded below Good (this one is good): leave it blank",
        "actions for a file graded Good or better",
      ],
      [
        "audits.csv:10: staff_id: unknown staff_id 'W9' (not in staff.csv or the store)",
        "unknown staff_id",
      ],
      [
        "audits.csv:11: auditor_id: auditor 'm2' is not in the roster (did you mean 'M2'?)",
        "auditor not in roster",
      ],
      ["audits.csv:12: date: the value is not a real date written YYYY-MM-DD", "invalid date"],
      ["audits.csv:13: grade: is required", "invalid grade"],
    ]);
  });

  it("takes actions on the audit's own day, and for an outstanding file refuses them", () => {
    expect(errorsOf(row({ grade: "inadequate", actions_due_date: "2026-11-20" }))).toEqual([]);
    expect(errorsOf(row({ grade: "outstanding", actions_due_date: "2026-11-20" }))).toEqual([
      "audits.csv:2: actions_due_date: actions are set only for a file graded below Good (this one is outstanding): leave it blank",
    ]);
  });

  it("keeps an audit repeated as it is once, and refuses one audit told two ways", () => {
    expect(errorsOf([row(), row()].join("\n"))).toEqual([]);
    expect(errorsOf([row(), row({ grade: "requires_improvement" })].join("\n"))).toEqual([
      "audits.csv:3: staff_id: conflicts with line 2: same record with different details",
    ]);
    // Another auditor, or the other kind, the same day: another audit.
    expect(
      errorsOf([row(), row({ auditor_id: "M1" }), row({ kind: "quarterly" })].join("\n")),
    ).toEqual([]);
  });

  it("needs staff_id, date, auditor_id, kind and grade in the header; the rest may be left out", () => {
    expect(errorsOf("W1,2026-11-20,M2,monthly", "staff_id,date,auditor_id,kind")).toEqual([
      "audits.csv:1: grade: required column is missing from the header",
    ]);
    expect(
      errorsOf("W1,2026-11-20,M2,monthly,good", "staff_id,date,auditor_id,kind,grade"),
    ).toEqual([]);
  });
});

describe("audits.csv holds no free text: its own columns only", () => {
  const REASON =
    "an audit's notes or comments may mention children, which this system never holds; remove the column from the export";
  const OWN = HEADER.join(", ");

  it("refuses a notes or comments column on line 1, naming it, and reads no row", () => {
    const { errors, parsed } = check(
      `${row()},"Child seen at home, mum present"`,
      `${HEADER.join(",")},notes`,
    );
    expect(errors.map(formatImportError)).toEqual([
      `audits.csv:1: notes: is not a column of audits.csv, which takes its own columns only (${OWN}): ${REASON}`,
    ]);
    expect(countByRule(errors)).toEqual({ "column not allowed": 1 });
    expect(parsed.files.audits).toEqual([]);
    // No cell of the file is quoted back: the error says nothing a note said.
    expect(errors.map(formatImportError).join("\n")).not.toMatch(/Child|mum/);
    expect(errorsOf(`${row()},x,y`, `comments,${HEADER.join(",")},Auditor Comments`)).toEqual([
      `audits.csv:1: comments: is not a column of audits.csv, which takes its own columns only (${OWN}): ${REASON}`,
      `audits.csv:1: Auditor Comments: is not a column of audits.csv, which takes its own columns only (${OWN}): ${REASON}`,
    ]);
  });

  it("refuses any column the contract does not read, not only those named like notes", () => {
    expect(errorsOf(`${row()},CASE-1`, `${HEADER.join(",")},case_ref`)).toEqual([
      `audits.csv:1: case_ref: is not a column of audits.csv, which takes its own columns only (${OWN}): ${REASON}`,
    ]);
  });

  it("refuses a value under no column name (an unnamed column, or past the header), naming line and column", () => {
    expect(
      errorsOf([`${row()},`, `${row()},,Child seen alone`].join("\n"), `${HEADER.join(",")},`),
    ).toEqual([
      `audits.csv:3: column 21: holds a value under no column name: audits.csv takes its own columns only (${OWN}): an audit's notes or comments may mention children, which this system never holds; remove it from the export`,
    ]);
    // Empty trailing cells, as Excel leaves them, are nothing.
    expect(errorsOf(`${row()},,`, `${HEADER.join(",")},,`)).toEqual([]);
  });

  it("is checked the same when the export is read a piece at a time", () => {
    const audits = Buffer.from(
      `${HEADER.join(",")}\n${row()}\n${row({ staff_id: "W2" })},Child seen\n${row({ date: "2026-11-21" })}\n`,
    );
    const index = indexExport({ audits }, { rowsPerPiece: 1 });
    expect(index.errors.map(formatImportError)).toEqual([
      expect.stringMatching(/^audits\.csv:3: column 20: holds a value under no column name/),
    ]);
    expect(
      indexExport(
        { audits: Buffer.from(`${HEADER.join(",")},notes\n${row()},x\n${row()},y\n`) },
        { rowsPerPiece: 1 },
      ).errors.map(formatImportError),
    ).toEqual([expect.stringMatching(/^audits\.csv:1: notes: is not a column of audits\.csv/)]);
  });

  it("leaves the other files' extra columns ignored, as the contract says", () => {
    const parsed = parseFiles({
      appraisals: Buffer.from("staff_id,date,notes\nW1,2024-01-01,anything\n"),
    });
    expect(parsed.errors).toEqual([]);
  });
});

/** A folder through a profile, then the contract's row checks: the errors as printed. */
async function throughProfile(files: Record<string, Buffer | string>, profile?: object) {
  const mapped: ContractFiles = await toContractFiles({
    files: new Map(Object.entries(files).map(([name, c]) => [name, Buffer.from(c)])),
    ...(profile
      ? { profile: { name: "import-profile.json", content: Buffer.from(JSON.stringify(profile)) } }
      : {}),
  });
  if (!mapped.ok) return { errors: mapped.errors.map(formatImportError), records: undefined };
  const parsed = parseFiles(mapped.contents);
  return {
    errors: mergeErrors(mapped.cellErrors, mapped.translate(parsed.errors)).map(formatImportError),
    records: parsed.files.audits?.map((r) => r.record),
  };
}

describe("an audit tool's own export, through a profile", () => {
  const profile = {
    dateFormat: "DD/MM/YYYY",
    files: {
      audits: {
        from: "audit log.xlsx",
        sheet: "Audits",
        columns: {
          staff_id: "Worker",
          date: "Audited on",
          auditor_id: "Auditor",
          kind: "Type",
          grade: "Overall",
          q7: "Q7 Reflection",
          file_complete: "Complete?",
        },
        values: {
          kind: { "Monthly SM audit": "monthly" },
          grade: { "Requires Improvement": "requires_improvement", Good: "good" },
          file_complete: { Y: "yes", N: "no" },
        },
      },
    },
  };
  const header = [
    "Worker",
    "Audited on",
    "Auditor",
    "Type",
    "Overall",
    "Q7 Reflection",
    "Complete?",
  ];

  it("reads every column the profile names, its words and UK dates", async () => {
    const xlsx = await workbook({
      Audits: [header, ["W1", "20/11/2026", "M2", "Monthly SM audit", "Good", 2, "Y"]],
    });
    const r = await throughProfile({ "audit log.xlsx": xlsx }, profile);
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual([
      {
        staffId: "W1",
        date: "2026-11-20",
        auditorId: "M2",
        kind: "monthly",
        grade: "good",
        scores: { q7: 2 },
        fileComplete: true,
        actionsDueDate: undefined,
      },
    ]);
  });

  it("never quotes a note typed into a date cell, nor into a word cell", async () => {
    const xlsx = await workbook({
      Audits: [
        header,
        ["W1", "Child seen at home", "M2", "Monthly SM audit", "Good", 2, "Y"],
        ["W1", "20/11/2026", "M2", "Monthly SM audit", "Child seen at home", 2, "Y"],
      ],
    });
    const r = await throughProfile({ "audit log.xlsx": xlsx }, profile);
    expect(r.errors).toEqual([
      "audit log.xlsx[Audits]:2: Audited on: the value is not a date written DD/MM/YYYY (the profile's dateFormat)",
      "audit log.xlsx[Audits]:3: Overall: the value is not one of outstanding, good, requires_improvement, inadequate",
    ]);
  });

  it("refuses a source column the profile leaves unread, in the source's terms", async () => {
    const xlsx = await workbook({
      Audits: [
        [...header, "Auditor notes"],
        ["W1", "20/11/2026", "M2", "Monthly SM audit", "Good", 2, "Y", "Child seen at school"],
      ],
    });
    const r = await throughProfile({ "audit log.xlsx": xlsx }, profile);
    expect(r.errors).toEqual([
      "audit log.xlsx[Audits]:1: Auditor notes: is not a column of audits.csv, which takes its own columns only (Worker, Audited on, Auditor, Type, Overall, Q7 Reflection, Complete?): an audit's notes or comments may mention children, which this system never holds; remove the column from the export",
    ]);
  });

  it("refuses a value in a sheet's column with no header, on its Excel row", async () => {
    const xlsx = await workbook({
      Audits: [
        header,
        ["W1", "20/11/2026", "M2", "Monthly SM audit", "Good", 2, "Y"],
        ["W1", "21/11/2026", "M2", "Monthly SM audit", "Good", 2, "Y", undefined, "Child seen"],
      ],
    });
    const r = await throughProfile({ "audit log.xlsx": xlsx }, profile);
    expect(r.errors).toEqual([
      expect.stringMatching(
        /^audit log\.xlsx\[Audits\]:3: column 9: holds a value under no column name: audits\.csv takes its own columns only/,
      ),
    ]);
  });

  it("refuses a notes column in audits.xlsx read without a profile", async () => {
    const xlsx = await workbook({ Sheet1: [[...HEADER, "Notes"], row().split(",")] });
    const r = await throughProfile({ "audits.xlsx": xlsx });
    expect(r.errors).toEqual([
      expect.stringMatching(/^audits\.xlsx\[Sheet1\]:1: Notes: is not a column of audits\.csv/),
    ]);
  });
});

describe("audits.csv as written for tests and the demo", () => {
  it("reads back as the records it was written from", () => {
    const audits = [
      {
        staffId: "W1",
        date: "2026-11-20",
        auditorId: "M2",
        kind: "monthly" as const,
        grade: "inadequate" as const,
        scores: { q1: 4, q12: 5 },
        fileComplete: false,
        actionsDueDate: "2026-12-04",
      },
      {
        staffId: "W2",
        date: "2026-11-21",
        auditorId: "M2",
        kind: "quarterly" as const,
        grade: "good" as const,
      },
    ];
    const parsed = parseFiles({ audits: Buffer.from(toCsv("audits", audits)) });
    expect(parsed.errors).toEqual([]);
    expect(parsed.files.audits?.map((r) => r.record)).toEqual([
      audits[0],
      { ...audits[1], scores: undefined, fileComplete: undefined, actionsDueDate: undefined },
    ]);
  });
});
