import type { AppConfig } from "../config/app-config";
import type { CompiledDigest } from "../domain/digest/digest-model";
import type { DigestRecipient } from "../domain/digest/digest-recipients";
import { DEPARTMENT, scopedDigest } from "../domain/digest/digest-scope";
import type { OutgoingEmail } from "../ports/email-sender";
import { exceptionsCsv, teamsCsv } from "./digest-csv";
import { renderDigestEmail } from "./render-digest";

/**
 * One recipient's digest: their page and the two CSVs, rendered from the digest cut to their
 * scope (`scopedDigest`), so neither the page nor an attachment can name anyone outside the
 * part of the organisation they manage. Figures are the department's in every copy.
 */
export function digestEmail(
  compiled: CompiledDigest,
  recipient: DigestRecipient,
  config: AppConfig,
): OutgoingEmail {
  const scoped = scopedDigest(compiled, recipient.scope);
  const rendered = renderDigestEmail({
    digest: scoped.digest,
    recipientName: recipient.name,
    nameOf: scoped.nameOf,
    nearTargetPoints: config.policy.kpi.nearTargetPoints,
    senderName: config.email.senderName,
    scope: recipient.scope,
    teamsInScope: new Set(scoped.roster.map((p) => p.team)),
    auditFile: recipient.auditFile,
    qaSample: recipient.qaSample,
  });
  const month = compiled.digest.month;
  return {
    to: recipient.email,
    ...rendered,
    attachments: [
      {
        filename: `supervision-by-team-${month}.csv`,
        contentType: "text/csv; charset=utf-8",
        content: teamsCsv(compiled.digest, config.policy.kpi.nearTargetPoints),
      },
      {
        filename: `supervision-exceptions-${month}.csv`,
        contentType: "text/csv; charset=utf-8",
        content: exceptionsCsv(scoped.digest, scoped.nameOf),
      },
    ],
    tag: `${recipient.id.replace(/[^A-Za-z0-9]/g, "_")}-digest`,
  };
}

/** The department-wide copy (no audit file): the page and CSVs an admin keeps. */
export function departmentDigest(compiled: CompiledDigest, config: AppConfig): OutgoingEmail {
  return digestEmail(
    compiled,
    { id: "department", name: "senior managers", email: config.email.from, scope: DEPARTMENT },
    config,
  );
}
