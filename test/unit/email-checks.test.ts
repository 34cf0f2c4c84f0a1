import { describe, expect, it } from "vitest";
import {
  DIGEST_MAX_PAGES,
  DIGEST_SUMMARY_MAX_PAGES,
  folderDate,
  formatTable,
  limitFailures,
  type Measurement,
  newestFolder,
  PHONE_WIDTH,
  representative,
} from "../browser/email-checks";

const runDay = (name: string, ...ids: string[]) => ({
  name,
  files: ids.flatMap((id) => [`${id}.eml`, `${id}.html`]),
});

describe("npm run screenshot: the newest outbox folder of each kind", () => {
  // `npm start` on 2026-11-23 after a replay of 2024-03-20 and last month's digest: by name,
  // `digest-2026-10` sorts last, and a later replay of an old day is the latest written.
  const outbox = [
    runDay("2024-03-20", "S1-reminder", "S1-escalation"),
    runDay("2026-11-23", "S9-reminder", "S2-reminder", "S10-reminder"),
    runDay("digest-2026-10", "S4-digest", "S3-digest"),
    runDay("digest-2026-09", "S4-digest"),
    runDay("2026-11-20", "S5-escalation"),
  ];

  it("takes reminders from the latest run day, not the folder that sorts last", () => {
    expect(newestFolder("reminder", outbox)).toEqual({
      folder: "2026-11-23",
      files: ["S10-reminder.html", "S2-reminder.html", "S9-reminder.html"],
    });
  });

  it("takes each kind from the latest folder that has one: escalations from an earlier day", () => {
    expect(newestFolder("escalation", outbox)).toEqual({
      folder: "2026-11-20",
      files: ["S5-escalation.html"],
    });
  });

  it("takes digests from the latest month's digest folder", () => {
    expect(newestFolder("digest", outbox)).toEqual({
      folder: "digest-2026-10",
      files: ["S3-digest.html", "S4-digest.html"],
    });
  });

  it("orders by the date in the name whatever order the folders are listed in", () => {
    const folders = [
      runDay("2026-12-01", "A-reminder"),
      runDay("2026-09-30", "B-reminder"),
      runDay("2027-01-04", "C-reminder"),
    ];
    for (const order of [folders, [...folders].reverse()])
      expect(newestFolder("reminder", order)?.folder).toBe("2027-01-04");
  });

  it("ignores folders that are not a real date or month, and files that are not the kind's HTML", () => {
    const folders = [
      runDay("2026-02-30", "A-reminder"),
      runDay("2026-11-23-old", "B-reminder"),
      runDay("screenshots", "C-reminder"),
      { name: "2026-01-05", files: ["D-reminder.eml", "D-reminder.html.bak", "E-digest.html"] },
      runDay("2025-12-01", "F-reminder"),
    ];
    expect(newestFolder("reminder", folders)).toEqual({
      folder: "2025-12-01",
      files: ["F-reminder.html"],
    });
    expect(newestFolder("digest", folders)).toBeUndefined();
    expect(newestFolder("escalation", [])).toBeUndefined();
  });

  it("reads a run day as a date and a digest folder as its month", () => {
    expect(folderDate("reminder", "2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(folderDate("reminder", "2023-02-29")).toBeUndefined();
    expect(folderDate("reminder", "digest-2024-02")).toBeUndefined();
    expect(folderDate("digest", "digest-2024-02")).toBe(Date.UTC(2024, 1, 1));
    expect(folderDate("digest", "digest-2024-13")).toBeUndefined();
    expect(folderDate("digest", "2024-02-01")).toBeUndefined();
  });
});

const email = (over: Partial<Measurement>): Measurement => ({
  kind: "reminder",
  name: "S1-reminder",
  phoneWidth: PHONE_WIDTH,
  phoneHeight: 1000,
  widest: [],
  ...over,
});

describe("npm run screenshot: the limits", () => {
  it("fails any email wider than the phone, past subpixel rounding", () => {
    expect(limitFailures(email({ phoneWidth: PHONE_WIDTH + 0.4 }))).toEqual([]);
    expect(
      limitFailures(email({ phoneWidth: 491.2, widest: ['<table> needs 433 px: "Due"'] })),
    ).toEqual([
      'S1-reminder: 492 px wide on a 375 px phone (scrolls sideways); past the edge: <table> needs 433 px: "Due"',
    ]);
    expect(limitFailures(email({ kind: "escalation", phoneWidth: 400 }))).toHaveLength(1);
  });

  it("limits only the digest's printed pages: its summary and the whole", () => {
    expect(limitFailures(email({ pages: 9 }))).toEqual([]);
    const digest = (pages: number, summaryPages: number | null) =>
      limitFailures(email({ kind: "digest", name: "S4-digest", pages, summaryPages }));
    expect(digest(DIGEST_MAX_PAGES, DIGEST_SUMMARY_MAX_PAGES)).toEqual([]);
    expect(digest(DIGEST_MAX_PAGES + 1, DIGEST_SUMMARY_MAX_PAGES + 1)).toEqual([
      "S4-digest: the summary prints on 2 A4 pages (limit 1)",
      "S4-digest: prints on 3 A4 pages (limit 2)",
    ]);
    expect(digest(1, null)).toEqual([
      "S4-digest: no <!-- summary-end --> comment after the summary, so its printed pages cannot be counted (limit 1)",
    ]);
  });

  it("shows the widest email of a kind, else the longest", () => {
    const a = email({ name: "a", phoneHeight: 3000 });
    const b = email({ name: "b", phoneHeight: 1000, phoneWidth: 380 });
    const c = email({ name: "c", phoneHeight: 4000 });
    expect(representative([a, b, c])?.name).toBe("b");
    expect(representative([a, c])?.name).toBe("c");
    expect(representative([])).toBeUndefined();
  });

  it("prints a table of width and pages", () => {
    expect(
      formatTable([
        { m: email({ pages: 2 }), of: 50 },
        {
          m: email({
            kind: "digest",
            name: "S4-digest",
            phoneWidth: 491.5,
            pages: 3,
            summaryPages: null,
          }),
        },
      ]),
    ).toBe(
      [
        "email                  width at 375 px     A4 pages",
        "reminder  S1-reminder  375 (widest of 50)  2",
        "digest    S4-digest    492                 3, summary unmarked",
      ].join("\n"),
    );
  });
});
