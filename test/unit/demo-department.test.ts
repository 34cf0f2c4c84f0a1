import { describe, expect, it } from "vitest";
import { demoGoLiveDate, generateDepartment } from "../../shared/demo/generate-department";
import { daysBetween, isoWeekday } from "../../shared/domain/dates";
import { openObligations } from "../../shared/domain/open-obligations";
import { mergeFacts } from "../../shared/domain/person-facts";
import { emptyFacts } from "../../shared/domain/records";
import { isBacklog } from "../../shared/domain/reminder-plan";
import { defaultCalendar } from "../../shared/domain/settings/calendar";
import { defaultPolicy } from "../../shared/domain/settings/policy";
import { parseFiles } from "../../shared/import/parse-files";
import { locatedRecords } from "../../shared/import/validate-import";
import { toCsvBuffers } from "../../shared/import/write-csv";

/** Everything open on `asOf` in a generated department, as the reminder job would see it. */
function openOn(asOf: string, seed: number) {
  const department = generateDepartment({ asOf, socialWorkers: 150, historyMonths: 13, seed });
  const records = locatedRecords(parseFiles(toCsvBuffers(department)).files).map((r) => r.record);
  const roster = department.staff
    .filter((p) => !p.endDate || p.endDate >= asOf)
    .map((person) => ({
      person,
      facts: mergeFacts(
        emptyFacts(),
        records.filter((r) => r.record.staffId === person.staffId),
        800,
      ),
    }));
  return { department, obligations: openObligations(asOf, roster, defaultPolicy, defaultCalendar) };
}

describe("the demo department", () => {
  it("is the same department for the same options", () => {
    const options = { asOf: "2026-11-23", socialWorkers: 40, historyMonths: 13, seed: 5 };
    expect(generateDepartment(options)).toEqual(generateDepartment(options));
  });

  it("went live on the Monday a year before the day it is seen from", () => {
    expect(demoGoLiveDate("2026-11-23")).toBe("2025-11-17");
    expect(demoGoLiveDate("2024-02-29")).toBe("2023-02-27");
    expect(isoWeekday(demoGoLiveDate("2025-06-01"))).toBe(1);
  });

  it.each([
    ["2026-11-23", 20161012],
    ["2025-03-03", 7],
  ])(
    "on %s (seed %i) looks a year after go-live: a small backlog, nothing else over a year late",
    (asOf, seed) => {
      const { department, obligations } = openOn(asOf, seed);
      const goLive = demoGoLiveDate(asOf);
      const told = obligations.filter((o) => o.supervisorId !== undefined);
      const backlog = told.filter((o) => isBacklog(o, goLive));
      expect(backlog.length).toBeLessThanOrEqual(Math.ceil(department.staff.length / 100));
      const late = told.filter(
        (o) => !isBacklog(o, goLive) && (o.stage === "overdue" || o.stage === "escalated"),
      );
      expect(late.length).toBeGreaterThan(20); // still a department with work to do
      for (const o of late) expect(daysBetween(o.dueDate, asOf)).toBeLessThan(365);
    },
  );
});
