import { describe, expect, it } from "vitest";
import type { StaffStatus } from "../../../shared/domain/records";
import { defaultPolicy } from "../../../shared/domain/settings/policy";
import type { StoredRecord } from "../../../shared/domain/stored-record";
import type { SentEmail } from "../../../shared/ports/email-ledger";
import type { RecordReader } from "../../../shared/reports/record-access";
import { buildSupervisionFile } from "../../../shared/reports/supervision-record";
import { aPerson, factsWith } from "../../helpers/people";

const TODAY = "2024-04-01";
const FROM = "2024-01-01";
const worker = aPerson({
  staffId: "W1",
  name: "Wyn Worker",
  supervisorId: "M1",
  supervisorSince: "2022-05-01",
});
const manager = aPerson({ staffId: "M1", name: "Mo Manager", supervisorId: "H1" });
const head = aPerson({ staffId: "H1", name: "Hal Head", supervisorId: undefined });

const history: StoredRecord[] = [
  {
    kind: "supervision",
    record: { staffId: "W1", date: "2023-12-13", type: "formal", supervisorId: "M1" },
  },
  {
    kind: "supervision",
    record: { staffId: "W1", date: "2024-01-10", type: "formal", supervisorId: "M1" },
  },
  { kind: "supervision", record: { staffId: "W1", date: "2024-02-01", type: "peer" } },
  {
    kind: "supervision",
    record: {
      staffId: "W1",
      date: "2024-03-20",
      type: "formal",
      supervisorId: "M1",
      durationMinutes: 90,
    },
  },
  {
    kind: "absence",
    record: { staffId: "W1", startDate: "2024-01-22", endDate: "2024-01-26", reason: "sickness" },
  },
  {
    kind: "absence",
    record: {
      staffId: "W1",
      startDate: "2023-08-01",
      endDate: "2023-08-14",
      reason: "annual_leave",
    },
  },
  { kind: "agreement", record: { staffId: "W1", signedDate: "2024-02-02", supervisorId: "M1" } },
  { kind: "appraisal", record: { staffId: "W1", date: "2023-09-01" } },
  { kind: "appraisal", record: { staffId: "W1", date: "2024-03-01" } },
  { kind: "training", record: { staffId: "W1", date: "2024-02-10", course: "Supervision" } },
];
// The status item's facts are pruned; the record rebuilds them from the history.
const subject: StaffStatus = {
  person: worker,
  facts: factsWith({ formalSessions: ["2024-03-20"] }),
};

const told: SentEmail[] = [
  {
    recipientId: "H1",
    emailKind: "escalation",
    runDate: "2024-03-18",
    sentAt: "2024-03-18T07:00:02.000Z",
    messageId: "m3",
    items: [
      {
        staffId: "W1",
        kind: "supervision",
        stage: "escalated",
        dueDate: "2024-02-12",
        level: 1,
        firstTold: "2024-03-18",
      },
    ],
  },
  {
    recipientId: "M1",
    emailKind: "reminder",
    runDate: "2024-02-12",
    sentAt: "2024-02-12T07:00:01.000Z",
    messageId: "m2",
    items: [
      {
        staffId: "W1",
        kind: "supervision",
        stage: "due",
        dueDate: "2024-02-12",
        level: 0,
        firstTold: "2024-02-05",
      },
      {
        staffId: "W2",
        kind: "appraisal",
        stage: "due",
        dueDate: "2024-02-12",
        level: 0,
        firstTold: "2024-02-12",
      },
    ],
  },
];

const build = (reader: RecordReader) =>
  buildSupervisionFile(
    { subject, history, roster: [worker, manager, head], told, reader, today: TODAY, from: FROM },
    defaultPolicy,
  );

