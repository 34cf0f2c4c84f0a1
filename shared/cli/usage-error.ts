/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const USAGE = `Usage: npm run cli -- <command>

  import <dir> [--dry-run] [--profile FILE]
                                        load staff.csv, supervisions.csv, absences.csv,
                                        agreements.csv, appraisals.csv, training.csv,
                                        audits.csv (or .xlsx) from <dir>, or an export's own
                                        files through an import profile
                                        (<dir>/import-profile.json or --profile FILE)
                                        (--dry-run: check and show what would change, write nothing)
  imports [--json]                      the import audit trail: when, from where, file hashes,
                                        counts and outcome
  report --month YYYY-MM [--json]       the monthly supervision KPI
  status --date YYYY-MM-DD [--json]     open obligations by supervisor on a date
  remind --date YYYY-MM-DD [--json] [--real-ses]
                                        the daily reminder job for a date; exit 1 if an email
                                        failed or the run is incomplete (copies of emulator
                                        sends in DATA_DIR/outbox/<date>/)
  digest --month YYYY-MM [--send [--real-ses]] [--json]
                                        the monthly compliance digest: HTML and CSVs in
                                        DATA_DIR/reports/<month>/; --send emails it (once)
  sent [--staff ID] [--recipient EMAIL] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
       [--format text|json|csv]         the audit trail: what each email said about whom, to
                                        whom and when (default the last 30 days); for each item
                                        the day it was first told and every day after
  record --staff ID --reader ID|hr|auditor [--from YYYY-MM-DD] [--format html|csv|json]
                                        one person's supervision record (default the last 2
                                        years) for a reader policy 8.4 allows: the person,
                                        their supervisor or a manager above, hr, auditor;
                                        HTML or CSV in DATA_DIR/records/, JSON on stdout
  bounced --staff ID [--clear]          whether their address bounced (reminders held back,
                                        manager told); --clear once it works again
  demo                                  (npm start) seed a demo department if the store is
                                        empty, then show today's obligations and last month's KPI

Data lives under DATA_DIR (default .data/) in an embedded DynamoDB; DYNAMODB_ENDPOINT points
at another DynamoDB API; STORE=aws (with TABLE_NAME) at the deployed table.
Sending (remind, digest --send, demo) goes to an SES emulator in this process only with the
embedded store; otherwise name the SES: SES_ENDPOINT=<url> or --real-ses (else exit 2).
Add -s after npm run (npm run -s cli -- ... --json) for JSON alone on stdout.`;
