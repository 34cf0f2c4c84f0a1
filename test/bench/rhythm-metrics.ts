/**
 * The figures of the reminder rhythm (issue 15), as pure functions over what a simulation
 * observed: per calendar day, the cases open on each supervisor's status board; per email
 * sent, who got it, on which run date, and which cases it mentioned. `npm run rhythm` feeds
 * them; `test/unit/rhythm-metrics.test.ts` holds them to small hand-made inputs.
 *
 * A case is one obligation as one supervisor sees it: (supervisor, supervisee, kind, due date).
 * A recorded session, a signed agreement or a moved due date makes a new case; so does a new
 * supervisor.
 */
import { addDays, daysBetween, type IsoDate, minDate } from "../../shared/domain/dates";
import type { WorkingCalendar } from "../../shared/domain/settings/calendar";
import { type ObligationKind, STAGE_SEVERITY, type Stage } from "../../shared/domain/stage";
import { isWorkingDay, workingDayOnOrAfter } from "../../shared/domain/working-days";

export interface CaseRef {
  supervisorId: string;
  staffId: string;
  kind: ObligationKind;
  dueDate: IsoDate;
}

/** A case open on a day: on its supervisor's board at a stage the job tells about. */
export interface OpenCase extends CaseRef {
  stage: Stage;
  overdueFrom: IsoDate;
  escalatedFrom: IsoDate;
}

/** One calendar day of the window: every case open that day. */
export interface DayCases {
  date: IsoDate;
  open: readonly OpenCase[];
}

/** What one email carried: each notification's case and the stage it was told at. */
export interface SentEmail {
  /** The run date (business date) of the job that sent it. */
  date: IsoDate;
  recipientId: string;
  emailKind: string;
  items: readonly { staffId: string; kind: ObligationKind; dueDate: IsoDate; stage: Stage }[];
}

export function caseKey(c: CaseRef): string {
  return [c.supervisorId, c.staffId, c.kind, c.dueDate].join("#");
}

// ---------------------------------------------------------------------------------------------
// Emails per person

/**
 * Emails of one kind per person. Everyone in `people` is counted, with 0 when they got none;
 * without `people`, only those who got at least one.
 */
export function emailsPerRecipient(
  emails: readonly SentEmail[],
  emailKind: string,
  people?: Iterable<string>,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of people ?? []) counts.set(id, 0);
  for (const e of emails) {
    if (e.emailKind !== emailKind) continue;
    if (people !== undefined && !counts.has(e.recipientId)) continue;
    counts.set(e.recipientId, (counts.get(e.recipientId) ?? 0) + 1);
  }
  return counts;
}

/** Distinct run dates on which each person in `people` got any email (reminder or escalation). */
export function daysWithEmail(
  emails: readonly SentEmail[],
  people: Iterable<string>,
): Map<string, number> {
  const days = new Map<string, Set<string>>();
  for (const id of people) days.set(id, new Set());
  for (const e of emails) days.get(e.recipientId)?.add(e.date);
  return new Map([...days].map(([id, dates]) => [id, dates.size]));
}

// ---------------------------------------------------------------------------------------------
// Mentions

/** The run dates on which each case was mentioned in a reminder to its supervisor, by case key. */
export function reminderMentions(
  emails: readonly SentEmail[],
): Map<string, { date: IsoDate; severity: number }[]> {
  const mentions = new Map<string, { date: IsoDate; severity: number }[]>();
  for (const e of emails) {
    if (e.emailKind !== "reminder") continue;
    for (const item of e.items) {
      const key = caseKey({ supervisorId: e.recipientId, ...item });
      const list = mentions.get(key) ?? [];
      list.push({ date: e.date, severity: STAGE_SEVERITY[item.stage] });
      mentions.set(key, list);
    }
  }
  return mentions;
}

export interface CaseGap {
  key: string;
  /** Calendar days open in the window. */
  openDays: number;
  mentions: number;
  /**
   * The longest run of days between mentions: from one mention to the next, from the day
   * before the case opened to its first mention (a case open when the window starts: from the
   * day before the window), and from its last mention to the day after it was last open (the
   * soonest a next mention could have come; at the window's end, a lower bound). So a case
   * mentioned at least weekly, and within its first 7 days open, has every gap ≤ 7; 1 is a
   * case mentioned every day.
   */
  longestGap: number;
}

/**
 * For every case open in the window, the longest gap between the reminders to its supervisor
 * that mentioned it. A case that closes (or pauses) and opens again starts afresh: each open
 * spell is judged on its own. `days` are consecutive calendar days.
 */
