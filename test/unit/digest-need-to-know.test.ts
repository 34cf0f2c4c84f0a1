import { describe, expect, it } from "vitest";
import { type AppConfigInput, parseAppConfig } from "../../shared/config/app-config";
import { generateDepartment } from "../../shared/demo/generate-department";
import {
  DEPARTMENT,
  inScope,
  scopedDigest,
  scopeForRole,
  scopeName,
} from "../../shared/domain/digest/digest-scope";
import { mergeFacts } from "../../shared/domain/person-facts";
import {
  emptyFacts,
  type StaffMember,
  type StaffStatus,
  type SupervisionRecord,
} from "../../shared/domain/records";
import type { StoredRecord } from "../../shared/domain/stored-record";
import { escapeHtml } from "../../shared/email/labels";
import { parseFiles } from "../../shared/import/parse-files";
import { locatedRecords } from "../../shared/import/validate-import";
import { toCsvBuffers } from "../../shared/import/write-csv";
import type { OutgoingEmail } from "../../shared/ports/email-sender";
import {
  compileMonthlyDigest,
  type DigestDeps,
  ledgerRecipientId,
  runMonthlyDigest,
} from "../../shared/use-cases/run-monthly-digest";
import { FakeEmailSender } from "../fakes/fake-email-sender";
import { InMemoryDeliveryLedger } from "../fakes/in-memory-delivery-ledger";
import { InMemoryDigestStore } from "../fakes/in-memory-digest-store";
import { InMemoryEmailLedger } from "../fakes/in-memory-email-ledger";
import { InMemorySupervisionStore } from "../fakes/in-memory-supervision-store";
import { RecordingOneOffScheduler } from "../fakes/recording-schedulers";
import { aPerson } from "../helpers/people";

const DIRECTOR = "director@example.gov.uk";
const QA = "qa@example.gov.uk";

/** Everything a recipient receives, as one string: subject, text, HTML and every attachment. */
const everything = (email: OutgoingEmail) =>
  [email.subject, email.text, email.html, ...email.attachments.map((a) => String(a.content))].join(
    "\n",
  );
const names = (email: OutgoingEmail, people: readonly StaffMember[]) => {
  const all = everything(email);
  return people.filter((p) => all.includes(p.name) || all.includes(escapeHtml(p.name)));
};

function deps(roster: StaffStatus[], records: StoredRecord[], config: Partial<AppConfigInput>) {
  let seeds = 0;
  return {
    store: InMemorySupervisionStore.with(roster, records),
    digests: new InMemoryDigestStore(),
    ledger: new InMemoryEmailLedger(),
    deliveries: new InMemoryDeliveryLedger(),
    mailer: new FakeEmailSender(),
    scheduler: new RecordingOneOffScheduler(),
    config: parseAppConfig(
      {
        stage: "test",
        region: "eu-west-2",
        digest: { seniorManagerEmails: [DIRECTOR], qaRecipients: [QA] },
        ...config,
      },
      "test",
    ),
    nowMs: () => Date.parse("2024-04-02T06:00:05Z"),
    drawSeed: () => ++seeds,
  } satisfies DigestDeps;
}

/**
 * Two services of two teams, every name unique and saying where its person sits. Nobody has
 * had a session for months: everyone operational is an exception, passes two months in
 * April, and is in someone's audit draw or the QA sample.
 */
