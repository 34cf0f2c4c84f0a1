import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { AuditQuality, Digest } from "../../shared/domain/digest/digest-model";
import { scopedDigest } from "../../shared/domain/digest/digest-scope";
import { teamsCsv } from "../../shared/email/digest-csv";
import { ACTION_TEAMS_IN_BODY_AT_MOST } from "../../shared/email/digest-quality-view";
import { monthLabel } from "../../shared/email/digest-view";
import { RATING_COLOURS, renderDigestEmail } from "../../shared/email/render-digest";
import { largeDigest } from "../helpers/large-digest";
import { aPerson } from "../helpers/people";

const base = largeDigest({ month: "2025-11", staff: 120, seed: 4 });
const quality = base.audits as AuditQuality;
const withAudits = (over: Partial<AuditQuality>): Digest => ({
  ...base,
  audits: { ...quality, ...over },
});
const render = (digest: Digest, extra: Partial<Parameters<typeof renderDigestEmail>[0]> = {}) =>
  renderDigestEmail({
    digest,
    recipientName: "senior managers",
    nameOf: (id) => `Person ${id}`,
    nearTargetPoints: 5,
    senderName: "Supervision reminders",
    ...extra,
  });

/** What a reader sees of the HTML: the text, tags gone, entities read. */
const visible = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<wbr>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
/** The page's summary and its detail, either side of the print check's marker. */
const halves = (html: string) => {
  const [summary = "", detail = ""] = html.split("<!-- summary-end -->");
  return { summary: visible(summary), detail: visible(detail) };
};
const grades = { outstanding: 2, good: 7, requires_improvement: 2, inadequate: 1 };

