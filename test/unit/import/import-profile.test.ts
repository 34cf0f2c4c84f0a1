import { describe, expect, it } from "vitest";
import { CSV_FILE_KINDS, CSV_FILES } from "../../../shared/import/csv-files";
import {
  DATE_COLUMNS,
  filesToRead,
  jsonPath,
  parseImportProfile,
  resolveFiles,
} from "../../../shared/import/import-profile";
import { formatImportError } from "../../../shared/import/read-csv";

const parse = (profile: unknown) =>
  parseImportProfile(
    "import-profile.json",
    Buffer.from(typeof profile === "string" ? profile : JSON.stringify(profile)),
  );

/** The profile's errors as an admin reads them. */
function errorsOf(profile: unknown): string[] {
  const parsed = parse(profile);
  if (parsed.ok) throw new Error("expected the profile to be refused");
  return parsed.errors.map(formatImportError);
}

describe("an import profile", () => {
  it("takes the issue's example, every key optional, YYYY-MM-DD by default", () => {
    const example = {
      dateFormat: "DD/MM/YYYY",
      files: {
        staff: {
          from: "HR staff list.xlsx",
          sheet: "Staff",
          columns: { staff_id: "Employee No", supervisor_id: "Line Manager ID" },
          values: {
            role: { "Team Manager": "team_manager" },
            employment: { Y: "agency", N: "permanent" },
          },
        },
        supervisions: { from: "supervision-log.csv", columns: { date: "Session Date" } },
      },
    };
    const parsed = parse(example);
    expect(parsed.ok && parsed.profile).toEqual(example);
    const empty = parse({});
    expect(empty.ok && empty.profile).toEqual({ dateFormat: "YYYY-MM-DD", files: {} });
  });

  it("names each problem by its JSON path, every one at once", () => {
    expect(
      errorsOf({
        dateFormat: "MM/DD/YYYY",
        files: {
          staf: {},
          staff: {
            from: "exports/staff.xlsx",
            colums: {},
            columns: { staff_no: "Employee No", name: "" },
            values: {
              role: { "Team Manager": "manager" },
              Agency: { Y: "agency" },
              employment: { Y: "agency", y: "permanent" },
            },
          },
          supervisions: { from: "log.csv", sheet: "Log", dateFormat: "D/M/YY" },
        },
      }),
    ).toEqual([
      'import-profile.json: dateFormat: Invalid option: expected one of "YYYY-MM-DD"|"DD/MM/YYYY"|"D/M/YYYY"',
      "import-profile.json: files.staff.from: a file in the import folder whose name ends .csv or .xlsx (no folder)",
      "import-profile.json: files.staff.columns.name: a column name (not empty)",
      "import-profile.json: files.staff.colums: unknown key 'colums' (expected from, sheet, dateFormat, columns, values); misspelt? it would be ignored, so it is refused",
      'import-profile.json: files.supervisions.dateFormat: Invalid option: expected one of "YYYY-MM-DD"|"DD/MM/YYYY"|"D/M/YYYY"',
      "import-profile.json: files.staf: unknown key 'staf' (expected staff, supervisions, absences, agreements, appraisals, training, audits); misspelt? it would be ignored, so it is refused",
      // The checks across keys too, though the shape was wrong: every problem in one round.
      expect.stringMatching(
        /^import-profile\.json: files\.staff\.columns\.staff_no: 'staff_no' is not a column of staff\.csv/,
      ),
      "import-profile.json: files.staff.values.role[\"Team Manager\"]: 'manager' is not one of social_worker, senior_practitioner, advanced_practitioner, team_manager, service_manager, head_of_service, principal_social_worker, other",
      expect.stringMatching(
        /^import-profile\.json: files\.staff\.values\.Agency: 'Agency' is not a column of staff\.csv/,
      ),
      "import-profile.json: files.staff.values.employment.y: 'y' and 'Y' are the same value to the import (letter case is ignored) but map to different values",
      "import-profile.json: files.supervisions.sheet: 'log.csv' is a CSV file: it has no sheets",
    ]);
  });

  it("refuses columns and values naming no contract column, and value maps onto no allowed value", () => {
    expect(
      errorsOf({
        files: {
          staff: {
            columns: { staff_no: "Employee No", employment: "Agency" },
            values: {
              role: { "Team Manager": "manager", "Social Worker": "social_worker" },
              Agency: { Y: "agency" },
              employment: { Y: "agency", y: "permanent", n: "permanent", N: "permanent" },
            },
          },
          supervisions: { from: "log.csv", sheet: "Log" },
        },
      }),
    ).toEqual([
      "import-profile.json: files.staff.columns.staff_no: 'staff_no' is not a column of staff.csv: the keys are its columns (staff_id, name, email, role, employment, qualification, asye_start_date, team, service, supervisor_id, supervisor_since, start_date, end_date, operational, caseload, supervision_interval_days, reminder_frequency), each naming the source column it is read from",
      "import-profile.json: files.staff.values.role[\"Team Manager\"]: 'manager' is not one of social_worker, senior_practitioner, advanced_practitioner, team_manager, service_manager, head_of_service, principal_social_worker, other",
      "import-profile.json: files.staff.values.Agency: 'Agency' is a source column: values are keyed by the contract column it is read into ('employment')",
      "import-profile.json: files.staff.values.employment.y: 'y' and 'Y' are the same value to the import (letter case is ignored) but map to different values",
      "import-profile.json: files.supervisions.sheet: 'log.csv' is a CSV file: it has no sheets",
    ]);
  });

  it("says where JSON that does not parse breaks, and refuses what is not an object", () => {
    const [broken] = errorsOf('{\n  "dateFormat": "DD/MM/YYYY",\n  "files": {,}\n}');
    expect(broken).toMatch(/^import-profile\.json:3: \(profile\): is not valid JSON: /);
    expect(errorsOf("[]")).toEqual([
      "import-profile.json: (profile): Invalid input: expected object, received array",
    ]);
  });

  it("writes paths as JavaScript would", () => {
    expect(jsonPath(["files", "staff", "values", "role", "Team Manager"])).toBe(
      'files.staff.values.role["Team Manager"]',
    );
    expect(jsonPath([])).toBe("(profile)");
  });
});

