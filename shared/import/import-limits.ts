/**
 * The bounds every imported value must keep. Anything outside them is rejected up front, so a
 * value that passes validation can neither fail the write (DynamoDB's 400 KB item limit) nor
 * break a later run (date arithmetic, emails). The README's import contract lists them.
 */
export const IMPORT_LIMITS = {
  /** `staff_id` and `supervisor_id`: letters, digits, '.', '_', '-', starting with a letter or digit. */
  staffIdLength: 64,
  nameLength: 200,
  /** team and service names. */
  unitNameLength: 100,
  emailLength: 254,
  courseLength: 100,
  sessionIdLength: 100,
  earliestDate: "1900-01-01",
  latestDate: "2099-12-31",
  /** An agreed supervision interval: more than a year apart is not supervision. */
  maxIntervalDays: 365,
  maxCaseload: 150,
  /** One session: ten hours. */
  maxDurationMinutes: 600,
  /** One absence; longer is almost certainly a typing error in a year. */
  maxAbsenceDays: 5 * 366,
  /**
   * A person's status item (profile + facts) in bytes of JSON. DynamoDB's limit is 400 KB
   * with attribute names; this leaves room for keys and index attributes.
   */
  maxStatusItemBytes: 350_000,
  /**
   * A workbook's parts the import reads (the sheet, its shared strings and styles, the list of
   * sheets), expanded, by the sizes the archive declares: checked before anything is expanded,
   * and a part expanding past its declared size is stopped. A sheet's XML is several times the
   * CSV of the same rows: this is about a 40 MB CSV.
   */
  maxWorkbookExpandedBytes: 250_000_000,
  /** An import profile (import-profile.json): a page of JSON, never megabytes. */
  maxProfileBytes: 1_000_000,
} as const;

export const STAFF_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** C0 and C1 control characters (tab, CR and LF included), and Unicode line separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** What a decoder leaves where bytes were not UTF-8: never stored. */
export const REPLACEMENT_CHARACTER = "\uFFFD";
