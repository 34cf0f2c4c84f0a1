import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import { RATING_WORDS, ragFor, ratingBands } from "../../shared/domain/rating";
import { teamsCsv } from "../../shared/email/digest-csv";
import { formatKpiTable } from "../../shared/reports/format-kpi-table";
import { largeDigest } from "../helpers/large-digest";

const config = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test");
const near = config.policy.kpi.nearTargetPoints;

describe("one rating (red, amber, green) for the digest, its CSVs and report", () => {
  it("by default: on target at 90% or more, near target within 5 points below, below target under that", () => {
    expect(near).toBe(5);
    const target = config.policy.kpi.targetPercent;
    expect(ragFor(90, target, near)).toBe("green");
    expect(ragFor(89.9, target, near)).toBe("amber");
    expect(ragFor(85, target, near)).toBe("amber");
    // The case: the digest called 84.0% "Near target" while report said "BELOW".
    expect(ragFor(84, target, near)).toBe("red");
    expect(ragFor(80, target, near)).toBe("red");
    expect(ragFor(null, target, near)).toBe("n/a");
    expect(ratingBands(target, near)).toEqual([
      { rag: "green", words: "On target", range: "90.0% or more" },
      { rag: "amber", words: "Near target", range: "85.0% to 89.9%" },
      { rag: "red", words: "Below target", range: "under 85.0%" },
    ]);
  });

  it("is configurable: policy.kpi.nearTargetPoints", () => {
    const wide = parseAppConfig(
      { stage: "test", region: "eu-west-2", policy: { kpi: { nearTargetPoints: 10 } } },
      "test",
    );
    expect(ragFor(80, 90, wide.policy.kpi.nearTargetPoints)).toBe("amber");
    expect(ratingBands(90, 0).map((b) => b.rag)).toEqual(["green", "red"]);
    expect(() =>
      parseAppConfig(
        { stage: "test", region: "eu-west-2", policy: { kpi: { nearTargetPoints: -1 } } },
        "test",
      ),
    ).toThrow(/nearTargetPoints/);
  });

  it("report and the by-team CSV give every team the same rating, in the same words", () => {
    const digest = largeDigest({ month: "2025-11", staff: 450, seed: 7 });
    const table = formatKpiTable(digest, near);
    const csv = parse(teamsCsv(digest, near), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    const teamLines = table.split("\n").slice(table.split("\n").indexOf("Team:") + 1);
    const seen = new Set<string>();
    for (const [team, counts] of Object.entries(digest.byTeam)) {
      const words = RATING_WORDS[ragFor(counts.compliance, digest.target, near)];
      seen.add(words);
      const line = teamLines.find((l) => l.startsWith(`  ${team}  `));
      expect(line, team).toMatch(new RegExp(`${words}$`));
      expect(csv.find((r) => r.team === team)?.rating, team).toBe(words);
    }
    // The sample spans the bands, so the comparison means something.
    expect(seen.size).toBeGreaterThanOrEqual(2);
    expect(table).toContain(
      "Rating: on target 90.0% or more; near target 85.0% to 89.9%; below target under 85.0%.",
    );
  });
});
