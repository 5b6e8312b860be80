/** `runwarden audit show|export|verify|keygen`: the tamper-evident audit trail (docs/audit.md). */
import { Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { common, countOption, jsonOnly } from "../../options.js";

function seqOption() {
  return new Option("--from <seq>", "start at this sequence number (entries before it are trusted as stored)").argParser((value: string): number => {
    if (!/^\d{1,15}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("--from takes a sequence number (1 or more)");
    return Number(value);
  });
}

function build(ctx: CliContext) {
  const audit = new Command("audit").description("the tamper-evident audit trail of every production action: show, export, verify, keygen");

  common(audit.command("show"), ctx)
    .description("the latest audit entries (newest last), by environment and time")
    .option("-e, --environment <name>", "only this environment's entries")
    .option("--since <time>", "only entries since a time: a duration back from now (24h) or an ISO 8601 date or time")
    .addOption(countOption("--limit <n>", "at most this many entries (default 50)", 100_000))
    .addHelpText(
      "after",
      `
Examples:
  $ runwarden audit show
  $ runwarden audit show --environment production --since 24h
  $ runwarden audit show --limit 500 --json`,
    )
    .action(async (options) => {
      const { auditShow } = await import("./show.js");
      ctx.exitCode = await auditShow(options, ctx.io);
    });

  audit
    .command("export")
    .description("every entry with its hashes, for a SIEM: one canonical JSON object per line (jsonl) or a JSON array")
    .option("-c, --config <file>", "runwarden config file (relative paths in it resolve from its folder)", "runwarden.yml")
    .addOption(new Option("--format <format>", "jsonl: one entry per line; json: one array").choices(["jsonl", "json"] as const).default("jsonl" as const))
    .option("--since <time>", "only entries since a time: a duration back from now (24h) or an ISO 8601 date or time")
    .addHelpText(
      "after",
      `
Each entry: {alg, event, hash, prev, seq, ts}. docs/audit.md gives the hash rule, so the receiving
side can check the chain itself.

Examples:
  $ runwarden audit export > audit.jsonl
  $ runwarden audit export --since 1h | vector --config siem.toml`,
    )
    .action(async (options) => {
      const { auditExport } = await import("./export.js");
      ctx.exitCode = await auditExport(options, ctx.io);
    });

  common(audit.command("verify"), ctx)
    .description("check the whole chain in bounded memory: every hash, link and sequence number, and every signed checkpoint")
    .addOption(seqOption())
    .option("--checkpoints <path>", "checkpoint file to check against (default: audit.checkpoints of runwarden.yml)")
    .addHelpText(
      "after",
      `
Keys: RUNWARDEN_AUDIT_KEY when the chain is HMAC-keyed; audit.public_key (or the signing key) for
checkpoints. Reports entries checked, checkpoints checked, and the first break: hash-mismatch,
sequence-gap, reorder, prev-mismatch, bad-checkpoint-signature, checkpoint-mismatch, truncated.
Exit 0 intact, 1 broken, 2 bad input, 3 could not read.

Examples:
  $ runwarden audit verify
  $ runwarden audit verify --checkpoints /mnt/worm/audit-checkpoints.jsonl --json
  $ runwarden audit verify --from 250000`,
    )
    .action(async (options) => {
      const { auditVerify } = await import("./verify.js");
      ctx.exitCode = await auditVerify(options, ctx.io);
    });

  jsonOnly(audit.command("keygen"), ctx)
    .description("create an Ed25519 key pair for checkpoints: the private key to a new file (mode 0600), the public key printed")
    .option("-o, --out <file>", "where to write the private key (never overwritten)", "runwarden-audit-signing.key")
    .addHelpText(
      "after",
      `
Give the private key file's content to the deploy job as the secret RUNWARDEN_AUDIT_SIGNING_KEY and
put the public key in runwarden.yml as audit.public_key.

Examples:
  $ runwarden audit keygen --out ~/.runwarden/audit-signing.key`,
    )
    .action(async (options) => {
      const { auditKeygen } = await import("./keygen.js");
      ctx.exitCode = auditKeygen(options, ctx.io);
    });
  return audit;
}

export const auditCommands = defineCommand({
  name: "audit",
  json: { without: "audit export prints JSON (jsonl or an array) by design" },
  negative: "audit verify found the chain broken",
  build,
});
