import { describe, expect, it } from "vitest";
import type { SentEmail, ToldItem } from "../../../shared/domain/sent-trail";
import { formatTellings, sentCsvRows, tellingsOf } from "../../../shared/reports/sent-trail";
import { mentionsOf } from "../../helpers/trail-mentions";

const item = (staffId: string, stage: ToldItem["stage"], firstTold: string): ToldItem => ({
  staffId,
  kind: "supervision",
  stage,
  dueDate: "2026-11-02",
  level: 0,
  firstTold,
});
const email = (runDate: string, recipientId: string, items: ToldItem[]): SentEmail => ({
  recipientId,
  emailKind: "reminder",
  runDate,
  sentAt: `${runDate}T06:01:00.000Z`,
  messageId: `m-${runDate}-${recipientId}`,
  items,
});

// Newest first, as the ledger lists them.
const trail = [
  email("2026-11-16", "M1", [item("W1", "overdue", "2026-11-03"), item("W2", "due", "2026-11-16")]),
  email("2026-11-09", "M1", [item("W1", "overdue", "2026-11-03")]),
  email("2026-11-03", "M1", [item("W1", "overdue", "2026-11-03")]),
  email("2026-11-03", "M2", [item("W1", "overdue", "2026-11-03")]),
];

describe("the trail as tellings", () => {
  it("gives each (person, obligation, stage, recipient) once: first told, then every day told, oldest first", () => {
    expect(
      tellingsOf(trail).map((t) => [t.staffId, t.stage, t.recipientId, t.firstTold, t.told]),
    ).toEqual([
      ["W1", "overdue", "M1", "2026-11-03", ["2026-11-03", "2026-11-09", "2026-11-16"]],
      ["W1", "overdue", "M2", "2026-11-03", ["2026-11-03"]],
      ["W2", "due", "M1", "2026-11-16", ["2026-11-16"]],
    ]);
  });

  it("keeps a first telling before the range (only repeats are in it)", () => {
    const [later] = tellingsOf(trail.slice(0, 1));
    expect(later).toMatchObject({ staffId: "W1", firstTold: "2026-11-03", told: ["2026-11-16"] });
  });

  it("writes the obligation once, then a line per stage and recipient", () => {
    const lines = formatTellings(tellingsOf(trail), (id) => `${id} Name`);
    expect(lines.slice(0, 3)).toEqual([
      "W1 Name: Supervision session, due 2026-11-02",
      "  overdue, to M1 Name (reminder): first told 2026-11-03; told 2026-11-03, 2026-11-09, 2026-11-16",
      "  overdue, to M2 Name (reminder): first told 2026-11-03; told 2026-11-03",
    ]);
  });

  it("marks each CSV row new on its first telling and repeated after", () => {
    const rows = sentCsvRows(trail, (id) => `name of ${id}`);
    expect(rows.map((r) => [r[0], r[5], r[11]])).toEqual([
      ["2026-11-16", "W1", "repeated"],
      ["2026-11-16", "W2", "new"],
      ["2026-11-09", "W1", "repeated"],
      ["2026-11-03", "W1", "new"],
      ["2026-11-03", "W1", "new"],
    ]);
    expect(mentionsOf(trail)).toHaveLength(rows.length);
  });
});
