import { describe, expect, it } from "vitest";
import { loadStageConfig } from "../../shared/config/load-stage-config";
import { demoGoLiveDate, generateDepartment } from "../../shared/demo/generate-department";
import { isAbsentOn, mergeSpans } from "../../shared/domain/absence-days";
import { openAuditAction } from "../../shared/domain/audit-action-obligation";
import {
  addDays,
  addMonths,
  addMonthsToMonth,
  daysBetween,
  firstDayOfMonth,
  type IsoDate,
  isoWeekday,
  lastDayOfMonth,
  monthOf,
} from "../../shared/domain/dates";
import { evaluateRoster } from "../../shared/domain/open-obligations";
import { mergeFacts } from "../../shared/domain/person-facts";
import { isEmployedOn } from "../../shared/domain/person-on-date";
import {
  AUDIT_GRADES,
  AUDIT_QUESTIONS,
  emptyFacts,
  isGoodOrBetter,
  type StaffMember,
} from "../../shared/domain/records";
import { isBacklog } from "../../shared/domain/reminder-plan";
import { defaultCalendar } from "../../shared/domain/settings/calendar";
import { defaultPolicy, type Policy } from "../../shared/domain/settings/policy";
import { isWorkingDay } from "../../shared/domain/working-days";
import { parseFiles } from "../../shared/import/parse-files";
import { importErrors, locatedRecords } from "../../shared/import/validate-import";
import { toCsvBuffers } from "../../shared/import/write-csv";

/** The policy `npm start` runs with: the local stage's, monthly file audits counted. */
const localPolicy = loadStageConfig("local").policy;

/** Everything open on `asOf` in a generated department, as the reminder job would see it. */
function openOn(asOf: string, seed: number, policy: Policy = defaultPolicy) {
  const department = generateDepartment({ asOf, socialWorkers: 150, historyMonths: 13, seed });
  const parsed = parseFiles(toCsvBuffers(department));
  const records = locatedRecords(parsed.files).map((r) => r.record);
  const everyone = department.staff.map((person) => ({
    person,
    facts: mergeFacts(
      emptyFacts(),
      records.filter((r) => r.record.staffId === person.staffId),
      800,
    ),
  }));
  const roster = everyone.filter(({ person }) => !person.endDate || person.endDate >= asOf);
  // A manager's audit of a since-departed person's file still counts for their month.
  const { obligations } = evaluateRoster(asOf, roster, policy, defaultCalendar, everyone);
  return { department, parsed, roster, obligations };
}