export function mentionGaps(days: readonly DayCases[], emails: readonly SentEmail[]): CaseGap[] {
  const mentioned = new Set(
    [...reminderMentions(emails)].flatMap(([key, list]) => list.map((m) => `${key}@${m.date}`)),
  );
  interface Track {
    gap: CaseGap;
    lastOpen: IsoDate;
    lastMark: IsoDate;
  }
  const tracks = new Map<string, Track>();
  const closeSpell = (t: Track) => {
    t.gap.longestGap = Math.max(t.gap.longestGap, daysBetween(t.lastMark, addDays(t.lastOpen, 1)));
  };
  let previous: IsoDate | undefined;
  for (const day of days) {
    if (previous !== undefined && daysBetween(previous, day.date) !== 1)
      throw new Error(`days must be consecutive: ${previous} then ${day.date}`);
    previous = day.date;
    const yesterday = addDays(day.date, -1);
    for (const c of day.open) {
      const key = caseKey(c);
      let t = tracks.get(key);
      if (t === undefined) {
        t = {
          gap: { key, openDays: 0, mentions: 0, longestGap: 0 },
          lastOpen: day.date,
          lastMark: yesterday,
        };
        tracks.set(key, t);
      } else if (t.lastOpen === day.date) {
        continue; // listed twice on one day
      } else if (t.lastOpen !== yesterday) {
        closeSpell(t); // it closed and opened again: a new spell
        t.lastMark = yesterday;
      }
      t.lastOpen = day.date;
      t.gap.openDays++;
      if (mentioned.has(`${key}@${day.date}`)) {
        t.gap.mentions++;
        t.gap.longestGap = Math.max(t.gap.longestGap, daysBetween(t.lastMark, day.date));
        t.lastMark = day.date;
      }
    }
  }
  for (const t of tracks.values()) closeSpell(t);
  return [...tracks.values()].map((t) => t.gap);
}

// ---------------------------------------------------------------------------------------------
// Newly late items

/** Counts the working days d with from ≤ d < to. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendar: WorkingCalendar): number {
  let n = 0;
  for (let d = from; d < to; d = addDays(d, 1)) if (isWorkingDay(d, calendar)) n++;
  return n;
}

export interface LateEvent {
  key: string;
  /** `overdue`: it became overdue (or went straight past the limit); `escalated`: past the limit. */
  stage: "overdue" | "escalated";
  /** The first day in the window the case was open at that stage or later. */
  became: IsoDate;
  /** The first reminder to its supervisor on or after `became` telling it at that stage or later. */
  toldOn?: IsoDate;
  /**
   * Working days from the first working day on or after `became` to `toldOn` (told on that
   * day: 0; on the next working day: 1). Untold: at least the working days it stayed open at
   * that stage untold (`censored`).
   */
  delay: number;
  censored: boolean;
  /**
   * Untold, but closed (or the window ended) within one working day: the target cannot have
   * been missed yet, so it is left out of the figures.
   */
  unjudged: boolean;
}

/**
 * Every case that became overdue or past the limit during the window (its `overdueFrom`, or
 * `escalatedFrom`, on or after the window's first day: what was already late on day 1 is not
 * new), and how many working days its supervisor waited to be told at that stage or later.
 */
export function lateTellingDelays(
  days: readonly DayCases[],
  emails: readonly SentEmail[],
  calendar: WorkingCalendar,
): LateEvent[] {
  const start = days[0]?.date;
  if (start === undefined) return [];
  const mentions = reminderMentions(emails);
  const events: LateEvent[] = [];
  for (const stage of ["overdue", "escalated"] as const) {
    const level = STAGE_SEVERITY[stage];
    // Per case: when it became so (from the obligation), first and last day seen at it.
    const seen = new Map<string, { from: IsoDate; first: IsoDate; last: IsoDate }>();
    for (const day of days) {
      for (const c of day.open) {
        if (STAGE_SEVERITY[c.stage] < level) continue;
        const key = caseKey(c);
        const s = seen.get(key);
        if (s) s.last = day.date;
        else {
          const from =
            stage === "overdue" ? minDate(c.overdueFrom, c.escalatedFrom) : c.escalatedFrom;
          seen.set(key, { from, first: day.date, last: day.date });
        }
      }
    }
    for (const [key, s] of seen) {
      if (s.from < start) continue; // already late before the window
      const became = s.first;
      const told = (mentions.get(key) ?? [])
        .filter((m) => m.date >= became && m.severity >= level)
        .map((m) => m.date)
        .sort()[0];
      const firstChance = workingDayOnOrAfter(became, calendar);
      if (told !== undefined) {
        events.push({
          key,
          stage,
          became,
          toldOn: told,
          delay: workingDaysBetween(firstChance, told, calendar),
          censored: false,
          unjudged: false,
        });
      } else {
        const missed = workingDaysBetween(firstChance, addDays(s.last, 1), calendar);
        events.push({
          key,
          stage,
          became,
          delay: missed,
          censored: true,
          unjudged: missed <= 1,
        });
      }
    }
  }
  return events;
}

// ---------------------------------------------------------------------------------------------
// The first run

/** Cases open on `date` that no reminder sent on `date` to their supervisor mentioned. */
export function unmentionedOn(
  date: IsoDate,
  days: readonly DayCases[],
  emails: readonly SentEmail[],
): { open: number; missed: string[] } {
  const day = days.find((d) => d.date === date);
  const told = new Set(
    emails
      .filter((e) => e.date === date && e.emailKind === "reminder")
      .flatMap((e) => e.items.map((i) => caseKey({ supervisorId: e.recipientId, ...i }))),
  );
  const keys = [...new Set((day?.open ?? []).map(caseKey))];
  return { open: keys.length, missed: keys.filter((k) => !told.has(k)) };
}
