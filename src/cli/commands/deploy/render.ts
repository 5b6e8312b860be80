/** Renderers of a deploy's result and of its dry-run plan: text, and inside Actions outputs, annotations and the step summary. */
import { formatMs } from "../../../checks/format.js";
import { EXIT } from "../../../model/result.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";
import type { DeployPlan } from "../../../pipeline/plan.js";
import type { HostRecap } from "../../../pipeline/recap.js";
import type { DeployResult, StageRecord } from "../../../pipeline/types.js";

const EMOJI: Readonly<Record<DeployResult["outcome"], string>> = { success: "✅", skipped: "⏭️", failure: "❌", refused: "⛔", aborted: "⚠️" };
const STAGE_EMOJI: Readonly<Record<StageRecord["status"], string>> = { success: "✅", failure: "❌", error: "❓", refused: "⛔", skipped: "–" };

function headline(result: DeployResult): string {
  const cls = result.failure_class === null ? "" : ` — class ${result.failure_class}, failover ${result.failover ? "allowed" : "no"}`;
  return `deploy ${result.environment} @ ${result.sha.slice(0, 12)}: ${result.outcome.toUpperCase()}${cls}`;
}

function stageRows(result: DeployResult): string[][] {
  return result.stages.map((s) => [s.name, s.status, s.status === "skipped" && s.durationMs === 0 ? "" : formatMs(s.durationMs), s.detail ?? ""]);
}

function hostRows(hosts: readonly HostRecap[]): string[][] {
  return hosts.map((h) => [h.host, h.status, String(h.ok), String(h.changed), String(h.unreachable), String(h.failed), String(h.skipped), String(h.rescued)]);
}

const HOST_HEADERS = ["host", "status", "ok", "changed", "unreachable", "failed", "skipped", "rescued"];

function text(result: DeployResult, style: Style): string {
  const paint = result.outcome === "success" || result.outcome === "skipped" ? style.green : result.outcome === "aborted" ? style.yellow : style.red;
  const lines = [paint(style.bold(headline(result))), result.reason, "", table([["stage", "status", "time", "detail"].map(style.dim), ...stageRows(result)])];
  if (result.hosts.length > 0) lines.push("", table([HOST_HEADERS.map(style.dim), ...hostRows(result.hosts)]));
  if (result.signature !== null)
    lines.push("", `${style.cyan("what to do:")} ${result.signature.remediation}`, style.dim(`(${result.signature.id}: ${result.signature.evidence})`));
  for (const guard of result.guards.filter((g) => g.status === "refuse" || g.status === "error")) {
    lines.push(
      `${style.red(guard.status === "refuse" ? "refused" : "could not tell")} ${guard.title}: ${guard.reason}${guard.remedy === undefined ? "" : `\n  ${style.cyan("what to do:")} ${guard.remedy}`}`,
    );
  }
  if (result.command !== null) lines.push("", style.dim(`log: ${result.command.log_file}`));
  return lines.join("\n");
}

function summary(result: DeployResult): string {
  const parts = [
    `### runwarden ${headline(result)} ${EMOJI[result.outcome]}`,
    "",
    result.reason,
    "",
    markdownTable(
      ["stage", "status", "time", "detail"],
      result.stages.map((s) => [`${STAGE_EMOJI[s.status]} ${s.name}`, s.status, formatMs(s.durationMs), s.detail ?? ""]),
    ),
  ];
  if (result.hosts.length > 0) parts.push("", markdownTable(HOST_HEADERS, hostRows(result.hosts)));
  if (result.signature !== null) parts.push("", `**What to do:** ${result.signature.remediation}`);
  return parts.join("\n");
}

/** Annotations worded as the signatures know them, so a later `diagnose --classify` of this job agrees. */
function annotations(result: DeployResult): Annotation[] {
  if (result.outcome === "success" || result.outcome === "skipped") return [];
  const stopped = result.stages.find((s) => s.status !== "success" && s.status !== "skipped");
  const title =
    stopped?.name === "gates" ? "runwarden gate" : stopped?.name === "preflight" || stopped?.name === "pre-gates" ? "runwarden preflight" : "runwarden deploy";
  return [{ level: "error", title, message: `${result.outcome}: ${result.reason}` }];
}

export function deployReport(result: DeployResult): Report<DeployResult> {
  return {
    exitCode: result.exit_code,
    data: result,
    text: (style) => text(result, style),
    github: {
      outputs: {
        outcome: result.outcome,
        failure_class: result.failure_class ?? "",
        failover: String(result.failover),
        deployment_id: result.deployment_id === null ? "" : String(result.deployment_id),
        attempt_id: result.attempt_id === null ? "" : String(result.attempt_id),
      },
      summary: summary(result),
      annotations: annotations(result),
    },
  };
}

export function planReport(plan: DeployPlan): Report<DeployPlan> {
  return {
    exitCode: EXIT.ok,
    data: plan,
    text: (style) => {
      const guardRows = plan.guards.map((g) => [g.id, g.status, g.reason]);
      const gateRows = [
        ...plan.gates.pre.map((g) => ["pre", g.name, g.probe, `≤ ${formatMs(g.at_most_ms)}`]),
        ...plan.gates.post.map((g) => ["post", g.name, g.probe, `≤ ${formatMs(g.at_most_ms)}`]),
      ];
      const holder =
        plan.lock.holder === null
          ? "free"
          : `held by run ${plan.lock.holder.owner.runId} on ${plan.lock.holder.owner.runner} since ${new Date(plan.lock.holder.acquiredAt).toISOString()}`;
      return [
        `${style.cyan("○")} ${style.bold(`deploy ${plan.environment} @ ${plan.sha.slice(0, 12)}: plan only (--dry-run), nothing done — a real run would ${plan.would}`)}`,
        "",
        table([["stage", "", "would"].map(style.dim), ...plan.stages.map((stage) => [stage.name, stage.runs ? "▸" : "–", stage.does])]),
        "",
        table([["guard", "verdict", "reason"].map(style.dim), ...guardRows]),
        "",
        `lock (${plan.lock.backend}): ${holder}; wait up to ${formatMs(plan.lock.timeout_ms)}, lease ${formatMs(plan.lock.ttl_ms)}`,
        `hosts (${plan.hosts.length}): ${plan.hosts.join(", ")}`,
        `preflight: ${plan.preflight.length === 0 ? "none" : plan.preflight.join(", ")}`,
        `command: ${plan.command.run}`,
        style.dim(
          `  in ${plan.command.cwd}, time limit ${formatMs(plan.command.timeout_ms)}, then SIGTERM and SIGKILL after ${formatMs(plan.command.kill_grace_ms)}`,
        ),
        gateRows.length === 0 ? "gates: none (the deploy would not be verified)" : table([["phase", "gate", "probe", "duration"].map(style.dim), ...gateRows]),
      ].join("\n");
    },
  };
}
