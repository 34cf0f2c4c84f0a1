import { describe, expect, it } from "vitest";
import type { StaffMember } from "../../shared/domain/records";
import { parseFiles } from "../../shared/import/parse-files";
import { formatImportError } from "../../shared/import/read-csv";
import { importErrors } from "../../shared/import/validate-import";

const STAFF_HEADER =
  "staff_id,name,email,role,employment,qualification,asye_start_date,team,service,supervisor_id,supervisor_since,start_date,end_date,operational,caseload,supervision_interval_days";

interface StaffCells {
  id: string;
  name?: string;
  supervisor?: string;
  start?: string;
  caseload?: string;
  interval?: string;
  team?: string;
}
const staffLine = (c: StaffCells) =>
  [
    c.id,
    c.name ?? `Name ${c.id}`,
    `${c.id.toLowerCase().replace(/[^a-z0-9]/g, "")}@example.gov.uk`,
    "social_worker",
    "permanent",
    "qualified",
    "",
    c.team ?? "Team A",
    "Service X",
    c.supervisor ?? "",
    "",
    c.start ?? "2020-01-01",
    "",
    "yes",
    c.caseload ?? "",
    c.interval ?? "",
  ].join(",");
const staffFile = (...rows: StaffCells[]) =>
  [STAFF_HEADER, ...rows.map(staffLine)].join("\n").concat("\n");

function errorsFor(
  files: Record<string, string | Buffer>,
  existing: ReadonlyMap<string, StaffMember> = new Map(),
) {
  const parsed = parseFiles(
    Object.fromEntries(
      Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? Buffer.from(v) : v]),
    ),
  );
  return importErrors(parsed, existing).map(formatImportError);
}

