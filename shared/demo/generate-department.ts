import { addAvailableDays, mergeSpans } from "../domain/absence-days";
import { addDays, addMonths, type IsoDate, isoWeekday, maxDate, minDate } from "../domain/dates";
import type { Absence, Role, StaffMember } from "../domain/records";
import { SeededRandom } from "../domain/seeded-random";
import { defaultPolicy, type Policy } from "../domain/settings/policy";
import { supervisionIntervalDays } from "../domain/supervision-obligation";
import type { ImportRecords } from "../import/write-csv";
import { generateAudits } from "./generate-audits";
import { FIRST_NAMES, LAST_NAMES, SERVICES } from "./names";

export interface DepartmentOptions {
  /** The day the department is seen from; history runs up to it. */
  asOf: IsoDate;
  /** About how many social workers (teams of ~33 plus their managers are built around them). */
  socialWorkers: number;
  /** Months of supervision history before `asOf`. */
  historyMonths: number;
  seed: number;
  policy?: Policy;
}

const SOCIAL_WORKERS_PER_TEAM = 33;
const SENIOR_PRACTITIONERS_PER_TEAM = 4;
const SUPERVISEES_PER_SENIOR = 6;

/**
 * A realistic, reproducible department for the demo and the benchmark: teams of social
 * workers under team managers and senior practitioners, ~17% agency, some newly qualified,
 * starters, leavers, supervisor changes, absences, and supervision history whose monthly
 * compliance sits around 75–90% because some supervisors let sessions slip. It looks like a
 * department a year after go-live: everyone's latest agreement, appraisal and sessions are
 * recent (at most a few months overdue), and the old gaps an HR export brings in at go-live
 * (a manager's supervision course never recorded) are nearly all cleared. Supervision files
 * are audited (`generate-audits.ts`): service managers monthly, a few months missed, the
 * principal social worker quarterly, some actions still open.
 */
export function generateDepartment(options: DepartmentOptions): ImportRecords {
  return new DepartmentBuilder(options).build();
}

/** When the demo department went live: the Monday a year before the day it is seen from. */
export function demoGoLiveDate(asOf: IsoDate): IsoDate {
  const yearAgo = addMonths(asOf, -12);
  return addDays(yearAgo, 1 - isoWeekday(yearAgo));
}

class DepartmentBuilder {
  private readonly rng: SeededRandom;
  private readonly policy: Policy;
  private readonly historyStart: IsoDate;
  private readonly out: ImportRecords = {
    staff: [],
    supervisions: [],
    absences: [],
    agreements: [],
    appraisals: [],
    training: [],
    audits: [],
  };
  /** How reliably each supervisor keeps to the interval (chance a session is not late). */
  private readonly diligence = new Map<string, number>();
  private nextId = 1;

  constructor(private readonly options: DepartmentOptions) {
    this.rng = new SeededRandom(options.seed);
    this.policy = options.policy ?? defaultPolicy;
    this.historyStart = addMonths(options.asOf, -options.historyMonths);
  }

  build(): ImportRecords {
    const teamCount = Math.max(1, Math.round(this.options.socialWorkers / SOCIAL_WORKERS_PER_TEAM));
    const serviceCount = Math.min(4, Math.max(3, Math.ceil(teamCount / 3)));
    const director = this.person("other", "Directorate", "Directorate", undefined, {
      operational: false,
      longServing: true,
    });
    this.person("principal_social_worker", "Directorate", "Directorate", director, {
      operational: false,
      longServing: true,
    });
    const services = Array.from({ length: serviceCount }, (_, s) => {
      const spec = SERVICES[s % SERVICES.length] as (typeof SERVICES)[number];
      const name =
        s < SERVICES.length ? spec.name : `${spec.name} ${Math.floor(s / SERVICES.length) + 1}`;
      const head = this.person("head_of_service", "Service management", name, director, {
        operational: false,
        longServing: true,
      });
      const manager = this.person("service_manager", "Service management", name, head, {
        operational: false,
        longServing: true,
      });
      return { name, spec, manager };
    });
    for (let t = 0; t < teamCount; t++) {
      const service = services[t % serviceCount] as (typeof services)[number];
      const round = Math.floor(t / serviceCount);
      const base = service.spec.teams[round % service.spec.teams.length] as string;
      const team =
        round < service.spec.teams.length
          ? base
          : `${base} ${Math.floor(round / service.spec.teams.length) + 1}`;
      this.buildTeam(team, service.name, service.manager);
    }
    for (const person of this.out.staff) this.buildHistory(person);
    this.out.audits = generateAudits({
      staff: this.out.staff,
      absences: this.out.absences,
      asOf: this.options.asOf,
      historyStart: this.historyStart,
      seed: this.options.seed,
      diligence: this.diligence,
      actionEscalateAfterDays: this.policy.audits.actionEscalateAfterDays,
    });
    return this.out;
  }

