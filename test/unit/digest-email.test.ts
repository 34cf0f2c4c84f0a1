import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../../shared/config/app-config";
import type { DeliveryOutcome } from "../../shared/domain/delivery";
import type { Digest } from "../../shared/domain/digest/digest-model";
import { RATING_WORDS, ragFor } from "../../shared/domain/rating";
import { emptyFacts, type StaffMember } from "../../shared/domain/records";
import type { StoredRecord } from "../../shared/domain/stored-record";
import { departmentDigest } from "../../shared/email/compose-digest";
import { textBar } from "../../shared/email/digest-text";
import { monthLabel, NAMED_IN_BODY_AT_MOST } from "../../shared/email/digest-view";
import { breakable } from "../../shared/email/labels";
import { MUTED, RATING_COLOURS, renderDigestEmail, TEXT } from "../../shared/email/render-digest";
import { compileMonthlyDigest } from "../../shared/use-cases/run-monthly-digest";
import { InMemoryDeliveryLedger } from "../fakes/in-memory-delivery-ledger";
import { InMemoryDigestStore } from "../fakes/in-memory-digest-store";
import { InMemorySupervisionStore } from "../fakes/in-memory-supervision-store";
import { largeDigest } from "../helpers/large-digest";
import { aPerson } from "../helpers/people";

const config = parseAppConfig({ stage: "test", region: "eu-west-2" }, "test");
const NEAR = config.policy.kpi.nearTargetPoints;
const render = (digest: Digest, nameOf = (id: string) => `Person ${id}`) =>
  renderDigestEmail({
    digest,
    recipientName: "senior managers",
    nameOf,
    nearTargetPoints: NEAR,
    senderName: "Supervision reminders",
  });

