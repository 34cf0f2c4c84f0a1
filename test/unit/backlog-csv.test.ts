import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { backlogCsv, backlogCsvFilename } from "../../shared/email/backlog-csv";

describe("the backlog CSV a reminder attaches", () => {
  const rows = [
    {
      staffId: "W2",
      name: '=HYPERLINK("http://evil","x")',
      team: "+cmd|' /C calc'!A0",
      kind: "training" as const,
      dueDate: "2013-10-22",
      daysLate: 4780,
    },
    {
      staffId: "W1",
      name: 'Ann O\'Neil, "Annie"',
      team: "@SUM(1)",
      kind: "appraisal" as const,
      dueDate: "2025-10-01",
      daysLate: 40,
    },
    {
      staffId: "W3",
      name: "-1+2",
      team: "\tTabbed",
      kind: "agreement" as const,
      dueDate: "2025-09-01",
      daysLate: -3,
    },
  ];
  const csv = backlogCsv(rows);

  it("is for Excel: a BOM, CRLF line ends, a header row, one row per item, sorted by name", () => {
    expect(csv.startsWith("\uFEFFstaff_id,name,team,item,was_due,days_late,how_late\r\n")).toBe(
      true,
    );
    expect(csv).not.toMatch(/(?<!\r)\n/);
    const read = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(read.map((r) => r.staff_id)).toEqual(["W3", "W2", "W1"]);
    expect(read[2]).toEqual({
      staff_id: "W1",
      name: 'Ann O\'Neil, "Annie"',
      team: "'@SUM(1)",
      item: "Appraisal",
      was_due: "2025-10-01",
      days_late: "40",
      how_late: "5 weeks late",
    });
    expect(read[1]?.how_late).toBe("over 13 years late");
    expect(backlogCsvFilename("2026-11-23")).toBe("supervision-backlog-2026-11-23.csv");
  });

  it("never hands Excel a formula: cells starting =, +, -, @ or a tab become text; numbers stay numbers", () => {
    const read = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    for (const row of read) {
      for (const [column, value] of Object.entries(row)) {
        if (column === "days_late") continue;
        expect(value, `${column}: ${value}`).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    expect(read[1]?.name).toBe('\'=HYPERLINK("http://evil","x")');
    expect(read[1]?.team).toBe("'+cmd|' /C calc'!A0");
    expect(read[0]?.name).toBe("'-1+2");
    expect(read[0]?.team).toBe("'\tTabbed");
    expect(read[0]?.days_late).toBe("-3");
  });
});
