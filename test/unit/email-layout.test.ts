import { describe, expect, it } from "vitest";
import { dataTable, emailLayout } from "../../shared/email/layout";

const html = emailLayout({
  title: "Supervision: 1 overdue",
  preheader: "Cal <Agency> needs a session",
  body: `<tr><td>${dataTable({
    caption: "Cal Agency",
    columns: [{ header: "Item" }, { header: "Status" }, { header: "When", align: "right" }],
    rows: [["Supervision session", "Overdue", "3 days late"]],
  })}</td></tr>`,
  footer: "Footer",
});

/** The markup Outlook desktop (Word) reads: conditional comments opened up, the rest as is. */
const asOutlookSees = (page: string) => page.replace(/<!--\[if mso\]>|<!\[endif\]-->/g, "");
/** What every other client reads: conditional comments are comments. */
const asOthersSee = (page: string) => page.replace(/<!--\[if mso\]>[\s\S]*?<!\[endif\]-->/g, "");

describe("the frame every email shares", () => {
  it("is British English", () => {
    expect(html).toMatch(/<html lang="en-GB"[ >]/);
  });

  it("is exactly 600px in Outlook desktop, which ignores max-width: a conditional table wraps the content", () => {
    const outlook = asOutlookSees(html);
    const wrapper = outlook.indexOf('<table role="presentation" align="center" width="600"');
    const content = outlook.indexOf("max-width:600px");
    expect(wrapper).toBeGreaterThan(0);
    expect(content).toBeGreaterThan(wrapper);
    // Opened and closed once each, the close after the content.
    expect(html.match(/<!--\[if mso\]><table/g)).toHaveLength(1);
    expect(html.lastIndexOf("<!--[if mso]></td></tr></table><![endif]-->")).toBeGreaterThan(
      html.indexOf("Footer"),
    );
  });

  it("is fluid up to 600px elsewhere, with no fixed width wider than a phone", () => {
    const others = asOthersSee(html);
    expect(others).not.toContain('width="600"');
    expect(others).toContain("width:100%;max-width:600px;");
  });

  it("hides the preheader everywhere, Outlook desktop included (mso-hide:all), and escapes it", () => {
    const preheader = /<div style="([^"]*)">Cal &lt;Agency&gt; needs a session<\/div>/.exec(html);
    expect(preheader?.[1]).toContain("display:none;");
    expect(preheader?.[1]).toContain("max-height:0;");
    expect(preheader?.[1]).toContain("overflow:hidden;");
    expect(preheader?.[1]).toContain("mso-hide:all;");
  });

  it("keeps layout tables presentational and gives data tables real header cells", () => {
    const tables = [...html.matchAll(/<table[^>]*>/g)].map((m) => m[0]);
    const data = tables.filter((t) => !t.includes('role="presentation"'));
    expect(data).toHaveLength(1);
    expect(html).toContain('<caption style="');
    expect([...html.matchAll(/<th scope="col"/g)]).toHaveLength(3);
    expect(html).toMatch(/<th scope="row"[^>]*>Supervision session<\/th>/);
    expect(html).not.toMatch(/<th(?=[\s>])(?! scope="(col|row)")/);
  });
});
