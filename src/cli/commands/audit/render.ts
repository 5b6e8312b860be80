/** The `audit` subcommands' results rendered: text and `--json` (the data as is). */
import type { AuditRecord } from "../../../audit/entry.js";
import type { ChainVerdict } from "../../../audit/verify.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";

export interface ShowData {
  readonly chain: string;
  readonly store: string;
  readonly entries: readonly AuditRecord[];
}

function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/** One line of what an event says, by type. */
export function eventSummary(event: { readonly [key: string]: unknown }): string {
  switch (event["type"]) {
    case "route.decision":
      return event["chosen"] === null
        ? "no healthy runner group"
        : `→ ${str(event["chosen"])}${event["failover"] === true ? " (failover)" : ""}${event["drill"] === true ? " (drill)" : ""}`;
    case "deploy.attempt":
      return `${str(event["outcome"])}${event["failure_class"] === null || event["failure_class"] === undefined ? "" : ` (${str(event["failure_class"])})`}`;
    case "guard.refusal":
      return `${str(event["guard"])}: ${str(event["reason"])}`;
    case "lock.acquired":
    case "lock.takeover":
    case "lock.expired":
      return `${str(event["lock"])} token ${str(event["fencing_token"])} ${str(event["holder"])}`;
    case "watchdog.reroute":
    case "watchdog.cancel":
      return `run ${str(event["target_run_id"])}: ${str(event["reason"])}`;
    case "gate.verdict":
      return `${str(event["gate"])}: ${str(event["verdict"])}`;
    default:
      return "";
  }
}

export function showReport(data: ShowData, exitCode: ExitCode): Report<ShowData> {
  return {
    exitCode,
    data,
    text(style: Style) {
      if (data.entries.length === 0) return `audit ${data.chain} (${data.store}): no entries`;
      const rows = data.entries.map((entry) => [
        String(entry.seq),
        entry.ts,
        str(entry.event["type"]),
        str(entry.event["environment"]),
        str(entry.event["actor"]),
        eventSummary(entry.event),
      ]);
      return table([["seq", "time", "event", "environment", "actor", "what"].map(style.dim), ...rows]);
    },
  };
}

export interface VerifyData extends ChainVerdict {
  readonly store: string;
  readonly checkpoints_from: string | null;
  readonly warnings: readonly string[];
}

export function verifyReport(data: VerifyData): Report<VerifyData> {
  return {
    exitCode: data.intact ? EXIT.ok : EXIT.negative,
    data,
    text(style: Style) {
      const range = data.first_seq === null ? "" : ` (seq ${data.first_seq}–${data.last_seq ?? data.first_seq})`;
      const lines = [
        data.intact
          ? `${style.green("✓")} ${style.bold(`audit ${data.chain}: intact`)}`
          : `${style.red("✗")} ${style.bold(`audit ${data.chain}: BROKEN at seq ${data.break?.seq ?? "?"} — ${data.break?.reason ?? ""}`)}`,
        `  entries checked: ${data.entries_checked}${range}${data.keyed ? ", HMAC-keyed" : ""}`,
        `  checkpoints checked: ${data.checkpoints_checked} of ${data.checkpoints_found}${data.checkpoints_from === null ? "" : ` (${data.checkpoints_from})`}`,
      ];
      if (data.break !== null) {
        lines.push(`  ${data.break.detail}`);
        if (data.break.checkpoint !== undefined) lines.push(`  checkpoint: ${data.break.checkpoint}`);
      }
      for (const warning of data.warnings) lines.push(`  ${style.yellow("!")} ${warning}`);
      return lines.join("\n");
    },
  };
}

export interface KeygenData {
  readonly private_key_file: string;
  readonly public_key: string;
  readonly key_id: string;
}

export function keygenReport(data: KeygenData): Report<KeygenData> {
  return {
    exitCode: EXIT.ok,
    data,
    text(style: Style) {
      return [
        `${style.green("✓")} new Ed25519 checkpoint key ${data.key_id}`,
        `  private key: ${data.private_key_file} (mode 0600) — give its content to the deploy job as the secret RUNWARDEN_AUDIT_SIGNING_KEY, then remove the file`,
        `  public key:  ${data.public_key}`,
        `  put the public key in runwarden.yml:  audit: { public_key: ${data.public_key} }`,
      ].join("\n");
    },
  };
}
