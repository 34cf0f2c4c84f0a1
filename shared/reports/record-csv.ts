import { type CsvCell, excelCsv } from "../email/excel-csv";
import { AUDIT_GRADE_LABEL, OBLIGATION_LABEL, stageLabel } from "../email/labels";
import {
  describeAuditKind,
  describeEmail,
  describeFileComplete,
  describeOutcome,
  describeScores,
  describeSessionType,
  humanise,
  personName,
} from "./record-words";
import { DELIVERY_WORDS } from "./sent-trail";
import type { SupervisionFile } from "./supervision-record";

export const RECORD_CSV_COLUMNS = [
  "section",
  "date",
  "until",
  "what",
  "stage",
  "due_date",
  "who",
  "detail",
] as const;

type Row = [
  section: string,
  date: CsvCell,
  until: CsvCell,
  what: CsvCell,
  stage: CsvCell,
  dueDate: CsvCell,
  who: CsvCell,
  detail: CsvCell,
];

/**
 * The record as one spreadsheet, a row per event (and first, who it was produced for and the
 * profile), dates `YYYY-MM-DD`; written as every CSV for people is (BOM, CRLF, formula cells
 * neutralised), since names come from the HR export.
 */
export function recordCsv(file: SupervisionFile, options: { dueSoonDays: number }): string {
  const stageWords = (stage: Parameters<typeof stageLabel>[0]) =>
    stageLabel(stage, options.dueSoonDays);
  const p = file.profile;
  const t = file.twelveMonths;
  const profile: [string, CsvCell][] = [
    ["name", p.name],
    ["staff id", p.staffId],
    ...(p.email === undefined ? [] : ([["email", p.email]] as [string, CsvCell][])),
    ["role", humanise(p.role)],
    ["team", p.team],
    ["service", p.service],
    ["employment", p.employment],
    ["KPI category", p.category],
    ["qualification", p.qualification],
    ...(p.asye === undefined
      ? []
      : ([
          [
            "ASYE",
            `started ${p.asye.startDate}; weekly before ${p.asye.weeklyBefore}; fortnightly before ${p.asye.fortnightlyBefore}; year ends ${p.asye.yearEnds}`,
          ],
        ] as [string, CsvCell][])),
    ["operational", p.operational ? "yes" : "no"],
    ...(p.caseload === undefined ? [] : ([["caseload", p.caseload]] as [string, CsvCell][])),
    ...(p.agreedIntervalDays === undefined
      ? []
      : ([["agreed interval days", p.agreedIntervalDays]] as [string, CsvCell][])),
    ["start date", p.startDate],
    ["end date", p.endDate],
    ["current supervisor", p.supervisor && personName(p.supervisor)],
    ["supervisor since", p.supervisor?.since],
    ["supervision course on record from", p.supervisionCourse],
  ];
  const rows: Row[] = [
    [
      "record",
      file.producedOn,
      undefined,
      "produced for",
      undefined,
      undefined,
      undefined,
      file.producedFor.description,
    ],
    ["record", file.from, file.to, "period covered", undefined, undefined, undefined, undefined],
    ...profile.map(
      ([what, value]): Row => [
        "profile",
        undefined,
        undefined,
        what,
        undefined,
        undefined,
        undefined,
        value,
      ],
    ),
    [
      "twelve_months",
      t.to,
      undefined,
      "formal sessions in the 12 months",
      t.belowMinimum ? "below minimum" : undefined,
      undefined,
      undefined,
      `${t.formalSessions} after ${t.after}; minimum ${t.minimum ?? "not applied"}; longest gap ${t.longestGapDays} days. ${t.basis}`,
    ],
    ...file.sessions.map(
      (s): Row => [
        "session",
        s.date,
        undefined,
        describeSessionType(s),
        s.gap?.longerThanInterval ? "later than due" : undefined,
        s.gap?.dueDate,
        s.supervisor && personName(s.supervisor),
        s.gap === undefined
          ? s.formal
            ? "same day as another formal session"
            : "informal: does not count"
          : `${s.gap.days} days since ${s.gap.sinceStart ? "starting" : s.gap.since}; ${s.gap.intervalDays}-day interval + ${s.gap.absentDays} days absent${s.durationMinutes === undefined ? "" : `; ${s.durationMinutes} minutes`}`,
      ],
    ),
    ...file.agreements.map(
      (a): Row => [
        "agreement",
        a.signedDate,
        undefined,
        "supervision agreement signed",
        undefined,
        undefined,
        a.supervisor && personName(a.supervisor),
        undefined,
      ],
    ),
    ...file.appraisals.map(
      (a): Row => [
        "appraisal",
        a.date,
        undefined,
        "appraisal",
        undefined,
        undefined,
        undefined,
        undefined,
      ],
    ),
    ...file.training.map(
      (c): Row => [
        "training",
        c.date,
        undefined,
        c.course,
        undefined,
        undefined,
        undefined,
        c.supervisionCourse ? "counts as the supervision course" : "not the supervision course",
      ],
    ),
    ...file.absences.map(
      (a): Row => [
        "absence",
        a.startDate,
        a.endDate,
        humanise(a.kind),
        undefined,
        undefined,
        undefined,
        `${a.days} days`,
      ],
    ),
    ...file.audits.map(
      (a): Row => [
        "audit",
        a.date,
        undefined,
        `file audit, ${describeAuditKind(a.kind)}`,
        a.goodOrBetter ? AUDIT_GRADE_LABEL[a.grade] : `${AUDIT_GRADE_LABEL[a.grade]}: below Good`,
        a.actionsDueDate,
        personName(a.auditor),
        `file complete: ${describeFileComplete(a)}; ratings: ${describeScores(a)}`,
      ],
    ),
    ...file.obligations.flatMap((i): Row[] => [
      ...i.stages.map(
        (s): Row => [
          "obligation",
          s.from,
          undefined,
          OBLIGATION_LABEL[i.kind],
          stageWords(s.stage),
          i.dueDate,
          undefined,
          s.alreadyOnFirstDay ? "already so on the record's first day" : undefined,
        ],
      ),
      ...(i.end
        ? [
            [
              "obligation",
              i.end.on,
              undefined,
              OBLIGATION_LABEL[i.kind],
              i.end.why.replace(/_/g, " "),
              i.dueDate,
              undefined,
              describeOutcome(i, file.to, (d) => d, options.dueSoonDays),
            ] as Row,
          ]
        : []),
    ]),
    ...file.told.map(
      (t): Row => [
        "told",
        t.runDate,
        undefined,
        OBLIGATION_LABEL[t.kind],
        stageWords(t.stage),
        t.dueDate,
        personName(t.recipient),
        `${describeEmail(t)}; ${t.told === "first" ? "first told" : `repeated, first told ${t.firstTold}`}${DELIVERY_WORDS[t.delivery] ? `; ${DELIVERY_WORDS[t.delivery]}` : ""}`,
      ],
    ),
  ];
  return excelCsv(RECORD_CSV_COLUMNS, rows);
}
