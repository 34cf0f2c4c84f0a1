import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import { addDays, monthOf } from "../../shared/domain/dates";
import { buildDigest } from "../../shared/domain/digest/build-digest";
import { kpiPeople, summariseKpi } from "../../shared/domain/monthly-kpi";
import { evaluateRoster } from "../../shared/domain/open-obligations";
import { mergeFacts } from "../../shared/domain/person-facts";
import { emptyFacts } from "../../shared/domain/records";
import { planReminders } from "../../shared/domain/reminder-plan";
import { todaysEmails } from "../../shared/domain/todays-emails";
import { composeEmail } from "../../shared/email/compose-email";
import { renderDigestEmail } from "../../shared/email/render-digest";
import { CONTROL_CHARACTERS, REPLACEMENT_CHARACTER } from "../../shared/import/import-limits";
import { parseFiles } from "../../shared/import/parse-files";
import { importErrors, locatedRecords } from "../../shared/import/validate-import";

/**
 * Whatever passes the import's checks, however extreme (dates at the bounds, the longest
 * interval, the longest absence, the longest names), evaluates, plans, renders and reports
 * without throwing: a row that imports can never break a later run.
 */

const config = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test");
const EDGE_DATES = ["1900-01-01", "1900-03-01", "1999-12-31", "2024-02-29", "2099-12-31"];
const date = fc.oneof(
  fc.constantFrom(...EDGE_DATES),
  fc.integer({ min: 0, max: 73_000 }).map((n) => addDays("1900-01-01", n)),
);
/** A run's date comes from a schedule's time: this century, whatever the data's dates. */
const runDate = fc.oneof(
  fc.constantFrom("2024-02-29", "2099-12-31"),
  fc.integer({ min: 0, max: 36_500 }).map((n) => addDays("2000-01-01", n)),
);
const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const name = fc.oneof(
  fc.constant('Zoë O\'Brien-Ünal, "Jo"'),
  // Any text the checks accept: no control characters, no replacement character.
  fc
    .string({ unit: "grapheme", minLength: 1, maxLength: 200 })
    .filter(
      (s) => s.trim() !== "" && !CONTROL_CHARACTERS.test(s) && !s.includes(REPLACEMENT_CHARACTER),
    ),
);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const person = fc.record({
  name,
  role: fc.constantFrom("social_worker", "team_manager", "service_manager", "head_of_service"),
  employment: fc.constantFrom("permanent", "temporary", "agency"),
  qualification: fc.constantFrom("qualified", "nqsw", "unqualified"),
  asye: optional(date),
  supervisorSince: optional(date),
  start: date,
  end: optional(date),
  operational: fc.boolean(),
  caseload: optional(fc.integer({ min: 0, max: 150 })),
  interval: optional(fc.constantFrom(1, 2, 28, 364, 365)),
  sessions: fc.array(fc.tuple(date, fc.constantFrom("formal", "group", "peer")), { maxLength: 5 }),
  absences: fc.array(fc.tuple(date, fc.integer({ min: 0, max: 1829 })), { maxLength: 3 }),
  agreements: fc.array(date, { maxLength: 2 }),
  appraisals: fc.array(date, { maxLength: 2 }),
  training: fc.array(date, { maxLength: 2 }),
});

type Generated = typeof person extends fc.Arbitrary<infer T> ? T : never;

