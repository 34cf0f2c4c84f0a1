import { describe, expect, it } from "vitest";
import {
  type ContractFiles,
  mergeErrors,
  toContractFiles,
} from "../../../shared/import/apply-profile";
import { parseFiles } from "../../../shared/import/parse-files";
import { formatImportError } from "../../../shared/import/read-csv";
import { workbook } from "../../helpers/workbooks";

/**
 * A folder through the profile and then the contract's own row checks (the cross-row checks
 * and the store come in the integration test): the errors as printed, and the records.
 */
async function imported(files: Record<string, Buffer | string>, profile?: object) {
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
    records: parsed.files,
    mapped: mapped.mapped,
    contents: mapped.contents,
  };
}

const appraisalsWith = (dateFormat: string, ...dates: string[]) =>
  imported(
    { "appraisal log.csv": ["Employee,Appraised on", ...dates.map((d) => `W1,${d}`)].join("\n") },
    {
      files: {
        appraisals: {
          from: "appraisal log.csv",
          dateFormat,
          columns: { staff_id: "Employee", date: "Appraised on" },
        },
      },
    },
  );

const dates = (r: Awaited<ReturnType<typeof imported>>) =>
  (r.records?.appraisals ?? []).map((a) => a.record.date);

describe("text dates, as the profile's dateFormat says, never guessed", () => {
  it("YYYY-MM-DD (the default): 13/02/2024 is an error, not a date", async () => {
    const r = await appraisalsWith("YYYY-MM-DD", "2024-02-13", "13/02/2024", "2024-02-30");
    expect(dates(r)).toEqual(["2024-02-13"]);
    expect(r.errors).toEqual([
      "appraisal log.csv:3: Appraised on: '13/02/2024' is not a real date written YYYY-MM-DD",
      "appraisal log.csv:4: Appraised on: '2024-02-30' is not a real date written YYYY-MM-DD",
    ]);
  });

  it("DD/MM/YYYY: two-digit day and month; 31/02/2024 is no date, 1/2/2024 and ISO are refused", async () => {
    const r = await appraisalsWith(
      "DD/MM/YYYY",
      "13/02/2024",
      "29/02/2024",
      "31/02/2024",
      "1/2/2024",
      "2024-02-13",
      "02/13/2024",
    );
    // Every row with an error stops the whole import; those read are read day first.
    expect(dates(r).slice(0, 2)).toEqual(["2024-02-13", "2024-02-29"]);
    expect(r.errors).toEqual([
      "appraisal log.csv:4: Appraised on: '31/02/2024' is not a real date (written DD/MM/YYYY)",
      "appraisal log.csv:5: Appraised on: '1/2/2024' is not a date written DD/MM/YYYY (the profile's dateFormat)",
      "appraisal log.csv:6: Appraised on: '2024-02-13' is not a date written DD/MM/YYYY (the profile's dateFormat)",
      "appraisal log.csv:7: Appraised on: '02/13/2024' is not a real date (written DD/MM/YYYY)",
    ]);
  });

  it("D/M/YYYY: one or two digits, day first", async () => {
    const r = await appraisalsWith(
      "D/M/YYYY",
      "1/2/2024",
      "01/02/2024",
      "23/11/2026",
      "31/4/2024",
      "1/2/24",
    );
    expect(dates(r)).toEqual(["2024-02-01", "2024-02-01", "2026-11-23"]);
    expect(r.errors).toEqual([
      "appraisal log.csv:5: Appraised on: '31/4/2024' is not a real date (written D/M/YYYY)",
      "appraisal log.csv:6: Appraised on: '1/2/24' is not a date written D/M/YYYY (the profile's dateFormat)",
    ]);
  });

  it("applies to the files the profile names; another file is read as the contract says", async () => {
    const r = await imported(
      {
        "appraisal log.csv": "staff_id,date\nW1,13/02/2024\n",
        "training.csv":
          "staff_id,date,course\nW1,2024-02-13,supervision\nW1,13/02/2024,supervision\n",
      },
      { dateFormat: "DD/MM/YYYY", files: { appraisals: { from: "appraisal log.csv" } } },
    );
    expect(dates(r)).toEqual(["2024-02-13"]);
    expect(r.records?.training?.map((t) => t.record.date)).toEqual(["2024-02-13"]);
    expect(r.errors).toEqual([
      "training.csv:3: date: '13/02/2024' is not a real date written YYYY-MM-DD",
    ]);
  });

  it("a real date cell is a date whatever the format; a plain number in a date column is not", async () => {
    const xlsx = await workbook({
      Sheet1: [
        ["staff_id", "date"],
        ["W1", new Date(Date.UTC(2024, 9, 27, 23, 59))],
        ["W1", 45341],
      ],
    });
    const r = await imported({ "appraisals.xlsx": xlsx });
    expect(dates(r)).toEqual(["2024-10-27"]);
    expect(r.errors).toEqual([
      "appraisals.xlsx[Sheet1]:3: date: is the number 45341, not a date: format the column as dates in Excel",
    ]);
  });
});

