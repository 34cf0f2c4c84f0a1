import type { Digest, ExceptionReason } from "../domain/digest/digest-model";
import { DEPARTMENT, type DigestScope, scopeName } from "../domain/digest/digest-scope";
import type { KpiCounts } from "../domain/monthly-kpi";
import { RATING_WORDS, type Rag, ragFor } from "../domain/rating";
import { escapeHtml, plural } from "./labels";
import { emailLayout, FONT } from "./layout";
import type { RenderedEmail } from "./render-reminder";

export interface DigestEmailView {
  digest: Digest;
  recipientName: string;
  /** Names for the ids in the digest; only senior managers and QA recipients get it. */
  nameOf: (staffId: string) => string;
  /** The rating's amber band (`policy.kpi.nearTargetPoints`). */
  nearTargetPoints: number;
  senderName: string;
  /** Whose names this copy carries (the department when not given); `digest` is already cut to it (`scopedDigest`). */
  scope?: DigestScope | undefined;
  /** A service manager's file to audit this month. */
  auditFile?: { staffId: string; team: string } | undefined;
  /** For quality-assurance recipients in a quarter's first month. */
  qaSample?: { staffId: string; team: string }[] | undefined;
}

const RAG_STYLE: Record<Rag, { label: string; background: string; text: string }> = {
  green: { label: RATING_WORDS.green, background: "#e6f4ea", text: "#14532d" },
  amber: { label: RATING_WORDS.amber, background: "#fff4d6", text: "#6b4500" },
  red: { label: RATING_WORDS.red, background: "#fde8e8", text: "#8a1c1c" },
  "n/a": { label: RATING_WORDS["n/a"], background: "#eeeeee", text: "#333333" },
};
const REASON: Record<ExceptionReason, string> = {
  not_supervised: "Not supervised this month",
  past_two_month_limit: "Over two months without supervision",
  under_minimum_sessions: "Under 10 sessions in 12 months",
};
const pct = (n: number | null) => (n === null ? "n/a" : `${n.toFixed(1)}%`);
const monthName = (month: string) =>
  new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

function badge(rag: Rag): string {
  const s = RAG_STYLE[rag];
  return `<span style="background:${s.background};color:${s.text};border:1px solid ${s.text};padding:1px 6px;white-space:nowrap;">${s.label}</span>`;
}

const cell = (text: string, align = "left", bold = false) =>
  `<td align="${align}" style="padding:4px 6px;${FONT}font-size:14px;line-height:18px;color:#111827;border-bottom:1px solid #e5e7eb;${bold ? "font-weight:bold;" : ""}">${text}</td>`;

function section(title: string, content: string): string {
  return `<tr><td style="padding:14px 20px 4px 20px;${FONT}font-size:17px;line-height:22px;font-weight:bold;color:#111827;">${escapeHtml(title)}</td></tr>
<tr><td style="padding:0 20px;${FONT}font-size:14px;line-height:20px;color:#111827;">${content}</td></tr>`;
}

function countsTable(
  rows: [string, KpiCounts, number | undefined][],
  target: number,
  margin: number,
): string {
  const head = `<tr>${["", "Due", "Supervised", "%", "", "Excluded"].map((h, i) => cell(`<span style="color:#4b5563;">${h}</span>`, i === 0 ? "left" : "right")).join("")}</tr>`;
  const body = rows
    .map(
      ([label, c, excluded]) =>
        `<tr>${cell(escapeHtml(label))}${cell(String(c.due), "right")}${cell(String(c.supervised), "right")}${cell(pct(c.compliance), "right", true)}${cell(badge(ragFor(c.compliance, target, margin)), "right")}${cell(excluded === undefined ? "" : String(excluded), "right")}</tr>`,
    )
    .join("");
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${head}${body}</table>`;
}

/** The trend as table bars: Outlook draws a coloured cell of a set width where it ignores CSS. */
function trendBars(d: Digest, margin: number): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${d.trend
    .map((t) => {
      const width = Math.max(1, Math.round(t.compliance ?? 0));
      const colour = RAG_STYLE[ragFor(t.compliance, d.target, margin)].text;
      return `<tr><td width="70" style="padding:2px 6px 2px 0;${FONT}font-size:13px;color:#111827;white-space:nowrap;">${t.month}</td><td style="padding:2px 0;"><table role="presentation" width="${width}%" cellpadding="0" cellspacing="0" border="0"><tr><td height="12" bgcolor="${colour}" style="background:${colour};font-size:0;line-height:0;">&nbsp;</td></tr></table></td><td width="52" align="right" style="padding:2px 0 2px 6px;${FONT}font-size:13px;color:#111827;">${pct(t.compliance)}</td></tr>`;
    })
    .join(
      "",
    )}</table><div style="${FONT}font-size:12px;color:#4b5563;">Target ${d.target}%. Bar length is the percentage; colour repeats the on-target / near / below rating.</div>`;
}