/** What a reader sees of the HTML: the text, tags gone, entities read. */
function visible(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<wbr>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const digest = largeDigest({ month: "2025-11", staff: 450, seed: 11 });
const email = render(digest);

describe("the digest, redesigned for the meeting", () => {
  it("writes months as 'Nov 2025', never 2025-11, outside the attachments' file names", () => {
    expect(monthLabel("2025-11")).toBe("Nov 2025");
    expect(monthLabel("2025-09")).toBe("Sep 2025");
    expect(email.subject).toBe(
      `Supervision compliance Nov 2025: ${digest.overall.compliance?.toFixed(1)}% against 90% target`,
    );
    for (const part of [visible(email.html), email.text]) {
      for (const t of digest.trend) expect(part).toContain(monthLabel(t.month));
      expect(part.replace(/supervision-[a-z-]+-\d{4}-\d{2}\.csv/g, "")).not.toMatch(
        /\b\d{4}-\d{2}\b/,
      );
    }
  });

  it("marks the target on every bar of the trend and gives each month's rating in words", () => {
    const trend = email.html.slice(
      email.html.indexOf("12-month trend"),
      email.html.indexOf("</tbody>", email.html.indexOf("12-month trend")),
    );
    const rows = [
      ...trend.matchAll(
        /<tr><th scope="row"[\s\S]*?<\/table><\/td>(?:<td[^>]*>[^<]*<\/td>)?<\/tr>/g,
      ),
    ];
    expect(rows).toHaveLength(12);
    for (const [i, [row]] of rows.entries()) {
      const t = digest.trend[i];
      const files = digest.audits?.trend[i];
      if (!t || !files) throw new Error("no month");
      const words = RATING_WORDS[ragFor(t.compliance, digest.target, NEAR)];
      // Beside the month's KPI, the share of files audited Good or better that month.
      expect(visible(row).trim()).toBe(
        `${monthLabel(t.month)} ${t.compliance?.toFixed(1)}% ${words} ${files.goodOrBetter?.toFixed(1)}%`,
      );
      // The target's mark starts the cell at 90% of the bar: the cells before it add up to 90.
      const widths = [...row.matchAll(/<td width="(\d+)%"[^>]*style="([^"]*)"/g)];
      const at = widths.findIndex(([, , style]) => style?.includes("border-left:2px solid"));
      expect(at).toBeGreaterThan(0);
      expect(widths.slice(0, at).reduce((n, [, w]) => n + Number(w), 0)).toBe(digest.target);
    }
    expect(visible(email.html)).toContain("the dark line marks the 90% target");
    // The plain text draws the same bars, | at the target.
    expect(textBar(84, 90)).toBe("================= |");
    expect(textBar(95, 90)).toBe("==================|=");
    expect(email.text).toContain("12-MONTH TREND (| marks the 90% target)");
  });

  it("colours text at 4.5:1 or more, and never says a rating by colour alone", () => {
    for (const [rag, c] of Object.entries(RATING_COLOURS)) {
      expect(contrast(c.text, c.background), rag).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.text, "#ffffff"), rag).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast(TEXT, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrast(MUTED, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    // Every coloured badge carries the rating's words.
    const badges = [...email.html.matchAll(/<span class="dg-badge"[^>]*>([^<]*)<\/span>/g)];
    expect(badges.length).toBeGreaterThan(12);
    for (const [, words] of badges) expect(Object.values(RATING_WORDS)).toContain(words);
  });

  it("has separate category, service and team tables, with header cells, worst team first", () => {
    for (const caption of ["By category", "By service", "Teams, worst first"])
      expect(email.html).toMatch(new RegExp(`<caption[^>]*>${caption}`));
    // Data tables have header cells; only layout tables (the frame, the bars) are presentation.
    for (const [table] of email.html.matchAll(/<table[^>]*>/g)) {
      if (table.includes('role="presentation"')) continue;
      expect(table).not.toContain("role=");
    }
    const dataTables = email.html.split("<caption").slice(1);
    expect(dataTables.length).toBeGreaterThanOrEqual(4);
    for (const t of dataTables) {
      expect(t).toMatch(/<th scope="col"/);
      expect(t).toMatch(/<th scope="row"/);
    }
    const teamOrder = [
      ...email.html.matchAll(/<caption[^>]*>Teams, worst first[\s\S]*?<\/table>/g),
    ].flatMap(([t]) => [...t.matchAll(/<th scope="row"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]));
    expect(teamOrder).toHaveLength(Object.keys(digest.byTeam).length);
    const compliance = teamOrder.map((t) => digest.byTeam[t as string]?.compliance ?? 101);
    expect(compliance).toEqual([...compliance].sort((a, b) => a - b));
  });

  it("fills the not-counted column for categories, services and teams", () => {
    const seen = visible(email.html);
    for (const [service, c] of Object.entries(digest.byService))
      expect(seen).toContain(
        `${service} ${c.supervised} of ${c.due} ${c.compliance?.toFixed(1)}% ${RATING_WORDS[ragFor(c.compliance, digest.target, NEAR)]} ${digest.excludedForAbsence.byService[service]}`,
      );
    expect(seen).toContain(
      `Qualified social workers ${digest.byCategory.qualified.supervised} of ${digest.byCategory.qualified.due}`,
    );
    expect(seen).toMatch(/Not counted/);
  });

  it("says caseloads in plain words, never the raw keys", () => {
    const body = `${visible(email.html)}\n${email.text}`;
    expect(body).not.toMatch(/\bnqsw\b|qualified ·|level \d/);
    expect(body).toContain("Average cases per person: Qualified social workers 17.3");
    expect(body).toMatch(/above the caseload the staffing model expects/);
  });

  it("explains its denominators: who was not counted, and whom the coverage counts", () => {
    for (const part of [visible(email.html), email.text]) {
      expect(part).toContain(
        `${digest.overall.supervised} of the ${digest.overall.due} operational staff due`,
      );
      expect(part).toContain(
        `${digest.excludedForAbsence.overall} were not counted because they were away, or started or left, for 14 days or more of the month`,
      );
      expect(part).toContain(
        `Counted among the ${digest.coverage.agreementCurrent.of} people with a supervisor on record on 30 Nov 2025: every role, operational or not`,
      );
    }
  });

  it("names who is coming up next month, and who needs action now", () => {
    const small = largeDigest({ month: "2025-11", staff: 60, seed: 2 });
    const out = render(small);
    for (const part of [visible(out.html), out.text]) {
      for (const p of small.forecast.passingTwoMonths)
        expect(part).toContain(`Person ${p.staffId}`);
      for (const e of small.exceptions.filter((x) => x.reasons.includes("not_supervised")))
        expect(part).toContain(`Person ${e.staffId}`);
    }
    expect(out.text).toMatch(/COMING UP IN DEC 2025: WILL PASS TWO MONTHS UNLESS SEEN: \d+/);
  });

  it("keeps a big department to two pages: at most NAMED_IN_BODY_AT_MOST names, the rest counted by team", () => {
    // 34 teams of 33, everyone an exception: far more names than two pages hold.
    const huge = largeDigest({ month: "2025-11", staff: 34 * 33, seed: 5 });
    expect(Object.keys(huge.byTeam)).toHaveLength(34);
    const out = render(huge);
    const named = new Set(
      [...visible(out.html).matchAll(/Person (S\d+)/g)].map((m) => m[1] as string),
    );
    expect(named.size).toBeLessThanOrEqual(NAMED_IN_BODY_AT_MOST);
    // A list too long to name is still there, counted by team.
    expect(out.text).toMatch(
      /NOT SUPERVISED THIS MONTH: \d+\nNamed in the attached exceptions CSV/,
    );
    expect(out.text).toContain(
      "Named in the attached exceptions CSV; here, how many in each team.",
    );
    expect(new Set([...out.text.matchAll(/Person (S\d+)/g)].map((m) => m[1]))).toEqual(named);
  });

  it("is built for a phone and for print: nothing wider than 340px inside, A4 print rules, the detail from page 2", () => {
    const body = email.html.slice(email.html.indexOf('<td class="dg"'));
    for (const [, px] of body.matchAll(/width(?:="|:)(\d+)(?:px)?[";]/g))
      expect(Number(px)).toBeLessThanOrEqual(340);
    expect(email.html).toMatch(/<style>[\s\S]*@page \{ size: A4;[\s\S]*<\/style>\s*<\/head>/);
    expect(email.html).toMatch(/@media print \{[\s\S]*\.dg-detail \{ page-break-before: always;/);
    // The print rules reach the frame the layout draws.
    expect(email.html).toContain('<table class="dg-outer" role="presentation"');
    expect(email.html).toContain('<table class="dg-frame" role="presentation"');
    expect(email.html.indexOf('class="dg-detail"')).toBeGreaterThan(
      email.html.indexOf("Teams, worst first"),
    );
    // The print check measures the summary alone up to this marker, so it sits between the two.
    const marker = email.html.indexOf("<!-- summary-end -->");
    expect(marker).toBeGreaterThan(email.html.indexOf("Teams, worst first"));
    expect(marker).toBeLessThan(email.html.indexOf('class="dg-detail"'));
    // A 40-character token in a team's name can break inside a narrow column.
    expect(breakable("Court and Proceedings")).toBe("Court and Proceedings");
    expect(breakable('=HYPERLINK("http://evil","x")')).toBe(
      "=HYPERLI<wbr>NK(&quot;http<wbr>://evil&quot;<wbr>,&quot;x&quot;)",
    );
  });

  it("carries the same information in the plain text: trend, ratings, every table row and name", () => {
    const small = largeDigest({ month: "2025-11", staff: 120, seed: 4 });
    const out = render(small);
    for (const t of small.trend)
      expect(out.text).toMatch(
        new RegExp(
          `${monthLabel(t.month)} +${t.compliance?.toFixed(1)}% +${RATING_WORDS[ragFor(t.compliance, small.target, NEAR)]}`,
        ),
      );
    const rows = { ...small.byService, ...small.byTeam };
    for (const [label, c] of Object.entries(rows))
      expect(out.text).toMatch(
        new RegExp(
          `${label} +${c.supervised} of ${c.due} +${c.compliance?.toFixed(1)}% +${RATING_WORDS[ragFor(c.compliance, small.target, NEAR)]}`,
        ),
      );
    const namesIn = (s: string) => new Set([...s.matchAll(/Person (S\d+)/g)].map((m) => m[1]));
    expect(namesIn(out.text)).toEqual(namesIn(visible(out.html)));
    expect(out.text).toContain("Rating: On target 90.0% or more; Near target 85.0% to 89.9%");
  });
});

describe("names and teams from the HR export that look like formulas or markup", () => {
  const nasty = [
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "<b>Bold</b> & Co",
  ];
  it("are text in the page and the plain text, and neutralised in both CSVs", async () => {
    const team = '=HYPERLINK("http://evil","team")';
    const people: StaffMember[] = [
      aPerson({ staffId: "M1", name: "Manager", role: "team_manager", operational: false, team }),
      ...nasty.map((name, i) =>
        aPerson({
          staffId: `W${i}`,
          name,
          team: i % 2 ? team : "<b>Fostering</b> & Adoption",
          service: "@Service",
        }),
      ),
    ];
    const store = InMemorySupervisionStore.with(
      people.map((person) => ({ person, facts: emptyFacts() })),
      [] as StoredRecord[],
    );
    const compiled = await compileMonthlyDigest("2025-11", {
      store,
      digests: new InMemoryDigestStore(),
      deliveries: new InMemoryDeliveryLedger(),
      config,
      nowMs: () => Date.parse("2025-12-02T07:00:00Z"),
      drawSeed: () => 1,
    });
    const copy = departmentDigest(compiled, config);
    expect(copy.html).not.toContain("<b>Bold</b>");
    expect(copy.html).toContain("&lt;b&gt;Bold&lt;/b&gt; &amp; Co");
    for (const name of nasty) {
      expect(visible(copy.html)).toContain(name);
      expect(copy.text).toContain(name);
    }
    const [teams, exceptions] = copy.attachments;
    const cells = [teams, exceptions].flatMap((a) =>
      (parse(String(a?.content), { bom: true }) as string[][]).flat(),
    );
    expect(cells).toContain(`'${nasty[0]}`);
    expect(cells).toContain(`'${team}`);
    expect(cells).toContain("'@Service");
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && Number.isNaN(Number(c)))).toEqual([]);
  });
});

describe("email delivery in the digest", () => {
  const people: StaffMember[] = [
    aPerson({ staffId: "M1", name: "Manager", role: "team_manager", operational: false }),
    aPerson({ staffId: "W1", name: "Worker" }),
  ];
  const compile = async (deliveries: InMemoryDeliveryLedger) =>
    compileMonthlyDigest("2025-11", {
      store: InMemorySupervisionStore.with(
        people.map((person) => ({ person, facts: emptyFacts() })),
        [] as StoredRecord[],
      ),
      digests: new InMemoryDigestStore(),
      deliveries,
      config,
      nowMs: () => Date.parse("2025-12-02T07:00:00Z"),
      drawSeed: () => 1,
    });

  it("gives the month's delivered, bounced and complained rates, each email counted once by what became of it", async () => {
    const deliveries = new InMemoryDeliveryLedger();
    const event = (messageId: string, outcome: DeliveryOutcome, sentOn = "2025-11-10") =>
      deliveries.recordDelivery({ messageId, outcome, at: `${sentOn}T08:00:00.000Z`, sentOn });
    for (let i = 0; i < 16; i++) {
      await event(`m${i}`, "sent");
      if (i < 13) await event(`m${i}`, "delivered");
    }
    await event("m13", "bounced_hard");
    await event("m14", "bounced_soft");
    await event("m12", "complained"); // delivered, then marked as spam
    await event("october", "delivered", "2025-10-31"); // another month's email
    const compiled = await compile(deliveries);
    expect(compiled.digest.delivery).toMatchObject({
      emails: 16,
      delivered: 12,
      bounced: 2,
      complained: 1,
      other: 1,
      deliveredPercent: 75,
      bouncedPercent: 12.5,
      complainedPercent: 6.3,
    });
    const copy = departmentDigest(compiled, config);
    for (const body of [copy.text, visible(copy.html)])
      expect(body).toContain(
        "Of 16 emails sent: delivered 75.0% (12); bounced 12.5% (2); marked as spam 6.3% (1); 1 delayed, rejected or not yet reported.",
      );
  });

  it("says when SES reported nothing, rather than showing 0% delivered", async () => {
    const compiled = await compile(new InMemoryDeliveryLedger());
    expect(compiled.digest.delivery).toMatchObject({ emails: 0, deliveredPercent: null });
    expect(departmentDigest(compiled, config).text).toContain(
      "No delivery reports for this month's emails",
    );
  });
});
