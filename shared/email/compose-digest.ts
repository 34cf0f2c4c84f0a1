import type { AppConfig } from "../config/app-config";
import type { CompiledDigest } from "../domain/digest/digest-model";
import type { DigestRecipient } from "../domain/digest/digest-recipients";
import type { OutgoingEmail } from "../ports/email-sender";
import { exceptionsCsv, teamsCsv } from "./digest-csv";
import { renderDigestEmail } from "./render-digest";

/** One recipient's digest: their page (own service, audit file or QA sample) and the two CSVs. */
export function digestEmail(
  compiled: CompiledDigest,
  recipient: DigestRecipient,
  config: AppConfig,
): OutgoingEmail {
  const rendered = renderDigestEmail({
    digest: compiled.digest,
    recipientName: recipient.name,
    nameOf: compiled.nameOf,
    nearTargetPoints: config.policy.kpi.nearTargetPoints,
    senderName: config.email.senderName,
    ownService: recipient.ownService,
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
        content: exceptionsCsv(compiled.digest, compiled.nameOf),
      },
    ],
    tag: `${recipient.id.replace(/[^A-Za-z0-9]/g, "_")}-digest`,
  };
}

/** The department-wide copy (no service of its own, no audit file): the page and CSVs an admin keeps. */
export function departmentDigest(compiled: CompiledDigest, config: AppConfig): OutgoingEmail {
  return digestEmail(
    compiled,
    { id: "department", name: "senior managers", email: config.email.from },
    config,
  );
}
