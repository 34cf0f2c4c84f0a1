import {
  AUDIT_GRADE_LABEL,
  breakable,
  escapeHtml,
  OBLIGATION_LABEL,
  plural,
  STAGE_LABEL,
  stageLabel,
  ukDate,
} from "../email/labels";
import type { ObligationInstance } from "./obligation-history";
import { POLICY_8_4 } from "./record-access";
import {
  describeAuditKind,
  describeEmail,
  describeFileComplete,
  describeOutcome,
  describeScores,
  describeSessionType,
  humanise,
  type PersonRef,
  personName,
} from "./record-words";
import { DELIVERY_WORDS } from "./sent-trail";
import type { RecordSession, SupervisionFile, TellingEntry } from "./supervision-record";

/**
 * Printed on A4 from any browser: the page's own margins, every table's header repeated on
 * each page and no row split across two, headings kept with what follows. Nothing is said by
 * colour alone: flags are words (in bold too).
 */
const STYLE = `
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
@page { @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, Helvetica, sans-serif; } }
* { box-sizing: border-box; }
body { font: 10pt/1.35 Arial, Helvetica, sans-serif; color: #111827; max-width: 186mm; margin: 16px auto; padding: 0 8px; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; break-after: avoid-page; page-break-after: avoid; }
p { margin: 0 0 5pt; }
.meta { border: 1pt solid #4b5563; padding: 4pt 6pt; margin: 6pt 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 6pt; }
thead { display: table-header-group; }
tr, th, td { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #6b7280; padding: 2pt 4pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #e5e7eb; }
table.facts th { width: 34%; font-weight: normal; background: #f3f4f6; }
td.num { text-align: right; }
ul { margin: 0; padding-left: 12pt; }
.note { color: #374151; font-size: 9pt; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

export interface RecordHtmlOptions {
  /** `policy.dueSoonDays`, for the words of the due-soon stage. */
  dueSoonDays: number;
}

/** The record as one printable page, every value from the data escaped. */
export function renderRecordHtml(file: SupervisionFile, options: RecordHtmlOptions): string {
  const p = file.profile;
  const title = `Supervision record: ${p.name} (${p.staffId})`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${pageFooter(file)}</style>
</head>
<body>
<h1>Supervision record: ${breakable(p.name)} (${escapeHtml(p.staffId)})</h1>
<div class="meta">
<p><strong>Produced for ${escapeHtml(file.producedFor.description)}</strong> on ${ukDate(file.producedOn)}. It covers ${ukDate(file.from)} to ${ukDate(file.to)}.</p>
<p>Confidential: ${escapeHtml(POLICY_8_4)}.</p>
</div>
${profileSection(file)}
${twelveMonthSection(file)}
${sessionsSection(file.sessions)}
${agreementsSection(file)}
${appraisalsSection(file)}
${trainingSection(file)}
${absencesSection(file)}
${auditsSection(file)}
${obligationsSection(file.obligations, file.to, options.dueSoonDays)}
${toldSection(file.told, options.dueSoonDays)}
<h2>How this record was worked out</h2>
<ul class="note">${file.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>
</body>
</html>
`;
}

/** Each printed page names whose record it is and for whom (as a CSS string: any text is safe). */
function pageFooter(file: SupervisionFile): string {
  const text = `Supervision record of ${file.profile.staffId}, produced ${file.producedOn} for ${file.producedFor.kind.replace("_", " ")}: confidential`;
  return `@page { @bottom-left { content: "${cssString(text)}"; font: 8pt Arial, Helvetica, sans-serif; } }`;
}

/** Anything but plain letters, digits and a little punctuation as a CSS escape: no `"`, `<` or `\\`. */
function cssString(text: string): string {
  return text.replace(/[^A-Za-z0-9 .,:_-]/gu, (c) => `\\${(c.codePointAt(0) ?? 0).toString(16)} `);
}