describe("a person's supervision record", () => {
  const hr = build({ kind: "hr" });

  it("says who it was produced for, on what day, and the period", () => {
    expect(hr.producedFor).toEqual({ kind: "hr", description: "HR (personnel purposes)" });
    expect([hr.producedOn, hr.from, hr.to]).toEqual([TODAY, FROM, TODAY]);
  });

  it("holds the profile with the current supervisor named, and no course before it was taken", () => {
    expect(hr.profile).toMatchObject({
      name: "Wyn Worker",
      staffId: "W1",
      email: "test.person@example.gov.uk",
      category: "qualified",
      supervisor: { staffId: "M1", name: "Mo Manager", since: "2022-05-01" },
      supervisionCourse: "2024-02-10",
    });
  });

  it("lists sessions in the period from the whole history, informal ones marked", () => {
    expect(
      hr.sessions.map((s) => [s.date, s.formal, s.gap?.days, s.gap?.longerThanInterval]),
    ).toEqual([
      ["2024-01-10", true, 28, false],
      ["2024-02-01", false, undefined, undefined],
      ["2024-03-20", true, 70, true],
    ]);
    expect(hr.twelveMonths).toMatchObject({ formalSessions: 3, minimum: 10, belowMinimum: true });
  });

  it("keeps agreements, appraisals, training and absences in the period, absences with their kind", () => {
    expect(hr.agreements).toEqual([
      { signedDate: "2024-02-02", supervisor: { staffId: "M1", name: "Mo Manager" } },
    ]);
    expect(hr.appraisals).toEqual([{ date: "2024-03-01" }]);
    expect(hr.training).toEqual([
      { date: "2024-02-10", course: "Supervision", supervisionCourse: true },
    ]);
    expect(hr.absences).toEqual([
      { startDate: "2024-01-22", endDate: "2024-01-26", days: 5, kind: "sickness" },
    ]);
  });

  it("replays the obligations: the agreement met the day it was signed", () => {
    // No agreement since the supervisor changed in May 2022: past the limit when the record
    // starts, met on 2 February, and the yearly review follows.
    const agreement = hr.obligations.find((o) => o.kind === "agreement");
    expect(agreement).toMatchObject({
      dueDate: "2022-05-29",
      stages: [
        { stage: "escalated", from: "2024-01-01", alreadyOnFirstDay: true },
        { stage: "paused", from: "2024-01-22" },
        { stage: "escalated", from: "2024-01-27" },
      ],
      end: { on: "2024-02-02", why: "met" },
    });
    const review = hr.obligations.find((o) => o.kind === "agreement_review");
    expect(review).toMatchObject({ dueDate: "2025-02-02", firstSeen: "2024-02-02", stages: [] });
    const supervision = hr.obligations.filter((o) => o.kind === "supervision");
    expect(supervision.map((o) => [o.dueDate, o.end?.on])).toEqual([
      ["2024-01-10", "2024-01-10"],
      ["2024-02-12", "2024-03-20"],
      ["2024-04-17", undefined],
    ]);
  });

  it("lists every telling about them only, oldest first, first or repeated, recipients named", () => {
    expect(hr.told).toEqual([
      {
        runDate: "2024-02-12",
        sentAt: "2024-02-12T07:00:01.000Z",
        emailKind: "reminder",
        recipient: { staffId: "M1", name: "Mo Manager" },
        kind: "supervision",
        stage: "due",
        dueDate: "2024-02-12",
        level: 0,
        firstTold: "2024-02-05",
        told: "repeated",
        delivery: "no_feedback",
      },
      {
        runDate: "2024-03-18",
        sentAt: "2024-03-18T07:00:02.000Z",
        emailKind: "escalation",
        recipient: { staffId: "H1", name: "Hal Head" },
        kind: "supervision",
        stage: "escalated",
        dueDate: "2024-02-12",
        level: 1,
        firstTold: "2024-03-18",
        told: "first",
        delivery: "no_feedback",
      },
    ]);
  });

  it("gives each telling's delivery as SES reported its email", () => {
    const [m2, m3] = [
      told.find((e) => e.messageId === "m2"),
      told.find((e) => e.messageId === "m3"),
    ];
    const file = buildSupervisionFile(
      {
        subject,
        history,
        roster: [worker, manager, head],
        told,
        delivery: new Map([
          [m2?.messageId ?? "", { sent: "t0", delivered: "t1" }],
          [m3?.messageId ?? "", { sent: "t0", bounced_hard: "t2" }],
        ]),
        reader: { kind: "hr" },
        today: TODAY,
        from: FROM,
      },
      defaultPolicy,
    );
    const byDay = Object.fromEntries(file.told.map((t) => [t.runDate, t.delivery]));
    expect(byDay).toEqual({
      [m2?.runDate ?? ""]: "delivered",
      [m3?.runDate ?? ""]: "bounced_hard",
    });
  });

  it("withholds the absences' kinds and the email address from an auditor", () => {
    const audit = build({ kind: "auditor" });
    expect(audit.profile.email).toBeUndefined();
    expect(JSON.stringify(audit)).not.toContain("test.person@example.gov.uk");
    expect(audit.absences).toEqual([
      { startDate: "2024-01-22", endDate: "2024-01-26", days: 5, kind: "absent" },
    ]);
    expect(JSON.stringify(audit)).not.toContain("sickness");
    expect(audit.sessions).toEqual(hr.sessions);
  });
});