  private buildTeam(team: string, service: string, serviceManager: StaffMember): void {
    const manager = this.person("team_manager", team, service, serviceManager, {
      operational: false,
    });
    const seniors = Array.from({ length: SENIOR_PRACTITIONERS_PER_TEAM }, () =>
      this.person("senior_practitioner", team, service, manager, { operational: true }),
    );
    this.person("advanced_practitioner", team, service, manager, { operational: true });
    for (let i = 0; i < SOCIAL_WORKERS_PER_TEAM; i++) {
      const senior = seniors[Math.floor(i / SUPERVISEES_PER_SENIOR)];
      this.person("social_worker", team, service, senior ?? manager, { operational: true });
    }
  }

  private person(
    role: Role,
    team: string,
    service: string,
    supervisor: StaffMember | undefined,
    traits: { operational: boolean; longServing?: boolean },
  ): StaffMember {
    const { rng } = this;
    const { asOf } = this.options;
    const staffId = `S${String(this.nextId++).padStart(5, "0")}`;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const isSocialWorker = role === "social_worker";
    const newlyQualified = isSocialWorker && rng.chance(0.12);
    const employment =
      isSocialWorker && !newlyQualified && rng.chance(0.21)
        ? "agency"
        : rng.chance(0.04)
          ? "temporary"
          : "permanent";
    const recentStart = !traits.longServing && (newlyQualified || rng.chance(0.08));
    const startDate = recentStart
      ? addDays(asOf, -rng.int(10, 330))
      : addDays(asOf, -rng.int(400, 5000));
    // Only caseworkers leave in the demo, so nobody is left with a departed supervisor.
    const leaver = isSocialWorker && rng.chance(0.05);
    const endDate = leaver ? addDays(asOf, -rng.int(1, 300)) : undefined;
    const changedSupervisor = supervisor !== undefined && rng.chance(0.12);
    const supervisorSince = changedSupervisor
      ? maxDate(startDate, addDays(asOf, -rng.int(5, 240)))
      : rng.chance(0.5)
        ? startDate
        : undefined;
    const person: StaffMember = {
      staffId,
      name: `${first} ${last}`,
      email: `${first}.${last}.${staffId}@example.gov.uk`.toLowerCase().replace(/'/g, ""),
      role,
      employment,
      qualification: newlyQualified
        ? "nqsw"
        : isSocialWorker && rng.chance(0.03)
          ? "unqualified"
          : "qualified",
      asyeStartDate: newlyQualified ? startDate : undefined,
      team,
      service,
      supervisorId: supervisor?.staffId,
      supervisorSince,
      startDate,
      endDate: endDate !== undefined && endDate >= startDate ? endDate : undefined,
      operational: traits.operational,
      caseload: traits.operational
        ? newlyQualified
          ? rng.int(6, 14)
          : rng.int(10, 24)
        : undefined,
      supervisionIntervalDays: !newlyQualified && rng.chance(0.03) ? 21 : undefined,
    };
    this.out.staff.push(person);
    this.diligence.set(staffId, 0.6 + rng.next() * 0.32);
    return person;
  }

  private buildHistory(person: StaffMember): void {
    const absences = this.buildAbsences(person);
    if (person.supervisorId !== undefined) this.buildSupervisions(person, absences);
    this.buildAgreements(person);
    this.buildAppraisals(person);
    if (
      [
        "team_manager",
        "senior_practitioner",
        "service_manager",
        "head_of_service",
        "other",
      ].includes(person.role)
    ) {
      // A year after go-live the backlog is nearly cleared: a manager whose course fell due
      // before then (6 months after starting) has almost always done it by now; newer managers
      // are still catching up. Both draws are made either way, so whether one person has done
      // the course never shifts anyone else's history.
      const dueBeforeGoLive = addMonths(person.startDate, 6) < addMonths(this.options.asOf, -12);
      const trained = this.rng.chance(dueBeforeGoLive ? 0.97 : 0.85);
      const trainedOn = addDays(person.startDate, this.rng.int(20, 200));
      if (trained) {
        this.out.training.push({
          staffId: person.staffId,
          date: this.within(person, trainedOn),
          course: "supervision",
        });
      }
    }
    if (this.rng.chance(0.3)) {
      this.out.training.push({
        staffId: person.staffId,
        date: this.within(person, addDays(this.options.asOf, -this.rng.int(5, 300))),
        course: "safeguarding refresher",
      });
    }
  }

  private buildAbsences(person: StaffMember): Absence[] {
    const { rng } = this;
    const mine: Absence[] = [];
    const add = (startDate: IsoDate, days: number, reason: Absence["reason"]) => {
      const endDate = addDays(startDate, days - 1);
      if (
        startDate < person.startDate ||
        (person.endDate && startDate > person.endDate) ||
        startDate > this.options.asOf
      )
        return;
      if (mine.some((a) => a.startDate <= endDate && a.endDate >= startDate)) return;
      mine.push({ staffId: person.staffId, startDate, endDate, reason });
    };
    for (let year = this.historyStart; year < this.options.asOf; year = addMonths(year, 12)) {
      if (rng.chance(0.55)) add(addDays(year, rng.int(0, 330)), rng.int(5, 15), "annual_leave");
      if (rng.chance(0.15)) add(addDays(year, rng.int(0, 340)), rng.int(2, 25), "sickness");
      if (rng.chance(0.02)) add(addDays(year, rng.int(0, 200)), rng.int(120, 300), "maternity");
    }
    this.out.absences.push(...mine);
    return mine;
  }

  private buildSupervisions(person: StaffMember, absences: Absence[]): void {
    const { rng } = this;
    const merged = mergeSpans(absences);
    const reliable = this.diligence.get(person.supervisorId ?? "") ?? 0.9;
    const last = minDate(this.options.asOf, person.endDate ?? this.options.asOf);
    let reference = maxDate(person.startDate, addDays(this.historyStart, -rng.int(0, 35)));
    for (;;) {
      const interval = supervisionIntervalDays(person, reference, this.policy.supervision);
      const slip = rng.chance(reliable) ? rng.int(-4, 3) : rng.int(8, 40);
      const next = addAvailableDays(reference, Math.max(3, interval + slip), merged);
      if (next > last) break;
      this.out.supervisions.push({
        staffId: person.staffId,
        date: next,
        supervisorId: person.supervisorId,
        type: "formal",
        durationMinutes: rng.pick([45, 60, 60, 75, 90]),
      });
      if (rng.chance(0.08)) {
        this.out.supervisions.push({
          staffId: person.staffId,
          date: addDays(next, 3),
          supervisorId: person.supervisorId,
          type: "group",
          durationMinutes: 60,
        });
      }
      reference = next;
    }
  }

  private buildAgreements(person: StaffMember): void {
    const { rng } = this;
    const anchor = maxDate(person.startDate, person.supervisorSince ?? person.startDate);
    const sign = (date: IsoDate) => {
      if (date <= this.options.asOf && (!person.endDate || date <= person.endDate)) {
        this.out.agreements.push({
          staffId: person.staffId,
          signedDate: date,
          supervisorId: person.supervisorId,
        });
      }
    };
    if (anchor >= this.historyStart) {
      if (rng.chance(0.85)) sign(addDays(anchor, rng.int(3, 50)));
      return;
    }
    // Long-serving staff have an agreement on record; some reviews have lapsed.
    const latest = maxDate(anchor, addDays(this.options.asOf, -rng.int(0, 440)));
    const earlier = addMonths(latest, -12);
    if (earlier >= anchor) sign(earlier);
    sign(latest);
  }

  private buildAppraisals(person: StaffMember): void {
    const { rng } = this;
    const firstDue = addMonths(person.startDate, this.policy.appraisal.firstDueAfterMonths);
    if (firstDue > this.options.asOf) return;
    if (person.startDate >= this.historyStart && !rng.chance(0.85)) return;
    const latest = maxDate(
      addDays(person.startDate, 120),
      addDays(this.options.asOf, -rng.int(0, 430)),
    );
    // The latest is always recorded; earlier ones back to the start of the history.
    for (
      let date = latest;
      date >= person.startDate && (date === latest || date >= this.historyStart);
      date = addMonths(date, -12)
    ) {
      if (date <= this.options.asOf && (!person.endDate || date <= person.endDate)) {
        this.out.appraisals.push({ staffId: person.staffId, date });
      }
    }
  }

  /** Clamps a date into the person's employment and the past. */
  private within(person: StaffMember, date: IsoDate): IsoDate {
    return minDate(
      minDate(maxDate(date, person.startDate), this.options.asOf),
      person.endDate ?? this.options.asOf,
    );
  }
}