function twoServices() {
  const people: StaffMember[] = [];
  const add = (p: Partial<StaffMember> & { staffId: string; name: string }) =>
    people.push(aPerson({ email: `${p.staffId}@example.gov.uk`, ...p }));
  for (const [s, service] of ["North Service", "South Service"].entries()) {
    const S = "NS"[s] as string;
    add({
      staffId: `H${S}`,
      name: `Head ${service}`,
      role: "head_of_service",
      service,
      team: "Leadership",
      operational: false,
      supervisorId: undefined,
    });
    add({
      staffId: `SM${S}`,
      name: `Manager ${service}`,
      role: "service_manager",
      service,
      team: "Leadership",
      operational: false,
      supervisorId: `H${S}`,
    });
    for (const t of [1, 2]) {
      const team = `${service} Team ${t}`;
      add({
        staffId: `TM${S}${t}`,
        name: `Lead ${team}`,
        role: "team_manager",
        service,
        team,
        operational: false,
        supervisorId: `SM${S}`,
      });
      for (const w of [1, 2, 3])
        add({
          staffId: `W${S}${t}${w}`,
          name: `Worker ${w} of ${team}`,
          service,
          team,
          supervisorId: `TM${S}${t}`,
        });
    }
  }
  // Two supervised in March, so the figures are not all zero; last sessions in January.
  const sessions: SupervisionRecord[] = people
    .filter((p) => p.operational)
    .flatMap((p, i) => [
      {
        staffId: p.staffId,
        date: "2024-01-10",
        supervisorId: p.supervisorId ?? "",
        type: "formal" as const,
      },
      ...(i < 2
        ? [
            {
              staffId: p.staffId,
              date: "2024-03-05",
              supervisorId: p.supervisorId ?? "",
              type: "formal" as const,
            },
          ]
        : []),
    ]);
  const roster = people.map((person) => ({
    person,
    facts: {
      ...emptyFacts(),
      formalSessions: sessions.filter((r) => r.staffId === person.staffId).map((r) => r.date),
    },
  }));
  return {
    people,
    roster,
    records: sessions.map((record): StoredRecord => ({ kind: "supervision", record })),
  };
}