describe("the digest's quality of supervision (file audits)", () => {
  it("gives % Good or better in the summary with its rating in words and the target, page and text alike", () => {
    const out = render(withAudits({ grades, goodOrBetter: 75, rag: "amber" }));
    const { summary } = halves(out.html);
    expect(summary).toContain("Quality of supervision (file audits)");
    expect(summary).toContain(
      "Files Good or better: 75.0% Near target (target 80%; near target from 75.0%)",
    );
    // The badge is amber and says so in words.
    expect(out.html).toMatch(
      new RegExp(
        `<span class="dg-badge" style="background:${RATING_COLOURS.amber.background};[^>]*>Near target</span> \\(target 80%`,
      ),
    );
    expect(out.text).toContain(
      "Files Good or better: 75.0%: NEAR TARGET (target 80%; near target from 75.0%)",
    );
    const line =
      "Grades of the 12 files audited in Nov 2025: Outstanding 2, Good 7, Requires Improvement 2, Inadequate 1.";
    expect(summary).toContain(line);
    expect(out.text).toContain(line);
  });

  it("rates against the digest's own target, and says when no file was audited rather than 0%", () => {
    const strict = render(withAudits({ goodOrBetter: 84, target: 90 }), { nearTargetPoints: 0 });
    expect(strict.text).toContain("Files Good or better: 84.0%: BELOW TARGET (target 90%)");
    const none = render(
      withAudits({
        grades: { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 },
        goodOrBetter: null,
        rag: "n/a",
      }),
    );
    expect(halves(none.html).summary).toContain(
      "Files Good or better: n/a No files audited (target 80%",
    );
    expect(none.text).toContain("No supervision files were audited in Nov 2025.");
  });

  it("says the monthly audits done of due, or why there are none, and by service after the summary", () => {
    const byService = {
      North: { due: 2, done: 1 },
      South: { due: 1, done: 1 },
      East: { due: 0, done: 0 },
    };
    const done = render(
      withAudits({ monthly: { due: 3, done: 2 }, monthlyFrom: "2025-01", byService }),
    );
    expect(halves(done.html).summary).toContain("Audits done: monthly 2 of 3 due;");
    expect(halves(done.html).detail).toContain(
      "Monthly audits (policy 9.3) done of due: North 1 of 2; South 1 of 1.",
    );
    const says = (over: Partial<AuditQuality>) =>
      render(withAudits({ monthly: { due: 0, done: 0 }, byService: {}, ...over })).text;
    expect(says({ monthlyFrom: null })).toContain("Audits done: monthly not recorded here;");
    expect(says({ monthlyFrom: "2026-01" })).toContain(
      "Audits done: monthly recorded from Jan 2026;",
    );
    expect(says({ monthlyFrom: "2025-01" })).toContain("Audits done: monthly none due;");
    expect(says({ monthlyFrom: null })).not.toContain("Monthly audits (policy 9.3)");
  });

  it("says the quarter's sample done of drawn, or that none is on record", () => {
    const drawn = render(withAudits({ quarterly: { drawn: 12, done: 5 }, quarterFrom: "2025-10" }));
    expect(drawn.text).toContain("quarterly sample (Oct to Dec 2025) 5 of 12 drawn.");
    const none = render(withAudits({ quarterly: { drawn: 0, done: 0 }, quarterFrom: "2025-10" }));
    expect(none.text).toContain("quarterly sample (Oct to Dec 2025) none on record.");
  });

  it("lists open actions by team after the summary, most overdue first, the rest in the CSV", () => {
    const team = (openActions: number, overdueActions: number) => ({
      audits: 0,
      goodOrBetter: null,
      openActions,
      overdueActions,
    });
    const byTeam = {
      "Team A": team(1, 0),
      "Team B": team(3, 2),
      "Team C": team(2, 2),
      "Team D": team(0, 0),
      ...Object.fromEntries(
        Array.from({ length: ACTION_TEAMS_IN_BODY_AT_MOST }, (_, i) => [`Team Z${i}`, team(1, 0)]),
      ),
    };
    const out = render(withAudits({ byTeam, openActions: 12, overdueActions: 4 }));
    const { summary, detail } = halves(out.html);
    expect(summary).toContain("Audit actions open on 30 Nov 2025: 12, 4 overdue.");
    expect(detail).toContain(
      `Audit actions open on 30 Nov 2025 by team, the ${ACTION_TEAMS_IN_BODY_AT_MOST} with most overdue of ${ACTION_TEAMS_IN_BODY_AT_MOST + 3} (all in the by-team CSV):`,
    );
    expect(detail).toContain(
      "Team B : 3 open, 2 overdue; Team C : 2 open, 2 overdue; Team A : 1 open;",
    );
    expect(detail).not.toContain("Team D");
    expect(out.text).toContain("- Team B: 3 open, 2 overdue\n- Team C: 2 open, 2 overdue\n");
    expect([...out.text.matchAll(/^- Team .*: \d+ open/gm)]).toHaveLength(
      ACTION_TEAMS_IN_BODY_AT_MOST,
    );
    // A service's copy lists its own teams' (every team's figures stay in the CSV).
    const scoped = render(withAudits({ byTeam }), {
      scope: { kind: "service", service: "North" },
      teamsInScope: new Set(["Team C", "Team D"]),
    });
    expect(halves(scoped.html).detail).toContain(
      "Audit actions open on 30 Nov 2025 in North by team, every team's in the by-team CSV: Team C : 2 open, 2 overdue",
    );
    expect(scoped.text).not.toMatch(/^- Team [ABZ]/m);
    const none = render(withAudits({ byTeam: {}, openActions: 0, overdueActions: 0 }));
    expect(none.text).toContain("No audit actions open on 30 Nov 2025.");
  });

  it("sets each month's % Good or better beside its KPI in the trend, page and text", () => {
    const out = render(base);
    expect(out.html).toMatch(/<th scope="col"[^>]*>Files Good or better<\/th>/);
    for (const [i, t] of quality.trend.entries()) {
      const kpi = base.trend[i];
      expect(out.text).toMatch(
        new RegExp(
          `^${monthLabel(t.month)} +${kpi?.compliance?.toFixed(1)}% .*files Good or better ${t.goodOrBetter?.toFixed(1)}% of ${t.audits}$`,
          "m",
        ),
      );
    }
  });

  it("renders a digest stored before audits as it was: no section, no trend column, empty CSV cells", () => {
    const old: Digest = { ...base };
    delete old.audits;
    const out = render(old);
    expect(out.html).not.toContain("Quality of supervision");
    expect(out.html).not.toContain("Files Good or better");
    expect(out.text).not.toMatch(/QUALITY OF SUPERVISION|Good or better/);
    expect(out.html).toContain("<!-- summary-end -->");
    const rows = parse(teamsCsv(old, 5), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(Object.keys(base.byTeam).length);
    for (const r of rows)
      expect([r.files_audited, r.audit_actions_open, r.service_monthly_audits_due]).toEqual([
        "",
        "",
        "",
      ]);
  });

  it("puts each team's audits and actions in the by-team CSV, a team with none in the KPI last, Excel-safe", () => {
    const [first] = Object.keys(base.byTeam);
    if (!first) throw new Error("no team");
    const service = base.teamService[first] ?? "";
    const digest = withAudits({
      byTeam: {
        [first]: { audits: 4, goodOrBetter: 75, openActions: 2, overdueActions: 1 },
        "=Leadership": { audits: 1, goodOrBetter: 100, openActions: 0, overdueActions: 0 },
      },
      byService: { [service]: { due: 2, done: 1 } },
    });
    const rows = parse(teamsCsv(digest, 5), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.find((r) => r.team === first)).toMatchObject({
      files_audited: "4",
      files_good_or_better_percent: "75",
      audit_actions_open: "2",
      audit_actions_overdue: "1",
      service_monthly_audits_due: "2",
      service_monthly_audits_done: "1",
    });
    const others = rows.filter((r) => r.team !== first && r.team !== "'=Leadership");
    expect(others.every((r) => r.files_audited === "0" && r.audit_actions_open === "0")).toBe(true);
    expect(rows.at(-1)).toMatchObject({
      team: "'=Leadership",
      due: "",
      rag: "",
      files_audited: "1",
      files_good_or_better_percent: "100",
    });
  });

  it("keeps the figures whole in a scoped copy, as the KPI's", () => {
    const roster = base.exceptions.map((e) =>
      aPerson({ staffId: e.staffId, team: e.team, service: e.service }),
    );
    const compiled = { digest: base, roster, nameOf: (id: string) => id };
    const service = base.exceptions[0]?.service ?? "";
    const scoped = scopedDigest(compiled, { kind: "service", service });
    expect(scoped.digest.audits).toEqual(base.audits);
    expect(scoped.digest.exceptions.length).toBeLessThan(base.exceptions.length);
  });
});