describe("values the profile maps, ignoring letter case", () => {
  const staffProfile = {
    files: {
      staff: {
        from: "HR.csv",
        columns: { staff_id: "Employee No", employment: "Agency?", role: "Job Title" },
        values: {
          employment: { Y: "agency", N: "permanent" },
          role: { "Team Manager": "team_manager", "Social Worker": "social_worker" },
          operational: { TRUE: "yes", FALSE: "no" },
        },
      },
    },
  };
  const row = (id: string, agency: string, role: string) =>
    `${id},Ann ${id},${id.toLowerCase()}@example.gov.uk,${role},${agency},qualified,T,S,2020-01-01,TRUE`;
  const header =
    "Employee No,name,email,Job Title,Agency?,qualification,team,service,start_date,operational";

  it("maps any letter case and surrounding spaces; an unmapped value passes to the contract's check", async () => {
    const r = await imported(
      {
        "HR.csv": [
          header,
          row("W1", "y", "TEAM MANAGER"),
          row("W2", " N ", "social worker"),
          row("W3", "agency", "team_manager"),
          row("W4", "Maybe", "Manager"),
        ].join("\n"),
      },
      staffProfile,
    );
    expect(
      r.records?.staff?.map((s) => [s.record.staffId, s.record.employment, s.record.role]),
    ).toEqual([
      ["W1", "agency", "team_manager"],
      ["W2", "permanent", "social_worker"],
      ["W3", "agency", "team_manager"],
    ]);
    expect(r.records?.staff?.every((s) => s.record.operational)).toBe(true);
    expect(r.errors).toEqual([
      "HR.csv:5: Job Title: 'Manager' is not one of social_worker, senior_practitioner, advanced_practitioner, team_manager, service_manager, head_of_service, principal_social_worker, other",
      "HR.csv:5: Agency?: 'Maybe' is not one of permanent, temporary, agency",
    ]);
  });

  it("maps a workbook's TRUE/FALSE cells like any other value", async () => {
    const xlsx = await workbook({
      Staff: [
        header.split(","),
        [
          "W1",
          "Ann",
          "w1@example.gov.uk",
          "Team Manager",
          "N",
          "qualified",
          "T",
          "S",
          new Date(Date.UTC(2020, 0, 1)),
          true,
        ],
        [
          "W2",
          "Bob",
          "w2@example.gov.uk",
          "Social Worker",
          "Y",
          "qualified",
          "T",
          "S",
          new Date(Date.UTC(2020, 0, 1)),
          false,
        ],
      ],
    });
    const r = await imported(
      { "HR.xlsx": xlsx },
      { files: { staff: { ...staffProfile.files.staff, from: "HR.xlsx" } } },
    );
    expect(r.errors).toEqual([]);
    expect(r.records?.staff?.map((s) => [s.record.staffId, s.record.operational])).toEqual([
      ["W1", true],
      ["W2", false],
    ]);
  });
});

