import type { AppConfig } from "../config/app-config";
import type { IsoDate, IsoMonth } from "../domain/dates";
import { digestExpectedOn } from "../domain/digest/digest-deadline";
import type { DigestStore } from "../ports/digest-store";

export interface DigestCheck {
  month: IsoMonth;
  dueBy: IsoDate;
  /** Past its 3rd working day and last month's digest is not recorded: someone must rerun it. */
  missing: boolean;
}

/**
 * Missed-digest detection, run by the daily job (which runs every day, so the check does too):
 * from the month's 3rd working day, last month's snapshot must be in the store.
 */
export async function checkDigestRecorded(
  date: IsoDate,
  deps: { digests: DigestStore; config: Pick<AppConfig, "calendar"> },
): Promise<DigestCheck> {
  const { month, dueBy, due } = digestExpectedOn(date, deps.config.calendar);
  const missing = due && !(await deps.digests.isRecorded(month));
  return { month, dueBy, missing };
}
