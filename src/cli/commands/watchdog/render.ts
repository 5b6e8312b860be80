/** The watchdog's look rendered: text, `--json`, and inside Actions outputs, annotations and a step summary. */
import { EXIT } from "../../../model/result.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Report } from "../../../output/report.js";
import type { Style } from "../../../output/style.js";
import type { Outcome } from "../../../route/watchdog-execute.js";
import type { RunPlan } from "../../../route/watchdog-plan.js";
import { callLines, usageText, type GithubUsage } from "../../session.js";

export interface WatchedWorkflow {
  readonly workflow: string;
  readonly environments: readonly string[];
  readonly queue_timeout_ms: number;
  readonly watched_runs: number;
  readonly plans: readonly RunPlan[];
  /** What could not be judged (runners unreadable). */
  readonly notes: readonly string[];
}

export interface WatchdogReportData {
  readonly dry_run: boolean;
  readonly at: string;
  readonly workflows: readonly WatchedWorkflow[];
  readonly outcomes: readonly Outcome[];
  readonly github: GithubUsage;
}

/** Stuck runs nobody recovered: left by rule, only planned (dry run), or a recovery that failed. */
function unresolved(data: WatchdogReportData): number {
  const plans = data.workflows.flatMap((w) => w.plans);
  const left = plans.filter((plan) => plan.action === "leave").length;
  const planned = data.dry_run ? plans.filter((plan) => plan.action === "reroute").length : 0;
  return left + planned + data.outcomes.filter((outcome) => outcome.result === "failed").length;
}

function outcomeOf(data: WatchdogReportData, plan: RunPlan): Outcome | undefined {
  return data.outcomes.find((outcome) => outcome.run_id === plan.run_id && outcome.attempt === plan.attempt);
}

function status(data: WatchdogReportData, plan: RunPlan): string {
  if (plan.action === "leave") return "left as is";
  if (data.dry_run) return "would re-route (dry run)";
  const outcome = outcomeOf(data, plan);
  return outcome === undefined ? "not done" : outcome.result;
}

function text(data: WatchdogReportData, style: Style): string {
  const lines: string[] = [];
  const plans = data.workflows.flatMap((w) => w.plans);
  const head =
    plans.length === 0
      ? `${style.green("✓")} watchdog: no deploy job stuck in the queue or on a dead runner`
      : `${unresolved(data) === 0 ? style.green("✓") : style.yellow("!")} watchdog: ${plans.length} run(s) with a stuck deploy job${data.dry_run ? " (dry run: nothing done)" : ""}`;
  lines.push(head);
  for (const workflow of data.workflows) {
    lines.push(style.dim(`  ${workflow.workflow} (${workflow.environments.join(", ")}): ${workflow.watched_runs} run(s) in progress`));
    for (const note of workflow.notes) lines.push(`  ${style.yellow("!")} ${note}`);
    for (const plan of workflow.plans) {
      lines.push(`  ${style.bold(`run ${plan.run_id}`)} attempt ${plan.attempt} "${plan.title}" — ${status(data, plan)}`);
      lines.push(`    ${plan.reason}`);
      const outcome = outcomeOf(data, plan);
      for (const step of outcome?.steps ?? []) lines.push(`    ${style.dim("·")} ${step}`);
      if (outcome !== undefined) lines.push(`    → ${outcome.detail}`);
    }
  }
  lines.push("", style.dim(`GitHub: ${usageText(data.github)}`));
  for (const call of callLines(data.github)) lines.push(style.dim(`  ${call}`));
  return lines.join("\n");
}

function summary(data: WatchdogReportData): string {
  const plans = data.workflows.flatMap((w) => w.plans);
  if (plans.length === 0) return `### runwarden watchdog ✅\n\nNo deploy job stuck in the queue or on a dead runner.\n\nGitHub: ${usageText(data.github)}`;
  const rows = plans.map((plan) => [
    String(plan.run_id),
    String(plan.attempt),
    plan.stuck.map((s) => s.name).join(", "),
    status(data, plan),
    outcomeOf(data, plan)?.detail ?? plan.reason,
  ]);
  return [
    `### runwarden watchdog${data.dry_run ? " (dry run)" : ""}`,
    "",
    markdownTable(["run", "attempt", "stuck", "action", "detail"], rows),
    `GitHub: ${usageText(data.github)}`,
  ].join("\n");
}

export function watchdogReport(data: WatchdogReportData): Report<WatchdogReportData> {
  const plans = data.workflows.flatMap((w) => w.plans);
  const annotations: Annotation[] = plans.map((plan) => {
    const outcome = outcomeOf(data, plan);
    const level = plan.action === "leave" || outcome?.result === "failed" ? "error" : "warning";
    return {
      level,
      title: "runwarden watchdog",
      message: `run ${plan.run_id} attempt ${plan.attempt}: ${status(data, plan)} — ${outcome?.detail ?? plan.reason}`,
    };
  });
  const rerouted = data.outcomes.filter((outcome) => outcome.result === "rerouted");
  return {
    exitCode: unresolved(data) === 0 ? EXIT.ok : EXIT.negative,
    data,
    text: (style) => text(data, style),
    github: {
      outputs: { stuck: String(plans.length), rerouted: rerouted.map((outcome) => String(outcome.run_id)).join(",") },
      summary: summary(data),
      annotations,
    },
  };
}