describe("import text hygiene and bounds", () => {
  it("rejects control characters in the columns it reads, wherever they are", () => {
    const staff = staffFile(
      { id: "M1" },
      { id: "W1", name: "Ali\u0000Patel", supervisor: "M1" },
      { id: "W2", name: '"Bea\r\nNewman"', supervisor: "M1" },
      { id: "W3", team: "Team\tA", supervisor: "M1" },
    );
    expect(errorsFor({ staff })).toEqual([
      "staff.csv:3: name: holds a control character (a line break, tab or similar): remove it",
      "staff.csv:4: name: holds a control character (a line break, tab or similar): remove it",
      "staff.csv:6: team: holds a control character (a line break, tab or similar): remove it",
    ]);
  });

  it("leaves free text in columns it ignores alone", () => {
    const staff = `${STAFF_HEADER},notes\n${staffLine({ id: "M1" })},"two\nlines"\n`;
    expect(errorsFor({ staff })).toEqual([]);
  });

  it("names the line of bytes that are not UTF-8, and stores no replacement characters", () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${STAFF_HEADER}\n${staffLine({ id: "M1" })}\nW1,Ren`),
      Buffer.from([0xe9]), // é in Windows-1252
      Buffer.from(
        `e Roux,w1@example.gov.uk,social_worker,permanent,qualified,,Team A,Service X,M1,,2020-01-01,,yes,,\n`,
      ),
    ]);
    expect(errorsFor({ staff: latin1 })).toEqual([
      "staff.csv:3: name: holds bytes that are not UTF-8: save the file as UTF-8 (CSV UTF-8 in Excel)",
    ]);
  });

  it("allows only letters, digits, '.', '_' and '-' in ids, at most 64", () => {
    const staff = staffFile(
      { id: "M1" },
      { id: "../../x", supervisor: "M1" },
      { id: "W 1", supervisor: "M1" },
      { id: `W${"9".repeat(64)}`, supervisor: "M1" },
      { id: "w.2_a-3", supervisor: "M1" },
    );
    expect(errorsFor({ staff })).toEqual([
      "staff.csv:3: staff_id: '../../x' is not an id: use letters, digits, '.', '_' and '-', starting with a letter or digit",
      "staff.csv:4: staff_id: 'W 1' is not an id: use letters, digits, '.', '_' and '-', starting with a letter or digit",
      "staff.csv:5: staff_id: is longer than 64 characters",
    ]);
  });

  it("treats ids that differ only in case as a mistake, in the file and against the store", () => {
    const staff = staffFile(
      { id: "M1" },
      { id: "W1", supervisor: "M1" },
      { id: "w1", supervisor: "m1" },
    );
    expect(errorsFor({ staff })).toEqual([
      "staff.csv:4: staff_id: 'w1' and 'W1' (line 3) differ only in letter case: one person or two?",
      "staff.csv:4: supervisor_id: supervisor 'm1' is not in the roster (did you mean 'M1'?)",
    ]);
    const existing = new Map([["X7", { staffId: "X7" } as StaffMember]]);
    expect(errorsFor({ staff: staffFile({ id: "x7" }) }, existing)).toEqual([
      "staff.csv:2: staff_id: 'x7' and 'X7' (the store) differ only in letter case: one person or two?",
    ]);
  });

  it("names every line of a loop of supervisors", () => {
    const staff = staffFile(
      { id: "A", supervisor: "C" },
      { id: "B", supervisor: "A" },
      { id: "Top" },
      { id: "C", supervisor: "B" },
      { id: "D", supervisor: "Top" },
    );
    const loop = "supervisors form a loop: 'A' → 'C' → 'B' → 'A' (staff.csv lines 2, 5, 3)";
    expect(errorsFor({ staff })).toEqual([
      `staff.csv:2: supervisor_id: ${loop}`,
      `staff.csv:3: supervisor_id: ${loop}`,
      `staff.csv:5: supervisor_id: ${loop}`,
    ]);
  });

  it("finds a loop closed through someone already in the store", () => {
    const existing = new Map([["S1", { staffId: "S1", supervisorId: "N1" } as StaffMember]]);
    expect(errorsFor({ staff: staffFile({ id: "N1", supervisor: "S1" }) }, existing)).toEqual([
      "staff.csv:2: supervisor_id: supervisors form a loop: 'S1' → 'N1' → 'S1' (staff.csv line 2)",
    ]);
  });

  it("rejects a header that names a column twice", () => {
    expect(errorsFor({ appraisals: "staff_id,date,date\nW1,2024-01-01,2024-02-01\n" })).toEqual([
      "appraisals.csv:1: date: column appears more than once in the header: which one holds the data?",
    ]);
  });

  it("keeps numbers, dates and lengths within sane bounds", () => {
    const staff = staffFile(
      { id: "M1", start: "0000-01-01" },
      { id: "W1", supervisor: "M1", interval: "999999999", caseload: "9".repeat(400) },
      { id: "W2", supervisor: "M1", name: "N".repeat(201), start: "2100-01-01" },
      { id: "W3", supervisor: "M1", interval: "365", caseload: "150" },
    );
    const supervisions =
      "staff_id,date,supervisor_id,type,duration_minutes\nW3,2024-01-05,M1,formal,601\n";
    const absences = "staff_id,start_date,end_date\nW3,2010-01-01,2020-01-01\n";
    expect(errorsFor({ staff, supervisions, absences })).toEqual([
      "absences.csv:2: end_date: an absence of more than 1830 days: check the dates",
      "staff.csv:2: start_date: '0000-01-01' is outside 1900-01-01 to 2099-12-31",
      `staff.csv:3: caseload: '${"9".repeat(60)}…' is not a whole number from 0 to 150`,
      "staff.csv:3: supervision_interval_days: '999999999' is not from 1 to 365",
      "staff.csv:4: name: is longer than 200 characters",
      "staff.csv:4: start_date: '2100-01-01' is outside 1900-01-01 to 2099-12-31",
      "supervisions.csv:2: duration_minutes: '601' is not from 1 to 600",
    ]);
  });
});

describe("same-day sessions", () => {
  const staff = staffFile({ id: "M1" }, { id: "W1", supervisor: "M1" });

  it("are two records when two rows share person, date, type and supervisor", () => {
    const supervisions =
      "staff_id,date,supervisor_id,type,duration_minutes\nW1,2024-03-01,M1,formal,90\nW1,2024-03-01,M1,formal,30\n";
    const parsed = parseFiles({
      staff: Buffer.from(staff),
      supervisions: Buffer.from(supervisions),
    });
    expect(importErrors(parsed, new Map())).toEqual([]);
    expect(parsed.files.supervisions?.map((r) => r.record)).toEqual([
      {
        staffId: "W1",
        date: "2024-03-01",
        supervisorId: "M1",
        type: "formal",
        durationMinutes: 90,
      },
      {
        staffId: "W1",
        date: "2024-03-01",
        supervisorId: "M1",
        type: "formal",
        durationMinutes: 30,
        sameDayIndex: 2,
      },
    ]);
  });

  it("are known by session_id when the export has one, which must not repeat for a person", () => {
    const supervisions =
      "staff_id,date,supervisor_id,type,duration_minutes,session_id\nW1,2024-03-01,M1,formal,90,CM-1\nW1,2024-03-01,M1,formal,30,CM-2\nW1,2024-03-08,M1,formal,60,CM-1\n";
    expect(errorsFor({ staff, supervisions })).toEqual([
      "supervisions.csv:4: session_id: session_id 'CM-1' is already on line 2 for this person",
    ]);
  });
});
