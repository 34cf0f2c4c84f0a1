import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cryptoSeed } from "../../adapters/crypto-seed";
import { isIsoMonth } from "../../domain/dates";
import type { Digest } from "../../domain/digest/digest-model";
import { departmentDigest } from "../../email/compose-digest";
import { compileMonthlyDigest, sendDigests } from "../../use-cases/run-monthly-digest";
import { openLocalMail } from "../local-mail";
import { UsageError } from "../usage-error";
import { type CommandContext, mailOf } from "./command-context";

/** The month's file audits in a clause: "; files Good or better 83.3% against 80%". */
function filesLine(d: Digest): string {
  const a = d.audits;
  if (!a) return "";
  return `; files Good or better ${a.goodOrBetter ?? "n/a"}${a.goodOrBetter === null ? "" : "%"} against ${a.target}%`;
}

/**
 * `digest --month M [--send] [--json]`: compiles and stores the month's digest once, writes the
 * department's HTML (two printed pages) and the CSVs to DATA_DIR/reports/M/, and with --send emails each
 * recipient their own copy (once each, however often it is run).
 */
export async function digestCommand(
  month: string | undefined,
  options: { send: boolean; json: boolean },
  ctx: CommandContext,
): Promise<number> {
  if (!month || !isIsoMonth(month)) throw new UsageError("digest needs --month YYYY-MM");
  // Stored and sent at the wall clock's time, whatever day the CLI acts as.
  const { config, ports, clockMs: nowMs } = ctx;
  const compiled = await compileMonthlyDigest(month, {
    ...ports,
    config,
    nowMs,
    drawSeed: cryptoSeed,
  });
  const folder = join(ctx.dataDir, "reports", month);
  mkdirSync(folder, { recursive: true });
  const copy = departmentDigest(compiled, config);
  writeFileSync(join(folder, "digest.html"), copy.html);
  writeFileSync(join(folder, "digest.txt"), copy.text);
  const [byTeam, exceptions] = copy.attachments ?? [];
  if (byTeam) writeFileSync(join(folder, "by-team.csv"), byTeam.content);
  if (exceptions) writeFileSync(join(folder, "exceptions.csv"), exceptions.content);

  let sentLine = "";
  let failed = 0;
  if (options.send) {
    const mail = await openLocalMail(config, ctx.dataDir, `digest-${month}`, mailOf(ctx));
    try {
      const sent = await sendDigests(
        compiled,
        { ledger: ports.ledger, mailer: mail.mailer, config, nowMs },
        randomUUID(),
      );
      failed = sent.failed;
      const copies = mail.outbox ? ` (copies in ${mail.outbox})` : "";
      sentLine = `Digest emails: ${sent.sent} sent, ${sent.failed} failed, ${sent.skipped} already sent, to ${sent.recipients} recipient${sent.recipients === 1 ? "" : "s"}${copies}.`;
    } finally {
      await mail.close();
    }
  }
  if (options.json) {
    ctx.out(JSON.stringify(compiled.digest));
    return failed > 0 ? 1 : 0;
  }
  const d = compiled.digest;
  ctx.out(
    `Digest for ${month}: ${d.overall.compliance ?? "n/a"}% supervised (${d.overall.supervised} of ${d.overall.due}) against ${d.target}%; ${d.exceptions.length} exceptions${filesLine(d)}. Written to ${folder}/ (digest.html, digest.txt, by-team.csv, exceptions.csv).`,
  );
  if (sentLine) ctx.out(sentLine);
  // A failed email is retried by the next --send; the exit code says one is owed.
  return failed > 0 ? 1 : 0;
}