const CASES = [
  ["2026-11-23", 20161012],
  ["2025-03-03", 7],
] as const;

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

  // With the local stage's policy, as `npm start` sees it: file audits and their actions too.
  it.each(CASES)(
    "on %s (seed %i) looks a year after go-live: a small backlog, nothing else over a year late",
    (asOf, seed) => {
      const { department, obligations } = openOn(asOf, seed, localPolicy);
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

describe("the demo department's supervision file audits", () => {
  it.each(CASES)("on %s (seed %i) pass the import's own checks", (asOf, seed) => {
    const { department, parsed } = openOn(asOf, seed);
    expect(importErrors(parsed, new Map())).toEqual([]);
    expect(department.audits.length).toBeGreaterThan(50);
    expect(parsed.files.audits).toHaveLength(department.audits.length);
  });

  it.each(CASES)(
    "on %s (seed %i) are made on working days by someone employed, of someone employed, never after the day",
    (asOf, seed) => {
      const { department } = openOn(asOf, seed);
      const byId = new Map(department.staff.map((p) => [p.staffId, p]));
      for (const audit of department.audits) {
        const person = byId.get(audit.staffId) as StaffMember;
        const auditor = byId.get(audit.auditorId) as StaffMember;
        expect(audit.date <= asOf).toBe(true);
        expect(isWorkingDay(audit.date, defaultCalendar)).toBe(true);
        expect(person.operational).toBe(true);
        expect(isEmployedOn(person, audit.date)).toBe(true);
        expect(isEmployedOn(auditor, audit.date)).toBe(true);
        // Policy 9.2–9.3: a service manager's monthly audit, the quality-assurance quarterly one.
        expect(auditor.role).toBe(
          audit.kind === "monthly" ? "service_manager" : "principal_social_worker",
        );
        if (audit.kind === "monthly") expect(person.service).toBe(auditor.service);
      }
    },
  );

  it.each(CASES)(
    "on %s (seed %i) are graded across all four grades, rated to match, actions only below Good",
    (asOf, seed) => {
      const { audits } = openOn(asOf, seed).department;
      for (const grade of AUDIT_GRADES) {
        expect(audits.filter((a) => a.grade === grade).length, grade).toBeGreaterThan(0);
      }
      const goodOrBetter = audits.filter((a) => isGoodOrBetter(a.grade)).length / audits.length;
      expect(goodOrBetter).toBeGreaterThan(0.6);
      expect(goodOrBetter).toBeLessThan(0.9);
      // Most rate all twelve questions; a file's ratings get worse with its grade (5 is poor).
      const fullyRated = audits.filter((a) => Object.keys(a.scores ?? {}).length === 12);
      expect(fullyRated.length / audits.length).toBeGreaterThan(0.75);
      const meanRating = AUDIT_GRADES.map((grade) => {
        const ratings = audits
          .filter((a) => a.grade === grade)
          .flatMap((a) => AUDIT_QUESTIONS.flatMap((q) => a.scores?.[q] ?? []));
        return ratings.reduce((sum, r) => sum + r, 0) / ratings.length;
      });
      expect(meanRating).toEqual([...meanRating].sort((a, b) => a - b));
      const complete = audits.filter((a) => a.fileComplete === true).length;
      expect(complete / audits.length).toBeGreaterThan(0.7);
      for (const audit of audits) {
        if (isGoodOrBetter(audit.grade)) expect(audit.actionsDueDate).toBeUndefined();
        else {
          const within = daysBetween(audit.date, audit.actionsDueDate as string);
          expect(within).toBeGreaterThanOrEqual(28);
          expect(within).toBeLessThanOrEqual(42);
        }
      }
    },
  );

  it.each(CASES)(
    "on %s (seed %i): each service manager audits in most months they are at work, not all of them",
    (asOf, seed) => {
      const { department } = openOn(asOf, seed);
      const managers = department.staff.filter((p) => p.role === "service_manager");
      expect(managers.length).toBeGreaterThanOrEqual(3);
      let owed = 0;
      let done = 0;
      for (const manager of managers) {
        const away = mergeSpans(department.absences.filter((a) => a.staffId === manager.staffId));
        const audited = new Set(
          department.audits
            .filter((a) => a.auditorId === manager.staffId && a.kind === "monthly")
            .map((a) => monthOf(a.date)),
        );
        // The months of the history before this one in which they had a working day at work.
        const atWork: string[] = [];
        for (
          let month = monthOf(addMonths(asOf, -12));
          month < monthOf(asOf);
          month = addMonthsToMonth(month, 1)
        ) {
          if (someDay(month, (d) => isWorkingDay(d, defaultCalendar) && !isAbsentOn(away, d)))
            atWork.push(month);
        }
        const theirs = atWork.filter((m) => audited.has(m)).length;
        expect(theirs / atWork.length, manager.staffId).toBeGreaterThanOrEqual(0.6);
        owed += atWork.length;
        done += theirs;
      }
      expect(done / owed).toBeGreaterThan(0.8);
      expect(done).toBeLessThan(owed);
    },
  );

  it.each(CASES)(
    "on %s (seed %i) leave one service manager overdue with last month's audit, one escalated",
    (asOf, seed) => {
      const { obligations } = openOn(asOf, seed, localPolicy);
      const fileAudits = obligations.filter((o) => o.kind === "file_audit");
      const lastMonth = addMonthsToMonth(monthOf(asOf), -1);
      expect(
        fileAudits.filter((o) => o.stage === "overdue" && monthOf(o.dueDate) === lastMonth),
      ).toHaveLength(1);
      expect(fileAudits.filter((o) => o.stage === "escalated")).toHaveLength(1);
      for (const o of fileAudits) expect(o.supervisorId).toBe(o.staffId);
      // Without monthlyFrom (the default) nobody is held to monthly audits.
      expect(openOn(asOf, seed).obligations.some((o) => o.kind === "file_audit")).toBe(false);
    },
  );

  it.each(CASES)(
    "on %s (seed %i) close most audit actions with a later Good audit and leave some open, one overdue",
    (asOf, seed) => {
      const { department, roster, obligations } = openOn(asOf, seed);
      const open = roster
        .map(({ facts }) => openAuditAction(facts.audits ?? [], asOf))
        .filter((a) => a !== undefined);
      expect(open.some((a) => a.actionsDueDate >= asOf)).toBe(true);
      const actions = obligations.filter((o) => o.kind === "audit_action");
      expect(actions.some((o) => o.stage === "overdue")).toBe(true);
      // Actions due over two months ago: nearly all were checked by a later Good audit.
      const old = department.audits.filter(
        (a) => a.actionsDueDate !== undefined && a.actionsDueDate < addDays(asOf, -60),
      );
      const closed = old.filter((a) =>
        department.audits.some(
          (b) => b.staffId === a.staffId && b.date > a.date && isGoodOrBetter(b.grade),
        ),
      );
      expect(old.length).toBeGreaterThan(5);
      expect(closed.length / old.length).toBeGreaterThan(0.7);
    },
  );
});

function someDay(month: string, test: (day: IsoDate) => boolean): boolean {
  for (let d = firstDayOfMonth(month); d <= lastDayOfMonth(month); d = addDays(d, 1)) {
    if (test(d)) return true;
  }
  return false;
}
