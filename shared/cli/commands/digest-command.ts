import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DynamoDbDigestStore } from "../../adapters/dynamodb/dynamodb-digest-store";
import { DynamoDbEmailLedger } from "../../adapters/dynamodb/dynamodb-email-ledger";
import { isIsoMonth } from "../../domain/dates";
import { exceptionsCsv, teamsCsv } from "../../email/digest-csv";
import { renderDigestEmail } from "../../email/render-digest";
import { compileMonthlyDigest, sendDigests } from "../../use-cases/run-monthly-digest";
import { openLocalMail } from "../local-mail";
import { UsageError } from "../usage-error";
import { type CommandContext, mailOf } from "./command-context";

/**
 * `digest --month M [--send] [--json]`: compiles and stores the month's summary, writes the
 * one-page HTML and the CSVs to DATA_DIR/reports/M/, and with --send emails the recipients
 * (once each, however often it is run).
 */
export async function digestCommand(
  month: string | undefined,
  options: { send: boolean; json: boolean },
  ctx: CommandContext,
): Promise<number> {
  if (!month || !isIsoMonth(month)) throw new UsageError("digest needs --month YYYY-MM");
  const { config, opened } = ctx;
  const digests = new DynamoDbDigestStore({
    client: opened.documents,
    tableName: opened.tableName,
  });
  const compiled = await compileMonthlyDigest(month, {
    store: ctx.store,
    digests,
    config,
    nowMs: Date.now,
  });
  const folder = join(ctx.dataDir, "reports", month);
  mkdirSync(folder, { recursive: true });
  const page = renderDigestEmail({
    digest: compiled.digest,
    recipientName: "senior managers",
    nameOf: compiled.nameOf,
    amberMargin: config.digest.amberMarginPercent,
    senderName: config.email.senderName,
  });
  writeFileSync(join(folder, "digest.html"), page.html);
  writeFileSync(join(folder, "digest.txt"), page.text);
  writeFileSync(
    join(folder, "by-team.csv"),
    teamsCsv(compiled.digest, config.digest.amberMarginPercent),
  );
  writeFileSync(join(folder, "exceptions.csv"), exceptionsCsv(compiled.digest, compiled.nameOf));

  let sentLine = "";
  let failed = 0;
  if (options.send) {
    const mail = await openLocalMail(config, ctx.dataDir, `digest-${month}`, mailOf(ctx));
    try {
      const ledger = new DynamoDbEmailLedger({
        client: opened.documents,
        tableName: opened.tableName,
        retentionDays: config.reminders.ledgerRetentionDays,
      });
      const sent = await sendDigests(
        compiled,
        { ledger, mailer: mail.mailer, config, nowMs: Date.now },
        randomUUID(),
      );
      failed = sent.failed;
      const copies = mail.outbox ? ` (copies in ${mail.outbox})` : "";
      sentLine = `Digest emails: ${sent.sent} sent, ${sent.failed} failed, ${sent.skipped} already sent, to ${sent.recipients} recipients${copies}.`;
    } finally {
      await mail.close();
    }
  }
  if (options.json) {
    ctx.out(JSON.stringify(await digests.load(month)));
    return failed > 0 ? 1 : 0;
  }
  const d = compiled.digest;
  ctx.out(
    `Digest for ${month}: ${d.overall.compliance ?? "n/a"}% supervised (${d.overall.supervised} of ${d.overall.due}) against ${d.target}%; ${d.exceptions.length} exceptions. Written to ${folder}/ (digest.html, by-team.csv, exceptions.csv).`,
  );
  if (sentLine) ctx.out(sentLine);
  // A failed email is retried by the next --send; the exit code says one is owed.
  return failed > 0 ? 1 : 0;
}
