import { describe, expect, it } from "vitest";
import { parseFiles } from "../../shared/import/parse-files";
import { formatImportError } from "../../shared/import/read-csv";
import { importErrors, validateImport } from "../../shared/import/validate-import";

const STAFF_HEADER =
  "staff_id,name,email,role,employment,qualification,asye_start_date,team,service,supervisor_id,supervisor_since,start_date,end_date,operational,caseload,supervision_interval_days";
const staffLine = (
  id: string,
  extra: Partial<
    Record<"email" | "role" | "supervisor" | "start" | "end" | "operational", string>
  > = {},
) =>
  [
    id,
    `Name ${id}`,
    extra.email ?? `${id.toLowerCase()}@example.gov.uk`,
    extra.role ?? "social_worker",
    "permanent",
    "qualified",
    "",
    "Team A",
    "Service X",
    extra.supervisor ?? "",
    "",
    extra.start ?? "2020-01-01",
    extra.end ?? "",
    extra.operational ?? "yes",
    "",
    "",
  ].join(",");

function errorsFor(files: Record<string, string>) {
  const parsed = parseFiles(
    Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])),
  );
  return importErrors(parsed, new Map()).map(formatImportError);
}

describe("CSV import contract", () => {
  it("reads a valid file with BOM, CRLF, quoted commas and extra columns", () => {
    const csv = `\uFEFF${STAFF_HEADER},notes\r\nM1,"Hughes, Dana",m1@example.gov.uk,team_manager,permanent,qualified,,Team A,Service X,,,2015-01-01,,no,,,"likes ""tea"""\r\n`;
    const parsed = parseFiles({ staff: Buffer.from(csv) });
    expect(parsed.errors).toEqual([]);
    expect(parsed.files.staff?.[0]?.record).toMatchObject({
      staffId: "M1",
      name: "Hughes, Dana",
      operational: false,
    });
    expect(parsed.files.staff?.[0]?.record.endDate).toBeUndefined();
  });

  it("lists every error as file:line: column: what is wrong, with editor line numbers", () => {
    const staff = [
      STAFF_HEADER,
      staffLine("M1", { role: "team_manager", operational: "no" }),
      staffLine("W1", { email: "not-an-email", supervisor: "M1" }),
      "",
      staffLine("W2", { role: "wizard", supervisor: "M1", start: "2024-02-30" }),
      staffLine("W1", { supervisor: "M1" }),
      staffLine("W3", { supervisor: "NOBODY", start: "2024-05-01", end: "2024-04-01" }),
    ].join("\n");
    const supervisions =
      "staff_id,date,supervisor_id,type,duration_minutes\nW9,2024-01-05,M1,formal,60\nM1,2024-01-05,M1,coaching,sixty\n";
    expect(errorsFor({ staff, supervisions })).toEqual([
      "staff.csv:3: email: 'not-an-email' is not a valid email address",
      "staff.csv:5: role: 'wizard' is not one of social_worker, senior_practitioner, advanced_practitioner, team_manager, service_manager, head_of_service, principal_social_worker, other",
      "staff.csv:5: start_date: '2024-02-30' is not a real date written YYYY-MM-DD",
      "staff.csv:6: staff_id: duplicate staff_id 'W1' (first on line 3)",
      "staff.csv:7: end_date: 2024-04-01 is before start_date 2024-05-01",
      "staff.csv:7: supervisor_id: supervisor 'NOBODY' is not in the roster",
      "supervisions.csv:2: staff_id: unknown staff_id 'W9' (not in staff.csv or the store)",
      "supervisions.csv:3: type: 'coaching' is not one of formal, group, peer",
      "supervisions.csv:3: duration_minutes: 'sixty' is not a whole number from 1 to 600",
    ]);
  });

  it("reads the optional reminder_frequency column: weekly, daily, or blank for the default", () => {
    const header = `${STAFF_HEADER},reminder_frequency`;
    const staff = [
      header,
      `${staffLine("M1", { role: "team_manager", operational: "no" })},daily`,
      `${staffLine("W1", { supervisor: "M1" })},`,
      `${staffLine("W2", { supervisor: "M1" })},weekly`,
      `${staffLine("W3", { supervisor: "M1" })},sometimes`,
    ].join("\n");
    expect(errorsFor({ staff })).toEqual([
      "staff.csv:5: reminder_frequency: 'sometimes' is not one of weekly, daily",
    ]);
    const parsed = parseFiles({ staff: Buffer.from(staff.split("\n").slice(0, 4).join("\n")) });
    expect(parsed.files.staff?.map((r) => r.record.reminderFrequency)).toEqual([
      "daily",
      undefined,
      "weekly",
    ]);
  });

  it("names missing required columns on the header line", () => {
    expect(errorsFor({ appraisals: "staff_id,when\nW1,2024-01-01\n" })).toEqual([
      "appraisals.csv:1: date: required column is missing from the header",
    ]);
  });

  it("counts lines inside quoted fields that span lines", () => {
    const staff = `${STAFF_HEADER}\n${staffLine("M1")}\nW1,"Name\nOn Two Lines",bad,social_worker,permanent,qualified,,Team A,Service X,M1,,2020-01-01,,yes,,\n${staffLine("W2", { email: "also-bad" })}\n`;
    expect(errorsFor({ staff })).toEqual([
      "staff.csv:3: name: holds a control character (a line break, tab or similar): remove it",
      "staff.csv:3: email: 'bad' is not a valid email address",
      "staff.csv:5: email: 'also-bad' is not a valid email address",
    ]);
  });

  it("reports broken CSV (an unclosed quote) instead of guessing", () => {
    const errors = errorsFor({ training: 'staff_id,date,course\nW1,2024-01-01,"supervision\n' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^training\.csv:\d+: \(file\): not valid CSV: Quote Not Closed/);
  });

  it("checks absences, required cells and coarse reasons only", () => {
    const staff = `${STAFF_HEADER}\n${staffLine("W1")}\n`;
    const absences =
      "staff_id,start_date,end_date,reason\nW1,2024-03-10,2024-03-01,sickness\nW1,2024-04-01,,leave\nW1,2024-05-01,2024-05-02,migraine\n";
    expect(errorsFor({ staff, absences })).toEqual([
      "absences.csv:2: end_date: 2024-03-01 is before start_date 2024-03-10",
      "absences.csv:3: end_date: is required",
      expect.stringMatching(
        /^absences\.csv:4: reason: 'migraine' is not one of leave, annual_leave, sickness/,
      ),
    ]);
  });

  it("does not blame references to a person whose own row is invalid", () => {
    const staff = `${STAFF_HEADER}\n${staffLine("W1", { email: "broken" })}\n`;
    const appraisals = "staff_id,date\nW1,2024-01-01\n";
    expect(errorsFor({ staff, appraisals })).toEqual([
      "staff.csv:2: email: 'broken' is not a valid email address",
    ]);
  });

  it("accepts references to people already in the store", () => {
    const parsed = parseFiles({ appraisals: Buffer.from("staff_id,date\nOLD1,2024-01-01\n") });
    const existing = new Map([["OLD1", { staffId: "OLD1" } as never]]);
    expect(validateImport(parsed.files, existing)).toEqual([]);
  });
});
