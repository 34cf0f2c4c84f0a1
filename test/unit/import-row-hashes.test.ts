import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../shared/import/import-limits";
import { parseFiles } from "../../shared/import/parse-files";
import { planImport, recordsToFind, rowHashes } from "../../shared/import/plan-import";
import { statusSizeErrors } from "../../shared/import/status-size";
import type { StoredStaff } from "../../shared/ports/supervision-store";
import { aPerson, factsWith } from "../helpers/people";

const SUPERVISIONS = "staff_id,date,supervisor_id,type,duration_minutes";
const supervisions = (...lines: string[]) =>
  parseFiles({ supervisions: Buffer.from([SUPERVISIONS, ...lines, ""].join("\n")) }).files;
const ABSENCES = "staff_id,start_date,end_date,reason";

describe("the hash of a person's rows in a file", () => {
  const rows = ["W1,2024-01-10,M1,formal,60", "W1,2024-02-10,M1,formal,60"];

  it("is 16 hex digits per person and file, none for staff.csv", () => {
    const parsed = parseFiles({
      supervisions: Buffer.from(
        `${SUPERVISIONS}\n${rows.join("\n")}\nW2,2024-01-11,M1,formal,60\n`,
      ),
      absences: Buffer.from(`${ABSENCES}\nW1,2024-03-01,2024-03-02,\n`),
    }).files;
    const hashes = rowHashes(parsed);
    expect([...hashes.keys()].sort()).toEqual(["W1", "W2"]);
    expect(Object.keys(hashes.get("W1") ?? {}).sort()).toEqual(["absences", "supervisions"]);
    expect(hashes.get("W1")?.supervisions).toMatch(/^[0-9a-f]{16}$/);
    expect(hashes.get("W2")?.supervisions).not.toBe(hashes.get("W1")?.supervisions);
  });

  it("does not depend on the rows' order, nor on a row repeated", () => {
    const a = rowHashes(supervisions(...rows)).get("W1");
    expect(rowHashes(supervisions(...[...rows].reverse())).get("W1")).toEqual(a);
    // (Two identical supervision rows are two same-day sessions; an appraisal is once a day.)
    const appraisals = (...lines: string[]) =>
      rowHashes(
        parseFiles({ appraisals: Buffer.from(["staff_id,date", ...lines, ""].join("\n")) }).files,
      ).get("W1");
    expect(appraisals("W1,2023-06-01", "W1,2024-06-01", "W1,2023-06-01")).toEqual(
      appraisals("W1,2023-06-01", "W1,2024-06-01"),
    );
  });

  it("changes with any stored detail, and with a row more or less", () => {
    const a = rowHashes(supervisions(...rows)).get("W1")?.supervisions;
    for (const other of [
      supervisions("W1,2024-01-10,M1,formal,61", rows[1] as string),
      supervisions("W1,2024-01-10,M2,formal,60", rows[1] as string),
      supervisions(rows[0] as string),
      supervisions(...rows, "W1,2024-03-10,M1,peer,60"),
    ]) {
      expect(rowHashes(other).get("W1")?.supervisions).not.toBe(a);
    }
  });
});

describe("planning against the hashes on the status items", () => {
  const files = supervisions(
    "W1,2024-01-10,M1,formal,60",
    "W1,2024-02-10,M1,formal,60",
    "W2,2024-01-11,M1,formal,60",
  );
  const hashes = rowHashes(files);
  const stored = (id: string, importHashes?: Record<string, string>): StoredStaff => ({
    person: aPerson({ staffId: id }),
    facts: factsWith({ formalSessions: id === "W1" ? ["2024-01-10", "2024-02-10"] : [] }),
    ...(importHashes ? { importHashes } : {}),
  });
  // W1's rows match the hash on their status; W2's status has none (an older item).
  const existingStaff = new Map([
    ["W1", stored("W1", { supervisions: hashes.get("W1")?.supervisions as string })],
    ["W2", stored("W2")],
  ]);

  it("looks up only the rows whose hash differs, and counts the others unchanged", () => {
    const toFind = recordsToFind({ files, existingStaff, hashes }, new Set());
    expect(toFind.map((r) => r.record.staffId)).toEqual(["W2"]);
    const plan = planImport({
      files,
      existingStaff,
      hashes,
      existingRecords: new Map(), // W2's session is new
      unfinished: new Map(),
      factsWindowDays: 800,
    });
    expect(plan.counts["supervisions.csv"]).toEqual({ added: 1, changed: 0, unchanged: 2 });
    expect(plan.writes.map((w) => [w.staffId, w.records.length])).toEqual([["W2", 1]]);
    expect(plan.writes[0]?.status?.importHashes).toEqual(hashes.get("W2"));
  });

  it("looks up every row of a person an interrupted import left half-written", () => {
    const toFind = recordsToFind({ files, existingStaff, hashes }, new Set(["W1"]));
    expect(toFind.map((r) => r.record.staffId)).toEqual(["W1", "W1", "W2"]);
  });
});

describe("the status item's size", () => {
  it("counts the import's hashes", () => {
    const person = aPerson();
    const hashes = { supervisions: "0123456789abcdef", absences: "fedcba9876543210" };
    const withoutPadding = Buffer.byteLength(JSON.stringify({ person, facts: factsWith() }));
    // A name that brings the item to 10 bytes under the limit without the hashes.
    const name = "x".repeat(IMPORT_LIMITS.maxStatusItemBytes - withoutPadding - 10 + 11);
    const status = { person: { ...person, name }, facts: factsWith() };
    expect(Buffer.byteLength(JSON.stringify(status))).toBe(IMPORT_LIMITS.maxStatusItemBytes - 10);
    const at = () => ({ file: "staff.csv", line: 2 });
    expect(statusSizeErrors([{ staffId: "W1", records: [], status }], at)).toEqual([]);
    const withHashes = { ...status, importHashes: hashes };
    expect(statusSizeErrors([{ staffId: "W1", records: [], status: withHashes }], at)).toEqual([
      expect.objectContaining({
        file: "staff.csv",
        line: 2,
        rule: "too much history for one person",
      }),
    ]);
  });
});
