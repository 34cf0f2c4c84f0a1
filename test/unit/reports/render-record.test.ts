import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { StaffStatus } from "../../../shared/domain/records";
import { defaultPolicy } from "../../../shared/domain/settings/policy";
import { recordCsv } from "../../../shared/reports/record-csv";
import { renderRecordHtml } from "../../../shared/reports/render-record-html";
import { buildSupervisionFile } from "../../../shared/reports/supervision-record";
import { aPerson, factsWith } from "../../helpers/people";

const HOSTILE = '<img src=x onerror="alert(1)"> @SUM(A1)';
const LONG = "Supercalifragilisticexpialidociousteamwithnospaces";
const subject: StaffStatus = {
  person: aPerson({ name: HOSTILE, team: LONG, supervisorId: "M1" }),
  facts: factsWith(),
};
const file = (reader: "hr" | "auditor") =>
  buildSupervisionFile(
    {
      subject,
      history: [
        {
          kind: "supervision",
          record: { staffId: "W1", date: "2024-03-01", type: "formal", supervisorId: "M1" },
        },
        { kind: "training", record: { staffId: "W1", date: "2024-03-02", course: "-2+3" } },
      ],
      roster: [
        subject.person,
        aPerson({ staffId: "M1", name: "=Boss()", supervisorId: undefined }),
      ],
      told: [],
      reader: { kind: reader },
      today: "2024-04-01",
      from: "2024-01-01",
    },
    defaultPolicy,
  );

describe("the record's page", () => {
  const html = renderRecordHtml(file("hr"), { dueSoonDays: 7 });

  it("escapes every name and course, and breaks long words", () => {
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; @SUM(A1)");
    expect(html).toContain("Supercal<wbr>ifragili<wbr>");
  });

  it("prints on A4 with headers repeated and rows kept whole, and says when a section is empty", () => {
    expect(html).toContain("@page { size: A4;");
    expect(html).toContain("tr, th, td { break-inside: avoid; page-break-inside: avoid; }");
    expect(html).toContain('<thead><tr><th scope="col">Date</th>');
    expect(html).toMatch(
      /Reminders and escalations sent about them \(0\)<\/h2>\s*<p>None in this period\.<\/p>/,
    );
    expect(html).toContain(
      'content: "Supervision record of W1, produced 2024-04-01 for hr: confidential"',
    );
  });

  it("says in words what would otherwise be colour: the minimum and a late session", () => {
    expect(html).toContain("<strong>below the policy minimum of 10</strong>");
    expect(html).toContain("<strong>Later than due</strong>");
  });
});

describe("the record's spreadsheet", () => {
  it("neutralises formulas in names and courses, and leaves the auditor's copy without the email", () => {
    const rows: string[][] = parse(recordCsv(file("auditor"), { dueSoonDays: 7 }), {
      bom: true,
      from_line: 2,
    });
    expect(rows).toContainEqual(["profile", "", "", "name", "", "", "", HOSTILE]);
    expect(rows).toContainEqual([
      "training",
      "2024-03-02",
      "",
      "'-2+3",
      "",
      "",
      "",
      "not the supervision course",
    ]);
    expect(rows.find((r) => r[0] === "session")?.[6]).toBe("'=Boss() (M1)");
    expect(rows.some((r) => r[3] === "email")).toBe(false);
  });
});
