/**
 * The sample export (test/fixtures/march-2024) as councils' systems actually export it, with
 * an import profile: an HR staff workbook (`HR staff list.xlsx`, a cover sheet, then `Staff`:
 * its own column names and words, real date cells, numbers as numbers) and a case-management
 * supervision log (`supervision-log.csv`: its own headers, UK dates, `Formal 1:1`); the other
 * files as the contract has them. Imported, it must store exactly what march-2024 stores.
 *
 * `npx tsx test/helpers/profile-example.ts <dir>` writes it (test/fixtures/profile-example is
 * that folder; the README's worked example is its dry run).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { MARCH_2024_DIR } from "./fixtures";
import { workbook } from "./workbooks";

export const PROFILE_EXAMPLE_DIR = join(import.meta.dirname, "..", "fixtures", "profile-example");

export const EXAMPLE_PROFILE = {
  dateFormat: "DD/MM/YYYY",
  files: {
    staff: {
      from: "HR staff list.xlsx",
      sheet: "Staff",
      columns: {
        staff_id: "Employee No",
        name: "Full Name",
        email: "Work Email",
        role: "Job Title",
        employment: "Agency Worker",
        qualification: "Qualification",
        asye_start_date: "ASYE Start",
        team: "Team",
        service: "Service",
        supervisor_id: "Line Manager ID",
        supervisor_since: "Line Manager From",
        start_date: "Start Date",
        end_date: "Leaving Date",
        operational: "Case Holding",
        caseload: "Open Cases",
        supervision_interval_days: "Agreed Interval (days)",
      },
      values: {
        role: {
          "Social Worker": "social_worker",
          "Team Manager": "team_manager",
          "Service Manager": "service_manager",
        },
        employment: { Y: "agency", N: "permanent", Temp: "temporary" },
        qualification: {
          "Qualified SW": "qualified",
          "NQSW (ASYE)": "nqsw",
          Unqualified: "unqualified",
        },
        operational: { Y: "yes", N: "no" },
      },
    },
    supervisions: {
      from: "supervision-log.csv",
      columns: {
        staff_id: "Worker ID",
        date: "Session Date",
        supervisor_id: "Supervisor ID",
        type: "Session Type",
        duration_minutes: "Minutes",
      },
      values: { type: { "Formal 1:1": "formal", "Group supervision": "group" } },
    },
  },
};

type Row = Record<string, string>;

const fixture = (file: string): Row[] =>
  parse(readFileSync(join(MARCH_2024_DIR, file)), { bom: true, columns: true });

/** The source word for a contract value, as the profile maps it back. */
function wordFor(column: keyof typeof EXAMPLE_PROFILE.files.staff.values, value: string): string {
  const map: Record<string, string> = EXAMPLE_PROFILE.files.staff.values[column];
  return Object.entries(map).find(([, to]) => to === value)?.[0] ?? value;
}

/** A contract date as Excel holds a date cell (no time zone: UTC midnight); empty as empty. */
const dateCell = (iso: string) => (iso ? new Date(`${iso}T00:00:00Z`) : null);
const numberCell = (text: string) => (text ? Number(text) : null);
const ukDate = (iso: string) => iso.split("-").reverse().join("/");

/** The example's files by name: the workbook, the log, the profile and the contract's others. */
export async function profileExampleFiles(): Promise<Record<string, Buffer>> {
  const staffHeader = [
    ...Object.values(EXAMPLE_PROFILE.files.staff.columns),
    "Payroll Ref",
    "Grade",
  ];
  const staffRows: ExcelJS.CellValue[][] = fixture("staff.csv").map((r) => [
    r.staff_id,
    r.name,
    r.email,
    wordFor("role", r.role ?? ""),
    wordFor("employment", r.employment ?? ""),
    wordFor("qualification", r.qualification ?? ""),
    dateCell(r.asye_start_date ?? ""),
    r.team,
    r.service,
    r.supervisor_id || null,
    dateCell(r.supervisor_since ?? ""),
    dateCell(r.start_date ?? ""),
    dateCell(r.end_date ?? ""),
    wordFor("operational", r.operational ?? ""),
    numberCell(r.caseload ?? ""),
    numberCell(r.supervision_interval_days ?? ""),
    r.payroll_ref,
    "SW3",
  ]);
  const xlsx = await workbook({
    "Read me": [["Staff list exported from the HR system"], ["One row per post holder"]],
    Staff: [staffHeader, ...staffRows],
  });
  const typeWord = (type: string) =>
    Object.entries(EXAMPLE_PROFILE.files.supervisions.values.type).find(
      ([, to]) => to === type,
    )?.[0] ?? type;
  const log = [
    "Worker ID,Session Date,Supervisor ID,Session Type,Minutes,Case Notes Ref",
    ...fixture("supervisions.csv").map(
      (r, i) =>
        `${r.staff_id},${ukDate(r.date ?? "")},${r.supervisor_id},${typeWord(r.type ?? "")},${r.duration_minutes},CN-${1000 + i}`,
    ),
  ].join("\r\n");
  const files: Record<string, Buffer> = {
    "HR staff list.xlsx": xlsx,
    "supervision-log.csv": Buffer.from(`${log}\r\n`),
    "import-profile.json": Buffer.from(`${JSON.stringify(EXAMPLE_PROFILE, null, 2)}\n`),
  };
  for (const file of ["absences.csv", "agreements.csv", "appraisals.csv", "training.csv"]) {
    files[file] = readFileSync(join(MARCH_2024_DIR, file));
  }
  return files;
}

export async function writeProfileExample(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(await profileExampleFiles())) {
    writeFileSync(join(dir, name), content);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? PROFILE_EXAMPLE_DIR;
  await writeProfileExample(dir);
}
