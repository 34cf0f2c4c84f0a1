import { type DaySpan, isAbsentOn, mergeSpans } from "../domain/absence-days";
import { openAuditAction } from "../domain/audit-action-obligation";
import {
  addDays,
  addMonthsToMonth,
  daysBetween,
  firstDayOfMonth,
  type IsoDate,
  type IsoMonth,
  lastDayOfMonth,
  maxDate,
  monthOf,
  toDayNumber,
} from "../domain/dates";
import { firstFullMonth } from "../domain/file-audit-obligation";
import { isEmployedOn } from "../domain/person-on-date";
import {
  type Absence,
  AUDIT_QUESTIONS,
  type AuditFact,
  type AuditGrade,
  type AuditKind,
  type AuditRecord,
  isGoodOrBetter,
  type StaffMember,
} from "../domain/records";
import { SeededRandom } from "../domain/seeded-random";
import { defaultCalendar, type WorkingCalendar } from "../domain/settings/calendar";
import { isWorkingDay } from "../domain/working-days";

export interface AuditHistoryInput {
  /** Everyone, leavers included, in the order they were made. */
  staff: readonly StaffMember[];
  absences: readonly Absence[];
  asOf: IsoDate;
  /** The first day of the department's history: no audit before it. */
  historyStart: IsoDate;
  seed: number;
  /** How reliably each supervisor keeps to the interval (0–1): their supervisees' files grade to match. */
  diligence: ReadonlyMap<string, number>;
  /** Days after its date an open audit action is escalated (`policy.audits`). */
  actionEscalateAfterDays: number;
  calendar?: WorkingCalendar;
}

/** Audits are drawn from a stream of their own: adding them shifts nobody's other history. */
const AUDIT_SEED_SALT = 0x5a0d17;
/** A service manager's chance of letting a month's audit go (policy 9.3 asks for every month). */
const MONTH_MISSED = 0.06;
/** Policy 9.2: the quarterly quality-assurance sample, as a share of operational staff. */
const QUARTERLY_SAMPLE = 0.1;
/** Actions are set for 4 to 6 weeks after an audit below Good. */
const ACTIONS_WITHIN_DAYS: readonly [number, number] = [28, 42];
/** Tries at drawing a file that fits before giving up (random picks, not a scan of everyone). */
const DRAW_TRIES = 200;

/**
 * The demo department's supervision file audits (policy 9.2–9.3), with no free text:
 * - each service manager audits an operational person's file from their own service in most
 *   months (about one in sixteen missed at random, and any month they are away throughout), on
 *   a working day they are at work, from the month the history starts in; a file they graded
 *   below Good they audit again once its actions fall due, instead of a new one that month;
 * - each quarter the principal social worker, as quality assurance, audits about a tenth of
 *   operational staff on days through the quarter, and audits a file below Good again around
 *   its actions date (older ones always, recent ones not always yet);
 * - first grades follow the supervisor's diligence: about 20% Outstanding, 55% Good, 20%
 *   Requires improvement and 5% Inadequate; most re-audits are Good; ratings (1 excellent to
 *   5 poor) match the grade; most files are complete;
 * - seen from `asOf`, one service manager (drawn) has missed last month's audit and so is
 *   overdue, another the two months before (escalated), and audit actions are open, at least
 *   one overdue and one not yet due.
 */
export function generateAudits(input: AuditHistoryInput): AuditRecord[] {
  return new AuditBuilder(input).build();
}

class AuditBuilder {
  private readonly rng: SeededRandom;
  private readonly calendar: WorkingCalendar;
  private readonly audits: AuditRecord[] = [];
  /** Each person's file's audits, in date order. */
  private readonly auditsOf = new Map<string, AuditRecord[]>();
  private readonly operational: StaffMember[];
  private readonly byId = new Map<string, StaffMember>();
  private readonly absent = new Map<string, DaySpan[]>();

  constructor(private readonly input: AuditHistoryInput) {
    this.rng = new SeededRandom((input.seed ^ AUDIT_SEED_SALT) >>> 0);
    this.calendar = input.calendar ?? defaultCalendar;
    this.operational = input.staff.filter((p) => p.operational);
    for (const person of input.staff) this.byId.set(person.staffId, person);
    const absences = new Map<string, Absence[]>();
    for (const absence of input.absences) {
      absences.set(absence.staffId, [...(absences.get(absence.staffId) ?? []), absence]);
    }
    for (const [staffId, mine] of absences) this.absent.set(staffId, mergeSpans(mine));
  }