describe("columns: read from the source's names, errors told in them", () => {
  it("renames, keeps unmapped contract names, ignores the rest, and says so for the dry run", async () => {
    const r = await imported(
      {
        "log.csv": "Person,Session Date,Kind,Room,Notes\nW1,2024-03-01,formal,2,x\n",
      },
      {
        files: {
          supervisions: {
            from: "log.csv",
            columns: { staff_id: "Person", date: "Session Date", type: "Kind" },
          },
        },
      },
    );
    expect(r.errors).toEqual([]);
    expect(r.contents?.supervisions?.toString()).toBe("staff_id,date,type\nW1,2024-03-01,formal\n");
    expect(r.mapped).toEqual([
      {
        kind: "supervisions",
        file: "supervisions.csv",
        from: "log.csv",
        columns: [
          { source: "Person", contract: "staff_id" },
          { source: "Session Date", contract: "date" },
          { source: "Kind", contract: "type" },
        ],
        ignored: ["Room", "Notes"],
        values: [],
        dateFormat: "YYYY-MM-DD",
      },
    ]);
  });

  it("a source column the profile names but the file lacks names both", async () => {
    const r = await imported(
      { "log.csv": "Person,Date,Type\nW1,2024-03-01,formal\n" },
      {
        files: {
          supervisions: { from: "log.csv", columns: { staff_id: "Person", date: "Session Date" } },
        },
      },
    );
    expect(r.errors).toEqual([
      "log.csv:1: Session Date: is not in the header, so date cannot be read (import-profile.json files.supervisions.columns.date)",
    ]);
  });

  it("a contract column missing altogether is the contract's error, on the header's row", async () => {
    const xlsx = await workbook({
      Log: [[], [], ["Person", "Date"], ["W1", new Date(Date.UTC(2024, 2, 1))]],
    });
    const r = await imported(
      { "sessions.xlsx": xlsx },
      { files: { supervisions: { from: "sessions.xlsx", columns: { staff_id: "Person" } } } },
    );
    // `date` is not mapped, and the header's `Date` is not `date`: names match exactly.
    expect(r.errors).toEqual([
      "sessions.xlsx[Log]:3: date: required column is missing from the header",
      "sessions.xlsx[Log]:3: type: required column is missing from the header",
    ]);
  });

  it("keeps each row on its Excel row and CSV line, so errors point there; line breaks stay errors", async () => {
    const xlsx = await workbook({
      Staff: [["Employee No", "Name"], [1234, "Ann"], [], [], ["x y", "Bob\nSmith"]],
    });
    const r = await imported(
      { "staff list.xlsx": xlsx },
      {
        files: {
          staff: { from: "staff list.xlsx", columns: { staff_id: "Employee No", name: "Name" } },
        },
      },
    );
    expect(r.errors).toEqual(
      expect.arrayContaining([
        "staff list.xlsx[Staff]:1: email: required column is missing from the header",
      ]),
    );
    const rows = await imported(
      {
        "log.csv":
          'Person,Date,Type,Notes\nW1,2024-03-01,formal,"two\nlines"\nW1,1/3/2024,formal,\n"W\n2",2024-03-02,formal,\n',
      },
      {
        files: {
          supervisions: {
            from: "log.csv",
            columns: { staff_id: "Person", date: "Date", type: "Type" },
          },
        },
      },
    );
    expect(rows.errors).toEqual([
      "log.csv:4: Date: '1/3/2024' is not a real date written YYYY-MM-DD",
      "log.csv:5: Person: holds a control character (a line break, tab or similar): remove it",
    ]);
    const staff = await imported(
      {
        "staff list.xlsx": await workbook({
          Staff: [
            [
              "Employee No",
              "Name",
              "email",
              "role",
              "employment",
              "qualification",
              "team",
              "service",
              "start_date",
              "operational",
            ],
            [
              1234,
              "Ann",
              "a@example.gov.uk",
              "other",
              "permanent",
              "qualified",
              "T",
              "S",
              "2020-01-01",
              "yes",
            ],
            [],
            [
              "x y",
              "Bob\nSmith",
              "b@example.gov.uk",
              "other",
              "permanent",
              "qualified",
              "T",
              "S",
              "2020-01-01",
              "yes",
            ],
          ],
        }),
      },
      {
        files: {
          staff: { from: "staff list.xlsx", columns: { staff_id: "Employee No", name: "Name" } },
        },
      },
    );
    expect(staff.records?.staff?.map((s) => s.record.staffId)).toEqual(["1234"]);
    expect(staff.errors).toEqual([
      "staff list.xlsx[Staff]:4: Name: holds a control character (a line break, tab or similar): remove it",
      "staff list.xlsx[Staff]:4: Employee No: 'x y' is not an id: use letters, digits, '.', '_' and '-', starting with a letter or digit",
    ]);
  });

  it("a workbook named as the contract's file needs no profile: contract names, YYYY-MM-DD text dates", async () => {
    const r = await imported({
      "training.xlsx": await workbook({
        Sheet1: [
          ["staff_id", "date", "course"],
          [1234, new Date(Date.UTC(2024, 0, 5)), "Supervision skills"],
          ["W2", "2024-01-06", "Supervision skills"],
        ],
      }),
    });
    expect(r.errors).toEqual([]);
    expect(r.records?.training?.map((t) => [t.record.staffId, t.record.date])).toEqual([
      ["1234", "2024-01-05"],
      ["W2", "2024-01-06"],
    ]);
  });
});