function profileSection(file: SupervisionFile): string {
  const p = file.profile;
  const rows: [string, string][] = [
    ["Name", breakable(p.name)],
    ["Staff id", escapeHtml(p.staffId)],
    ...(p.email === undefined ? [] : ([["Email", breakable(p.email)]] as [string, string][])),
    ["Role", escapeHtml(humanise(p.role))],
    ["Team", breakable(p.team)],
    ["Service", breakable(p.service)],
    ["Employment", escapeHtml(humanise(p.employment))],
    ["KPI category", escapeHtml(p.category === "nqsw" ? "newly qualified (NQSW)" : p.category)],
    [
      "Qualification",
      escapeHtml(p.qualification === "nqsw" ? "newly qualified (NQSW)" : p.qualification),
    ],
    ...(p.asye === undefined
      ? []
      : ([
          [
            "ASYE",
            `started ${ukDate(p.asye.startDate)}; weekly for sessions before ${ukDate(p.asye.weeklyBefore)}, fortnightly before ${ukDate(p.asye.fortnightlyBefore)}; the year ends ${ukDate(p.asye.yearEnds)}`,
          ],
        ] as [string, string][])),
    ["Operational (counted in the KPI)", p.operational ? "yes" : "no"],
    ...(p.caseload === undefined ? [] : ([["Caseload", String(p.caseload)]] as [string, string][])),
    ...(p.agreedIntervalDays === undefined
      ? []
      : ([["Agreed supervision interval", plural(p.agreedIntervalDays, "day")]] as [
          string,
          string,
        ][])),
    ["Start date", ukDate(p.startDate)],
    ["End date", p.endDate === undefined ? "none (employed)" : ukDate(p.endDate)],
    [
      "Current supervisor",
      p.supervisor === undefined
        ? "none on record"
        : `${personHtml(p.supervisor)}${p.supervisor.since === undefined ? "" : `, since ${ukDate(p.supervisor.since)}`}`,
    ],
    [
      "Supervision course",
      p.supervisionCourse === undefined
        ? "none on record"
        : `on record from ${ukDate(p.supervisionCourse)}`,
    ],
  ];
  return `<h2>Profile</h2>
<table class="facts"><caption class="visually-hidden">Profile</caption><tbody>
${rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`).join("\n")}
</tbody></table>`;
}

function twelveMonthSection(file: SupervisionFile): string {
  const t = file.twelveMonths;
  const against =
    t.minimum === null
      ? "no minimum applies (see below)"
      : t.belowMinimum
        ? `<strong>below the policy minimum of ${t.minimum}</strong>`
        : `at or above the policy minimum of ${t.minimum}`;
  return `<h2>Formal sessions in the last 12 months</h2>
<p>${plural(t.formalSessions, "formal session")} after ${ukDate(t.after)} up to ${ukDate(t.to)}: ${against}. Longest gap in that time: ${plural(t.longestGapDays, "day")}.</p>
<p class="note">${escapeHtml(t.basis)}</p>`;
}

function sessionsSection(sessions: readonly RecordSession[]): string {
  const rows = sessions.map((s) => [
    ukDate(s.date),
    escapeHtml(describeSessionType(s)),
    s.supervisor === undefined ? "not recorded" : personHtml(s.supervisor),
    s.durationMinutes === undefined ? "" : String(s.durationMinutes),
    s.gap === undefined
      ? ""
      : `${plural(s.gap.days, "day")} since ${s.gap.sinceStart ? "starting" : ukDate(s.gap.since)}`,
    againstInterval(s),
  ]);
  return `<h2>Supervision sessions (${sessions.length})</h2>
${table(
  "Supervision sessions",
  [
    ["Date", 15],
    ["Type", 13],
    ["Supervisor", 18],
    ["Minutes", 10, "num"],
    ["Gap", 17],
    ["Against the interval", 27],
  ],
  rows,
)}`;
}

function againstInterval(s: RecordSession): string {
  if (!s.formal) return "informal: does not count";
  const g = s.gap;
  if (g === undefined) return "same day as another formal session";
  const allowance = `${g.intervalDays}-day interval${g.absentDays > 0 ? ` + ${plural(g.absentDays, "day")} absent` : ""}`;
  return g.longerThanInterval
    ? `<strong>Later than due</strong>: due ${ukDate(g.dueDate)} (${allowance})`
    : `within the interval: due ${ukDate(g.dueDate)} (${allowance})`;
}

function agreementsSection(file: SupervisionFile): string {
  return `<h2>Supervision agreements (${file.agreements.length})</h2>
${table(
  "Supervision agreements",
  [
    ["Signed", 30],
    ["With supervisor", 70],
  ],
  file.agreements.map((a) => [
    ukDate(a.signedDate),
    a.supervisor === undefined ? "not recorded" : personHtml(a.supervisor),
  ]),
)}`;
}

function appraisalsSection(file: SupervisionFile): string {
  return `<h2>Appraisals (${file.appraisals.length})</h2>
${table(
  "Appraisals",
  [["Date", 100]],
  file.appraisals.map((a) => [ukDate(a.date)]),
)}`;
}

function trainingSection(file: SupervisionFile): string {
  return `<h2>Manager training (${file.training.length})</h2>
${table(
  "Manager training",
  [
    ["Date", 25],
    ["Course", 45],
    ["Counts as the supervision course", 30],
  ],
  file.training.map((t) => [
    ukDate(t.date),
    breakable(t.course),
    t.supervisionCourse ? "yes" : "no",
  ]),
)}`;
}

function absencesSection(file: SupervisionFile): string {
  return `<h2>Absences (${file.absences.length})</h2>
