import type { IsoDate } from "../domain/dates";
import type { ObligationKind } from "../domain/stage";
import { excelCsv } from "./excel-csv";
import { lateness, OBLIGATION_LABEL } from "./labels";

export interface BacklogRow {
  staffId: string;
  name: string;
  team: string;
  kind: ObligationKind;
  dueDate: IsoDate;
  daysLate: number;
}

/** The attachment's name: the day of the email, so a week's copy never replaces another's. */
export function backlogCsvFilename(date: IsoDate): string {
  return `supervision-backlog-${date}.csv`;
}

/**
 * The backlog a supervisor's reminder summarises, named: one row per item, for Excel (UTF-8
 * with a BOM, CRLF). A cell that starts with `=`, `+`, `-`, `@`, a tab or a CR is prefixed with
 * `'` so that Excel shows it as text instead of running it as a formula (a name or team from
 * the HR export could be `=HYPERLINK(…)`); numbers stay numbers (`excelCsv`).
 */
export function backlogCsv(rows: readonly BacklogRow[]): string {
  return excelCsv(
    ["staff_id", "name", "team", "item", "was_due", "days_late", "how_late"],
    [...rows]
      .sort(
        (a, b) =>
          a.name.localeCompare(b.name) ||
          a.staffId.localeCompare(b.staffId) ||
          a.dueDate.localeCompare(b.dueDate),
      )
      .map((r) => [
        r.staffId,
        r.name,
        r.team,
        OBLIGATION_LABEL[r.kind],
        r.dueDate,
        r.daysLate,
        lateness(r.daysLate),
      ]),
  );
}
