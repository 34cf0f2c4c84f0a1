import type { IsoDate } from "../domain/dates";
import { OBLIGATION_LABEL, stageLabel } from "../email/labels";
import type { ObligationInstance } from "./obligation-history";
import type { AuditEntry, RecordSession, TellingEntry } from "./supervision-record";

export type { PersonRef } from "./supervision-record";

/** A code as words: `annual_leave` → "annual leave". */
export function humanise(code: string): string {
  return code.replace(/_/g, " ");
}

/** "Mo Manager (M1)", or the id alone for someone no longer in the roster. */
export function personName(ref: { staffId: string; name?: string }): string {
  return ref.name === undefined
    ? `${ref.staffId} (no longer on record)`
    : `${ref.name} (${ref.staffId})`;
}

export function describeSessionType(s: Pick<RecordSession, "type">): string {
  return s.type === "formal" ? "formal one-to-one" : `${s.type} (informal)`;
}

/** Each kind of email in words: a new kind fails the type check until it has its own. */
const EMAIL_WORDS: Record<TellingEntry["emailKind"], string> = {
  reminder: "reminder",
  escalation: "escalation",
  digest: "digest",
  delivery_notice: "notice of an email not delivered",
};

export function describeEmail(t: Pick<TellingEntry, "emailKind" | "level" | "backlog">): string {
  const kind =
    t.emailKind === "escalation"
      ? `escalation (manager level ${t.level})`
      : EMAIL_WORDS[t.emailKind];
  return t.backlog ? `${kind}, backlog from before go-live` : kind;
}

/** How an obligation instance ended, or where it stands on the record's last day. */
export function describeOutcome(
  i: ObligationInstance,
  lastDay: IsoDate,
  date: (d: IsoDate) => string,
  dueSoonDays: number,
): string {
  if (i.end?.why === "met") return `met ${date(i.end.on)}`;
  if (i.end?.why === "left") return `ended: left, last day ${date(i.lastSeen)}`;
  if (i.end) return `no longer applied from ${date(i.end.on)}`;
  const stage = i.stages.at(-1);
  return stage === undefined
    ? `open on ${date(lastDay)}: not yet due`
    : `open on ${date(lastDay)}: ${stageLabel(stage.stage, dueSoonDays).toLowerCase()}`;
}

/** The obligation in words, for a row: "Supervision session due 2024-02-12". */
export function describeObligation(i: Pick<ObligationInstance, "kind" | "dueDate">): string {
  return `${OBLIGATION_LABEL[i.kind]}, due ${i.dueDate}`;
}

/** Whose audit it was: a service manager's monthly one, or quality assurance's quarterly one. */
export function describeAuditKind(kind: AuditEntry["kind"]): string {
  return kind === "monthly" ? "monthly (service manager)" : "quarterly (quality assurance)";
}

/** Whether the file was complete, in words. */
export function describeFileComplete(a: Pick<AuditEntry, "fileComplete">): string {
  return a.fileComplete === undefined ? "not recorded" : a.fileComplete ? "yes" : "no";
}

/** The ratings given, question by question: "Q1 2, Q7 5", or that none was recorded. */
export function describeScores(a: Pick<AuditEntry, "scores">): string {
  return a.scores === undefined
    ? "none recorded"
    : a.scores.map((s) => `${s.question.toUpperCase()} ${s.score}`).join(", ");
}