${table(
  "Absences",
  [
    ["From", 25],
    ["To", 25],
    ["Days", 12, "num"],
    ["Kind", 38],
  ],
  file.absences.map((a) => [
    ukDate(a.startDate),
    ukDate(a.endDate),
    String(a.days),
    escapeHtml(humanise(a.kind)),
  ]),
)}`;
}

function auditsSection(file: SupervisionFile): string {
  return `<h2>Audits of their supervision file (${file.audits.length})</h2>
<p class="note">Grade and ratings as the audit tool records them (each question 1 excellent to 5 poor); no auditor's notes are held.</p>
${table(
  "Audits of their supervision file",
  [
    ["Date", 14],
    ["Audit", 15],
    ["Auditor", 17],
    ["Grade", 14],
    ["File complete", 9],
    ["Actions due", 13],
    ["Ratings", 18],
  ],
  file.audits.map((a) => [
    ukDate(a.date),
    escapeHtml(describeAuditKind(a.kind)),
    personHtml(a.auditor),
    a.goodOrBetter
      ? escapeHtml(AUDIT_GRADE_LABEL[a.grade])
      : `<strong>${escapeHtml(AUDIT_GRADE_LABEL[a.grade])}</strong>: below Good`,
    escapeHtml(describeFileComplete(a)),
    a.actionsDueDate === undefined ? "none set" : ukDate(a.actionsDueDate),
    escapeHtml(describeScores(a)),
  ]),
)}`;
}

function obligationsSection(
  instances: readonly ObligationInstance[],
  to: string,
  dueSoonDays: number,
): string {
  const rows = instances.map((i) => [
    escapeHtml(OBLIGATION_LABEL[i.kind]),
    ukDate(i.dueDate),
    i.stages.length === 0
      ? "never due soon or later in this period"
      : `<ul>${i.stages
          .map(
            (s) =>
              `<li>${escapeHtml(stageLabel(s.stage, dueSoonDays))}: ${s.alreadyOnFirstDay ? "on or before " : "from "}${ukDate(s.from)}</li>`,
          )
          .join("")}</ul>`,
    escapeHtml(describeOutcome(i, to, (d) => ukDate(d), dueSoonDays)),
  ]);
  return `<h2>Obligations and their stages (${instances.length})</h2>
<p class="note">Each obligation (a kind with one due date) as the daily reminders saw it: the day it entered each stage, and how it ended.</p>
${table(
  "Obligations and their stages",
  [
    ["Obligation", 20],
    ["Due", 16],
    ["Stages", 40],
    ["Outcome", 24],
  ],
  rows,
)}`;
}

function toldSection(told: readonly TellingEntry[], dueSoonDays: number): string {
  const rows = told.map((t) => [
    ukDate(t.runDate),
    personHtml(t.recipient),
    escapeHtml(describeEmail(t)),
    `${escapeHtml(OBLIGATION_LABEL[t.kind])}, due ${ukDate(t.dueDate)}`,
    escapeHtml(t.stage === "due_soon" ? stageLabel(t.stage, dueSoonDays) : STAGE_LABEL[t.stage]),
    t.told === "first" ? "first told" : `repeated (first told ${ukDate(t.firstTold)})`,
    escapeHtml(DELIVERY_WORDS[t.delivery] || "no report"),
  ]);
  return `<h2>Reminders and escalations sent about them (${told.length})</h2>
${table(
  "Reminders and escalations sent",
  [
    ["Sent on", 13],
    ["To", 17],
    ["Email", 13],
    ["About", 18],
    ["Stage told", 12],
    ["First or repeated", 15],
    ["Delivery", 12],
  ],
  rows,
)}`;
}

/** A data table with its header repeated on every printed page; cells are HTML already. */
function table(
  caption: string,
  columns: readonly (readonly [header: string, widthPercent: number, cls?: "num"])[],
  rows: readonly (readonly string[])[],
): string {
  if (rows.length === 0) return `<p>None in this period.</p>`;
  const cls = (c: string | undefined) => (c ? ` class="${c}"` : "");
  return `<table><caption class="visually-hidden">${escapeHtml(caption)}</caption>
<colgroup>${columns.map(([, w]) => `<col style="width:${w}%">`).join("")}</colgroup>
<thead><tr>${columns.map(([h, , c]) => `<th scope="col"${cls(c)}>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows.map((r) => `<tr>${r.map((cell, i) => `<td${cls(columns[i]?.[2])}>${cell}</td>`).join("")}</tr>`).join("\n")}
</tbody></table>`;
}

function personHtml(ref: PersonRef): string {
  return breakable(personName(ref));
}
