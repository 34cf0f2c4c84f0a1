import { generateDepartment } from "../../shared/demo/generate-department";
import type { IsoDate } from "../../shared/domain/dates";
import type { ImportRecords } from "../../shared/import/write-csv";

/** What a spreadsheet would run, or a mail client draw, if a name reached it unescaped. */
export const HOSTILE_NAMES = [
  '=HYPERLINK("http://evil.example","x")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd",
  "-2+3+cmd",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  'Ann "Quote" & O\'Brien',
] as const;

export const HOSTILE_TEAMS = ['=HYPERLINK("http://evil.example","team")', "<b>Bold</b> & Co"];

/** Markup that must never reach an HTML body as markup. */
export const RAW_MARKUP = ["<script>", "<img src=x", "<b>Bold</b>"];

/**
 * A generated department of about 450 people in which every fifth person's name starts with a
 * formula or carries markup, and two social work teams are named the same way: what a careless or hostile
 * HR export could hold.
 */
export function hostileDepartment(asOf: IsoDate): ImportRecords {
  const department = generateDepartment({ asOf, socialWorkers: 400, historyMonths: 13, seed: 7 });
  const teams = [...new Set(department.staff.filter((s) => s.operational).map((s) => s.team))];
  const renamedTeams = new Map(
    teams.slice(0, HOSTILE_TEAMS.length).map((t, i) => [t, HOSTILE_TEAMS[i]]),
  );
  const staff = department.staff.map((person, i) => ({
    ...person,
    name:
      i % 5 === 0 ? `${HOSTILE_NAMES[(i / 5) % HOSTILE_NAMES.length]} ${person.name}` : person.name,
    team: renamedTeams.get(person.team) ?? person.team,
  }));
  return { ...department, staff };
}