/** The one-page monthly digest: pure, view model in, subject/text/html out. */
export function renderDigestEmail(view: DigestEmailView): RenderedEmail {
  const d = view.digest;
  const rag = ragFor(d.overall.compliance, d.target, view.nearTargetPoints);
  const change =
    d.change === null
      ? "no figure for last month"
      : `${d.change >= 0 ? "up" : "down"} ${Math.abs(d.change).toFixed(1)} points on last month (${pct(d.previousCompliance)})`;
  const subject = `Supervision compliance ${monthName(d.month)}: ${pct(d.overall.compliance)} against ${d.target}% target`;
  // Per team, one short list per reason: who was not supervised, who is past two months, who
  // is under the yearly minimum (a person can be in more than one).
  const exceptionsByTeam = new Map<string, Map<ExceptionReason, string[]>>();
  for (const e of d.exceptions) {
    const team = exceptionsByTeam.get(e.team) ?? new Map<ExceptionReason, string[]>();
    for (const reason of e.reasons)
      team.set(reason, [...(team.get(reason) ?? []), view.nameOf(e.staffId)]);
    exceptionsByTeam.set(e.team, team);
  }
  const reasonLines = (team: Map<ExceptionReason, string[]>) =>
    (Object.keys(REASON) as ExceptionReason[])
      .filter((r) => team.has(r))
      .map((r) => `${REASON[r]} (${team.get(r)?.length}): ${team.get(r)?.join(", ")}`);
  const coverageLines = [
    `Current supervision agreement: ${pct(d.coverage.agreementCurrent.percent)} (${d.coverage.agreementCurrent.count} of ${d.coverage.agreementCurrent.of})`,
    `Appraisal in date: ${pct(d.coverage.appraisalInDate.percent)} (${d.coverage.appraisalInDate.count} of ${d.coverage.appraisalInDate.of})`,
    `Supervisors with supervision training: ${pct(d.coverage.supervisorsTrained.percent)} (${d.coverage.supervisorsTrained.count} of ${d.coverage.supervisorsTrained.of})`,
  ];
  const overTeams = Object.entries(d.caseload.byTeam).filter(([, t]) => t.overLevel);
  const forecastDue = Object.values(d.forecast.supervisionsDueByTeam).reduce((a, b) => a + b, 0);
  const personal: string[] = [];
  if (view.auditFile)
    personal.push(
      `Your supervision file to audit this month (policy 9.2): ${view.nameOf(view.auditFile.staffId)}, ${view.auditFile.team}.`,
    );
  if (view.qaSample)
    personal.push(
      `Quarterly quality-assurance sample (policy 9.3), ${view.qaSample.length} files: ${view.qaSample.map((s) => `${view.nameOf(s.staffId)} (${s.team})`).join(", ")}.`,
    );

  const text = [
    subject,
    "",
    `Dear ${view.recipientName},`,
    "",
    `${pct(d.overall.compliance)} of operational staff due had a formal supervision in ${monthName(d.month)} (${d.overall.supervised} of ${d.overall.due}); ${RAG_STYLE[rag].label.toLowerCase()}, ${change}. ${d.excludedForAbsence.overall} were not counted (away 14 days or more).`,
    ...personal.map((p) => `\n${p}`),
    "",
    "BY CATEGORY",
    ...Object.entries(d.byCategory).map(
      ([k, c]) => `- ${k}: ${c.supervised}/${c.due} ${pct(c.compliance)}`,
    ),
    "BY SERVICE",
    ...Object.entries(d.byService).map(
      ([k, c]) => `- ${k}: ${c.supervised}/${c.due} ${pct(c.compliance)}`,
    ),
    "BY TEAM",
    ...Object.entries(d.byTeam).map(
      ([k, c]) => `- ${k}: ${c.supervised}/${c.due} ${pct(c.compliance)}`,
    ),
    "",
    `EXCEPTIONS (${scopeName(view.scope ?? DEPARTMENT)})`,
    ...[...exceptionsByTeam].flatMap(([team, reasons]) => [
      `${team}`,
      ...reasonLines(reasons).map((l) => `  - ${l}`),
    ]),
    "",
    "COVERAGE",
    ...coverageLines.map((l) => `- ${l}`),
    "",
    `CASELOADS: ${overTeams.length ? `above their level: ${overTeams.map(([t, c]) => `${t} (${c.average} vs ${c.level})`).join(", ")}` : "no team above its level"}`,
    "",
    `${monthName(d.forecast.month).toUpperCase()}: ${forecastDue} supervisions fall due; ${d.forecast.passingSixWeeks.length} will pass six weeks and ${d.forecast.passingTwoMonths.length} two months unless seen.`,
    "",
    "The team and exception lists are attached as CSV files for Excel.",
    "",
    view.senderName,
  ].join("\n");

  const headline = `<tr><td style="padding:8px 20px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${RAG_STYLE[rag].background};border:1px solid ${RAG_STYLE[rag].text};"><tr><td style="padding:12px 16px;${FONT}color:${RAG_STYLE[rag].text};"><span style="font-size:34px;line-height:40px;font-weight:bold;">${pct(d.overall.compliance)}</span> <span style="font-size:16px;">${escapeHtml(RAG_STYLE[rag].label)} (target ${d.target}%)</span><br><span style="font-size:14px;line-height:20px;">${d.overall.supervised} of ${d.overall.due} operational staff due were supervised; ${escapeHtml(change)}. ${plural(d.excludedForAbsence.overall, "person", "people")} not counted (away 14 days or more).</span></td></tr></table></td></tr>`;
  const body = [
    `<tr><td style="padding:0 20px;${FONT}font-size:15px;line-height:21px;color:#111827;">Dear ${escapeHtml(view.recipientName)},</td></tr>`,
    headline,
    ...personal.map(
      (p) =>
        `<tr><td style="padding:4px 20px;${FONT}font-size:15px;line-height:21px;color:#111827;"><strong>${escapeHtml(p)}</strong></td></tr>`,
    ),
    section("12-month trend", trendBars(d, view.nearTargetPoints)),
    section(
      "By category and service",
      countsTable(
        [
          ...Object.entries(d.byCategory).map(([k, c]): [string, KpiCounts, number | undefined] => [
            k === "nqsw" ? "Newly qualified" : k[0]?.toUpperCase() + k.slice(1),
            c,
            undefined,
          ]),
          ...Object.entries(d.byService).map(([k, c]): [string, KpiCounts, number | undefined] => [
            k,
            c,
            undefined,
          ]),
        ],
        d.target,
        view.nearTargetPoints,
      ),
    ),
    section(
      "By team",
      countsTable(
        Object.entries(d.byTeam).map(([k, c]): [string, KpiCounts, number | undefined] => [
          k,
          c,
          d.excludedForAbsence.byTeam[k] ?? 0,
        ]),
        d.target,
        view.nearTargetPoints,
      ),
    ),
    section(
      `Exceptions: ${scopeName(view.scope ?? DEPARTMENT)}`,
      exceptionsByTeam.size === 0
        ? "None."
        : [...exceptionsByTeam]
            .map(
              ([team, reasons]) =>
                `<strong>${escapeHtml(team)}</strong><br>${reasonLines(reasons)
                  .map((l) => `&bull; ${escapeHtml(l)}`)
                  .join("<br>")}`,
            )
            .join("<br>"),
    ),
    section("Coverage", coverageLines.map(escapeHtml).join("<br>")),
    section(
      "Caseloads",
      `${Object.entries(d.caseload.byCategory)
        .filter(([, c]) => c.average !== null)
        .map(([k, c]) => `${escapeHtml(k)}: ${c.average}`)
        .join(
          " &middot; ",
        )}<br>${overTeams.length ? `<strong>Above their level:</strong> ${overTeams.map(([t, c]) => `${escapeHtml(t)} ${c.average} (level ${c.level})`).join(", ")}` : "No team above its level."}`,
    ),
    section(
      `Coming up: ${monthName(d.forecast.month)}`,
      `${forecastDue} supervisions fall due (${Object.entries(d.forecast.supervisionsDueByTeam)
        .map(([t, n]) => `${escapeHtml(t)} ${n}`)
        .join(
          ", ",
        )}). Unless seen, ${d.forecast.passingSixWeeks.length} will pass six weeks and ${d.forecast.passingTwoMonths.length} two months.`,
    ),
  ].join("\n");
  const footer = `Team figures and the exception list are attached as CSV files for Excel. ${escapeHtml(view.senderName)}.`;
  return {
    subject,
    text,
    html: emailLayout({ title: subject, preheader: text.split("\n")[4] ?? subject, body, footer }),
  };
}