  build(): AuditRecord[] {
    const qa = this.input.staff.find((p) => p.role === "principal_social_worker");
    if (qa) this.quarterlyAudits(qa);
    const managers = this.input.staff.filter((p) => p.role === "service_manager");
    const thisMonth = monthOf(this.input.asOf);
    const monthsAgo = (n: number) => addMonthsToMonth(thisMonth, -n);
    // Who falls behind is drawn, from those at work all along (a month away is a month missed
    // already): one has missed last month (and not done this month's yet), another the two
    // before; the month before each run of misses is kept, so the one is overdue and the other
    // escalated, not more.
    const [overdue, escalated] = this.shuffled(managers).sort(
      (a, b) => Number(this.longAway(a)) - Number(this.longAway(b)),
    );
    const plans = new Map<string, MonthPlan>();
    if (overdue)
      plans.set(overdue.staffId, { missed: [0, 1].map(monthsAgo), kept: [monthsAgo(2)] });
    if (escalated) {
      plans.set(escalated.staffId, { missed: [0, 1, 2].map(monthsAgo), kept: [monthsAgo(3)] });
    }
    for (const manager of managers) {
      this.monthlyAudits(manager, plans.get(manager.staffId) ?? { missed: [], kept: [] });
    }
    if (qa) this.ensureOpenActions(qa);
    // One auditor audits one file once a day: in a large department a re-check can land on
    // the day the same file was sampled, and the import would refuse the pair as a conflict.
    const seen = new Set<string>();
    const once = this.audits.filter((a) => {
      const key = `${a.staffId}|${a.date}|${a.kind}|${a.auditorId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return once.sort(
      (a, b) => compare(a.date, b.date) || compare(a.staffId, b.staffId) || compare(a.kind, b.kind),
    );
  }

  /**
   * One audit a month from the month the history starts in, or the manager's first full month
   * (a month they start part-way through is not owed), up to `asOf`: a month is missed now and
   * then, or when they are away all month, always those `missed`, never those `kept`.
   */
  private monthlyAudits(manager: StaffMember, plan: MonthPlan): void {
    const { asOf, historyStart } = this.input;
    const first = maxDate(monthOf(historyStart), firstFullMonth(manager.startDate));
    // A small department may have a service with no teams: its manager audits anyone's file.
    const ownService = this.operational.filter((p) => p.service === manager.service);
    for (let month = first; month <= monthOf(asOf); month = addMonthsToMonth(month, 1)) {
      const skip = this.rng.chance(MONTH_MISSED) && !plan.kept.includes(month);
      const day = this.auditDay(manager, firstDayOfMonth(month), lastDayOfMonth(month));
      if (skip || plan.missed.includes(month) || day === undefined || day > asOf) continue;
      const followUp = this.fileToFollowUp(manager, day);
      if (followUp && (followUp.longOverdue || this.rng.chance(0.85))) {
        this.audit(followUp.person, day, manager, "monthly", this.followUpGrade());
        continue;
      }
      const person = this.drawFile(
        (p) => isEmployedOn(p, day),
        ownService.length > 0 ? ownService : this.operational,
      );
      if (person) this.audit(person, day, manager, "monthly", this.grade(person));
    }
  }

  /**
   * The file of the manager's own earliest audit whose actions are still open on `day` and
   * fall due within a week of it, its person still employed.
   */
  private fileToFollowUp(
    manager: StaffMember,
    day: IsoDate,
  ): { person: StaffMember; longOverdue: boolean } | undefined {
    for (const audit of this.audits) {
      const { actionsDueDate } = audit;
      if (audit.auditorId !== manager.staffId || actionsDueDate === undefined) continue;
      if (actionsDueDate > addDays(day, 7)) continue;
      const open = openAuditAction(this.factsOf(audit.staffId), day);
      if (open?.date !== audit.date || open.auditorId !== manager.staffId) continue;
      const person = this.byId.get(audit.staffId);
      if (!person || !isEmployedOn(person, day)) continue;
      return { person, longOverdue: actionsDueDate < addDays(day, -30) };
    }
    return undefined;
  }

  /**
   * Policy 9.2: each calendar quarter, about a tenth of the operational staff employed in its
   * middle, on working days through the quarter within the history and up to `asOf`.
   */
  private quarterlyAudits(qa: StaffMember): void {
    const { asOf, historyStart } = this.input;
    const quarterOf = (month: IsoMonth) =>
      addMonthsToMonth(month, -((Number(month.slice(5, 7)) - 1) % 3));
    for (
      let quarter = quarterOf(monthOf(historyStart));
      quarter <= monthOf(asOf);
      quarter = addMonthsToMonth(quarter, 3)
    ) {
      const to = lastDayOfMonth(addMonthsToMonth(quarter, 2));
      const middle = addDays(firstDayOfMonth(quarter), 45);
      const staffThen = this.operational.filter((p) => isEmployedOn(p, middle)).length;
      const chosen = new Set<string>();
      for (let i = 0; i < Math.ceil(staffThen * QUARTERLY_SAMPLE); i++) {
        const day = this.auditDay(qa, firstDayOfMonth(quarter), to);
        if (day === undefined || day < historyStart || day > asOf) continue;
        const person = this.drawFile(
          (p) => !chosen.has(p.staffId) && isEmployedOn(p, day),
          this.operational,
        );
        if (!person) continue;
        chosen.add(person.staffId);
        this.quarterlyWithFollowUps(qa, person, day);
      }
    }
  }

  /** A quarterly audit, and while it sets actions, audits again around their date. */
  private quarterlyWithFollowUps(qa: StaffMember, person: StaffMember, day: IsoDate): void {
    const { asOf } = this.input;
    let audit = this.audit(person, day, qa, "quarterly", this.grade(person));
    while (audit.actionsDueDate !== undefined) {
      const again = this.workingDayFrom(addDays(audit.actionsDueDate, this.rng.int(-7, 14)), 1);
      // Actions due in the last six weeks are not always checked yet; older ones always are.
      const recent = audit.actionsDueDate >= addDays(asOf, -42);
      const checked = !recent || this.rng.chance(0.55);
      if (!checked || again > asOf || !isEmployedOn(person, again) || !isEmployedOn(qa, again))
        break;
      audit = this.audit(person, again, qa, "quarterly", this.followUpGrade());
    }
  }

  /**
   * Whatever the draws, audit actions are at work on `asOf`: one overdue but not yet
   * escalated, one not yet due. Where the history has none, a quality-assurance audit of a
   * file nobody has audited for three months supplies it.
   */
  private ensureOpenActions(qa: StaffMember): void {
    const { asOf, historyStart, actionEscalateAfterDays } = this.input;
    // Someone away today has their reminders paused: only those at work count.
    const atWork = (p: StaffMember) =>
      isEmployedOn(p, asOf) && !isAbsentOn(this.absent.get(p.staffId) ?? [], asOf);
    const open = [...this.auditsOf.keys()]
      .filter((staffId) => atWork(this.byId.get(staffId) as StaffMember))
      .map((staffId) => openAuditAction(this.factsOf(staffId), asOf))
      .filter((a) => a !== undefined);
    const wanted: { day: IsoDate; actionsDueDate: IsoDate }[] = [];
    const lateFrom = addDays(asOf, 1 - actionEscalateAfterDays);
    if (!open.some((a) => a.actionsDueDate < asOf && a.actionsDueDate >= lateFrom)) {
      // 40 to 52 days ago, its actions due 4 to 6 weeks after: a few days to four weeks ago.
      const day = this.workingDayFrom(addDays(asOf, -this.rng.int(40, 50)), -1);
      const within = this.rng.int(
        ACTIONS_WITHIN_DAYS[0],
        Math.min(ACTIONS_WITHIN_DAYS[1], daysBetween(day, asOf) - 3),
      );
      wanted.push({ day, actionsDueDate: addDays(day, within) });
    }
    if (!open.some((a) => a.actionsDueDate >= asOf)) {
      const day = this.workingDayFrom(addDays(asOf, -this.rng.int(3, 12)), -1);
      wanted.push({ day, actionsDueDate: addDays(day, this.rng.int(...ACTIONS_WITHIN_DAYS)) });
    }
    for (const { day, actionsDueDate } of wanted) {
      if (day < historyStart || !isEmployedOn(qa, day)) continue;
      const person = this.drawFile(
        (p) =>
          isEmployedOn(p, day) &&
          atWork(p) &&
          !(this.auditsOf.get(p.staffId) ?? []).some((a) => a.date >= addDays(day, -90)),
        this.operational,
      );
      if (!person) continue;
      const audit = this.audit(person, day, qa, "quarterly", "requires_improvement");
      audit.actionsDueDate = actionsDueDate;
    }
  }

  /** One audit, its ratings and completeness drawn to match its grade. */
  private audit(
    person: StaffMember,
    date: IsoDate,
    auditor: StaffMember,
    kind: AuditKind,
    grade: AuditGrade,
  ): AuditRecord {
    const { rng } = this;
    const record: AuditRecord = {
      staffId: person.staffId,
      date,
      auditorId: auditor.staffId,
      kind,
      grade,
    };
    // Most auditors rate every question; now and then one is left blank, or all of them.
    if (rng.chance(0.92)) {
      const blank = rng.chance(0.1) ? rng.pick(AUDIT_QUESTIONS) : undefined;
      const scores: NonNullable<AuditRecord["scores"]> = {};
      for (const q of AUDIT_QUESTIONS) if (q !== blank) scores[q] = rng.pick(SCORES[grade]);
      record.scores = scores;
    }
    if (rng.chance(0.95)) record.fileComplete = rng.chance(isGoodOrBetter(grade) ? 0.93 : 0.55);
    if (!isGoodOrBetter(grade)) {
      record.actionsDueDate = addDays(date, rng.int(...ACTIONS_WITHIN_DAYS));
    }
    this.audits.push(record);
    const file = this.auditsOf.get(person.staffId);
    if (file) {
      file.push(record);
      file.sort((a, b) => compare(a.date, b.date));
    } else this.auditsOf.set(person.staffId, [record]);
    return record;
  }

  /**
   * A first audit's grade: about 20% Outstanding, 55% Good, 20% Requires improvement and 5%
   * Inadequate across the department, better for the files of more diligent supervisors.
   */
  private grade(person: StaffMember): AuditGrade {
    const diligence = this.input.diligence.get(person.supervisorId ?? "") ?? 0.76;
    const lean = Math.max(-1, Math.min(1, (diligence - 0.76) / 0.16));
    const outstanding = 0.2 + 0.08 * lean;
    const inadequate = 0.05 - 0.03 * lean;
    const requiresImprovement = 0.2 - 0.08 * lean;
    const draw = this.rng.next();
    if (draw < outstanding) return "outstanding";
    if (draw < outstanding + inadequate) return "inadequate";
    if (draw < outstanding + inadequate + requiresImprovement) return "requires_improvement";
    return "good";
  }

  /** A file audited again after its actions: most are now Good. */
  private followUpGrade(): AuditGrade {
    const draw = this.rng.next();
    return draw < 0.1 ? "outstanding" : draw < 0.82 ? "good" : "requires_improvement";
  }

  /** Away for four weeks or more at a time during the history (a maternity leave, a long sickness). */
  private longAway(person: StaffMember): boolean {
    const from = toDayNumber(this.input.historyStart);
    return (this.absent.get(person.staffId) ?? []).some(
      ([start, end]) => end >= from && end - start + 1 >= 28,
    );
  }

  /** A working day from `from` to `to` on which the auditor is employed and not away. */
  private auditDay(auditor: StaffMember, from: IsoDate, to: IsoDate): IsoDate | undefined {
    const away = this.absent.get(auditor.staffId) ?? [];
    const days: IsoDate[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) {
      if (isWorkingDay(day, this.calendar) && isEmployedOn(auditor, day) && !isAbsentOn(away, day))
        days.push(day);
    }
    return days.length === 0 ? undefined : this.rng.pick(days);
  }

  /** A random one of `pool` that `fits`, by drawing (a department may have 50,000 people). */
  private drawFile(
    fits: (person: StaffMember) => boolean,
    pool: readonly StaffMember[],
  ): StaffMember | undefined {
    if (pool.length === 0) return undefined;
    for (let i = 0; i < DRAW_TRIES; i++) {
      const person = this.rng.pick(pool);
      if (fits(person)) return person;
    }
    return undefined;
  }

  private factsOf(staffId: string): AuditFact[] {
    return (this.auditsOf.get(staffId) ?? []).map(
      ({ date, auditorId, kind, grade, actionsDueDate }) => ({
        date,
        auditorId,
        kind,
        grade,
        ...(actionsDueDate === undefined ? {} : { actionsDueDate }),
      }),
    );
  }

  private shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }

  /** The nearest working day from `date`, looking forward (`step` 1) or back (-1). */
  private workingDayFrom(date: IsoDate, step: 1 | -1): IsoDate {
    let day = date;
    while (!isWorkingDay(day, this.calendar)) day = addDays(day, step);
    return day;
  }
}

interface MonthPlan {
  missed: readonly IsoMonth[];
  kept: readonly IsoMonth[];
}

/** The ratings a question gets (1 excellent … 5 poor) on a file of each grade. */
const SCORES: Record<AuditGrade, readonly number[]> = {
  outstanding: [1, 1, 1, 2, 2],
  good: [1, 2, 2, 2, 3, 3],
  requires_improvement: [2, 3, 3, 3, 4, 4],
  inadequate: [3, 4, 4, 5, 5],
};

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