describe("need-to-know digests: each copy names only people in the part of the organisation its recipient manages", () => {
  it("a head of service's and a service manager's copies name only their service, body and CSVs alike; the director's and QA's name everyone", async () => {
    const { people, roster, records } = twoServices();
    const d = deps(roster, records, {});
    const result = await runMonthlyDigest(
      { scheduledTime: "2024-04-02T06:00:00Z", month: "2024-03" },
      d,
    );
    expect(result).toMatchObject({ month: "2024-03", failed: 0 });
    const operational = people.filter((p) => p.operational);
    const sent = d.mailer.delivered.map((x) => x.email);
    for (const to of ["HN", "SMN", "HS", "SMS"]) {
      const email = sent.find((e) => e.to === `${to}@example.gov.uk`);
      if (!email) throw new Error(`no digest for ${to}`);
      const service = to.endsWith("N") ? "North Service" : "South Service";
      const named = names(email, operational);
      // Their own people are there (the test can see a name when one is given)...
      expect(named.length, to).toBeGreaterThanOrEqual(3);
      // ...and nobody from the other service, in the page, the plain text or either CSV.
      expect(
        named.filter((p) => p.service !== service).map((p) => p.name),
        to,
      ).toEqual([]);
      const exceptions = email.attachments.find((a) => a.filename.includes("exceptions"));
      expect(String(exceptions?.content).split("\r\n").slice(1, -1).length).toBeGreaterThan(0);
      for (const line of String(exceptions?.content).split("\r\n").slice(1, -1))
        expect(line).toContain(`,${service},`);
      expect(
        d.ledger.claimOf({ recipientId: to, emailKind: "digest", runDate: "2024-03" })?.scope,
      ).toBe(`service:${service}`);
    }
    // A service manager's copy names their file for the month it is for, not "this month".
    const manager = sent.find((e) => e.to === "SMN@example.gov.uk");
    expect(manager?.text).toMatch(/Your supervision file to audit in Apr 2024 \(policy 9\.3\): /);
    for (const address of [DIRECTOR, QA]) {
      const email = sent.find((e) => e.to === address);
      if (!email) throw new Error(`no digest for ${address}`);
      const named = names(email, operational);
      expect(new Set(named.map((p) => p.service))).toEqual(
        new Set(["North Service", "South Service"]),
      );
      expect(
        d.ledger.claimOf({
          recipientId: ledgerRecipientId({ id: `addr:${address}`, email: address }),
          emailKind: "digest",
          runDate: "2024-03",
        })?.scope,
      ).toBe("department");
    }
  });

  it("a team manager, when configured as a recipient, gets their own team's names only", async () => {
    const { people, roster, records } = twoServices();
    const d = deps(roster, records, {
      digest: { recipientRoles: ["team_manager"], seniorManagerEmails: [] },
    });
    await runMonthlyDigest({ scheduledTime: "2024-04-02T06:00:00Z", month: "2024-03" }, d);
    const email = d.mailer.delivered.find((x) => x.email.to === "TMS2@example.gov.uk")?.email;
    if (!email) throw new Error("no digest for TMS2");
    const named = names(
      email,
      people.filter((p) => p.operational),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named.map((p) => p.team))).toEqual(new Set(["South Service Team 2"]));
    expect(
      d.ledger.claimOf({ recipientId: "TMS2", emailKind: "digest", runDate: "2024-03" })?.scope,
    ).toBe("team:South Service/South Service Team 2");
  });

  it("a scoped digest refuses to name anyone outside its scope", async () => {
    const { roster, records } = twoServices();
    const compiled = await compileMonthlyDigest("2024-03", deps(roster, records, {}));
    const north = scopedDigest(compiled, { kind: "service", service: "North Service" });
    expect(north.nameOf("WN11")).toBe("Worker 1 of North Service Team 1");
    expect(() => north.nameOf("WS11")).toThrow(/outside the digest's scope/);
    expect(north.digest.exceptions.every((e) => e.service === "North Service")).toBe(true);
    expect(north.digest.overall).toEqual(compiled.digest.overall);
    expect(scopedDigest(compiled, DEPARTMENT)).toBe(compiled);
  });

  it("in a generated department, no service-scoped copy names anyone from another service", async () => {
    const asOf = "2024-07-03";
    const department = generateDepartment({ asOf, socialWorkers: 100, historyMonths: 14, seed: 9 });
    const records = locatedRecords(parseFiles(toCsvBuffers(department)).files).map((r) => r.record);
    const byPerson = new Map<string, StoredRecord[]>();
    for (const r of records)
      byPerson.set(r.record.staffId, [...(byPerson.get(r.record.staffId) ?? []), r]);
    const roster = department.staff.map((person) => ({
      person,
      facts: mergeFacts(emptyFacts(), byPerson.get(person.staffId) ?? [], 800),
    }));
    const d = deps(roster, records, {});
    d.nowMs = () => Date.parse(`${asOf}T06:00:00Z`);
    const result = await runMonthlyDigest({ scheduledTime: "2024-07-01T06:00:00Z" }, d);
    expect(result.failed).toBe(0);
    // Names are drawn from a small pool: only a name nobody in the recipient's service shares
    // can tell a leak.
    const services = new Set(department.staff.map((p) => p.service));
    let checked = 0;
    for (const { email } of d.mailer.delivered) {
      const recipient = department.staff.find((p) => p.email === email.to);
      if (!recipient) continue;
      const scope = { kind: "service" as const, service: recipient.service };
      const mine = new Set(department.staff.filter((p) => inScope(scope, p)).map((p) => p.name));
      const others = department.staff.filter((p) => !inScope(scope, p) && !mine.has(p.name));
      expect(
        names(email, others).map((p) => `${p.name} (${p.service})`),
        email.to,
      ).toEqual([]);
      expect(
        names(
          email,
          department.staff.filter((p) => inScope(scope, p) && p.operational),
        ).length,
      ).toBeGreaterThan(0);
      checked++;
    }
    expect(checked).toBe(2 * (services.size - 1));
  });
});

describe("digest scopes", () => {
  const at = (role: StaffMember["role"]) =>
    scopeForRole({ role, service: "South Service", team: "South Service Team 2" });
  it("follow the role: service managers and heads their service, the PSW the department, anyone else their team", () => {
    expect(at("head_of_service")).toEqual({ kind: "service", service: "South Service" });
    expect(at("service_manager")).toEqual({ kind: "service", service: "South Service" });
    expect(at("principal_social_worker")).toEqual(DEPARTMENT);
    expect(at("team_manager")).toEqual({
      kind: "team",
      service: "South Service",
      team: "South Service Team 2",
    });
    expect([DEPARTMENT, at("service_manager"), at("team_manager")].map(scopeName)).toEqual([
      "the whole department",
      "South Service",
      "South Service Team 2 (South Service)",
    ]);
    expect(
      inScope(at("team_manager"), { service: "North Service", team: "South Service Team 2" }),
    ).toBe(false);
  });
});