function toFiles(people: Generated[]) {
  const id = (i: number) => `P${i}`;
  const staff = people.map((p, i) =>
    [
      id(i),
      cell(p.name),
      `p${i}@example.gov.uk`,
      p.role,
      p.employment,
      p.qualification,
      p.asye ?? "",
      "Team A",
      "Service X",
      i === 0 ? "" : id(Math.floor((i - 1) / 2)),
      p.supervisorSince ?? "",
      p.start,
      p.end !== undefined && p.end >= p.start ? p.end : "",
      p.operational ? "yes" : "no",
      p.caseload ?? "",
      p.interval ?? "",
    ].join(","),
  );
  const rows = (f: (p: Generated, i: number) => string[]) =>
    people.flatMap((p, i) => f(p, i)).join("\n");
  const endOf = (start: string, days: number) => {
    const end = addDays(start, days);
    return end > "2099-12-31" ? "2099-12-31" : end;
  };
  return {
    staff: `staff_id,name,email,role,employment,qualification,asye_start_date,team,service,supervisor_id,supervisor_since,start_date,end_date,operational,caseload,supervision_interval_days\n${staff.join("\n")}\n`,
    supervisions: `staff_id,date,supervisor_id,type,duration_minutes\n${rows((p, i) => p.sessions.map(([d, t]) => `${id(i)},${d},,${t},600`))}\n`,
    absences: `staff_id,start_date,end_date,reason\n${rows((p, i) => p.absences.map(([d, n]) => `${id(i)},${d},${endOf(d, n)},sickness`))}\n`,
    agreements: `staff_id,signed_date,supervisor_id\n${rows((p, i) => p.agreements.map((d) => `${id(i)},${d},`))}\n`,
    appraisals: `staff_id,date\n${rows((p, i) => p.appraisals.map((d) => `${id(i)},${d}`))}\n`,
    training: `staff_id,date,course\n${rows((p, i) => p.training.map((d) => `${id(i)},${d},supervision`))}\n`,
  };
}

describe("validated input never breaks a later run", () => {
  it("evaluates, plans, renders emails, computes the KPI and the digest without throwing", () => {
    fc.assert(
      fc.property(fc.array(person, { minLength: 1, maxLength: 6 }), runDate, (people, asOf) => {
        const files = toFiles(people);
        const parsed = parseFiles(
          Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])),
        );
        const errors = importErrors(parsed, new Map());
        expect(errors.filter((e) => e.rule !== "conflicting records")).toEqual([]);
        if (errors.length > 0) return; // two identical rows with different details: rejected
        const records = locatedRecords(parsed.files).map((r) => r.record);
        const roster = (parsed.files.staff ?? []).map(({ record }) => ({
          person: record,
          facts: mergeFacts(
            emptyFacts(),
            records.filter((r) => r.record.staffId === record.staffId),
            config.table.factsWindowDays,
          ),
        }));
        const evaluation = evaluateRoster(asOf, roster, config.policy, config.calendar);
        expect(evaluation.notEvaluated).toEqual([]);
        const staff = roster.map((r) => r.person);
        const byId = new Map(staff.map((p) => [p.staffId, p]));
        // Without a go-live date, and with one (whatever was overdue before it is backlog).
        const live = {
          ...config,
          reminders: { ...config.reminders, goLiveDate: addDays(asOf, -60) },
        };
        for (const settings of [config, live]) {
          const plan = planReminders(
            asOf,
            evaluation.obligations,
            staff,
            settings.reminders,
            settings.calendar,
          );
          for (const email of todaysEmails(
            plan,
            asOf,
            () => false,
            () => false,
          )) {
            const recipient = byId.get(email.recipientId);
            const rhythm = { kind: email.rhythm, nextSummaryDay: plan.week.nextSummaryDay };
            if (recipient) composeEmail(email, recipient, byId, asOf, settings, { rhythm });
          }
        }
        const month = monthOf(asOf);
        const kpiInput = {
          month,
          roster: staff,
          supervisions: records.flatMap((r) => (r.kind === "supervision" ? [r.record] : [])),
          absences: records.flatMap((r) => (r.kind === "absence" ? [r.record] : [])),
        };
        const rows = kpiPeople(kpiInput, config.policy.kpi);
        const kpi = summariseKpi(month, rows, config.policy.kpi.targetPercent);
        const digest = buildDigest({
          month,
          kpi,
          people: rows,
          trend: [kpi],
          roster,
          seeds: { serviceManagers: {}, qualityAssurance: 1 },
          policy: config.policy,
          digest: config.digest,
        });
        renderDigestEmail({
          digest,
          recipientName: "Head of Service",
          nameOf: (id) => byId.get(id)?.name ?? id,
          nearTargetPoints: config.policy.kpi.nearTargetPoints,
          senderName: config.email.senderName,
        });
      }),
      { numRuns: 150 },
    );
  });
});