describe("where dateFormat applies", () => {
  it("is every date column of the contract, and nothing else", () => {
    for (const kind of CSV_FILE_KINDS) {
      const dated = CSV_FILES[kind].columns.filter((c) => /date|_since$/.test(c));
      expect([...DATE_COLUMNS[kind]].sort(), kind).toEqual(dated.sort());
    }
  });
});

describe("which file each kind is read from", () => {
  const profile = (files: object) => {
    const parsed = parse({ files });
    if (!parsed.ok) throw new Error("bad profile");
    return parsed.profile;
  };

  it("takes the profile's from, else <kind>.csv or <kind>.xlsx", () => {
    const { files, errors } = resolveFiles(profile({ staff: { from: "HR staff list.xlsx" } }), [
      "HR staff list.xlsx",
      "supervisions.xlsx",
      "training.csv",
      "notes.docx",
      "staff.csv",
    ]);
    expect(errors).toEqual([]);
    expect(files).toEqual({
      staff: "HR staff list.xlsx",
      supervisions: "supervisions.xlsx",
      training: "training.csv",
    });
  });

  it("refuses a from that is not in the folder, and a kind found both as CSV and workbook", () => {
    const { errors } = resolveFiles(profile({ supervisions: { from: "Supervision Log.csv" } }), [
      "supervision log.csv",
      "staff.csv",
      "staff.xlsx",
    ]);
    expect(errors.map(formatImportError)).toEqual([
      "staff.xlsx: (file): and staff.csv are both in the import folder: remove the one that is not the export, or name it in import-profile.json (files.staff.from)",
      "import-profile.json: files.supervisions.from: 'Supervision Log.csv' is not in the import folder (there is 'supervision log.csv': names must match exactly)",
    ]);
  });

  it("refuses one file read as two kinds", () => {
    const { errors } = resolveFiles(profile({ supervisions: { from: "staff.csv" } }), [
      "staff.csv",
    ]);
    expect(errors.map(formatImportError)).toEqual([
      "import-profile.json: files.supervisions.from: 'staff.csv' is already read as the staff file",
    ]);
  });

  it("has an adapter read only the import's files, and none when the profile is broken", () => {
    const folder = ["staff.xlsx", "log.csv", "READY", "other.csv", "training.csv"];
    const good = Buffer.from(JSON.stringify({ files: { supervisions: { from: "log.csv" } } }));
    expect(filesToRead(good, folder)).toEqual(["staff.xlsx", "log.csv", "training.csv"]);
    expect(filesToRead(undefined, folder)).toEqual(["staff.xlsx", "training.csv"]);
    expect(filesToRead(Buffer.from("{"), folder)).toEqual([]);
  });
});
