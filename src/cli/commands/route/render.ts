/** The routing decision rendered: text, `--json`, and inside Actions outputs, annotations and a step summary. */
import { EXIT } from "../../../model/result.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";
import type { GroupHealth } from "../../../route/health.js";
import type { RouteDecision } from "../../../route/plan.js";
import { callLines, usageText, type GithubUsage } from "../../session.js";

export interface RouteReportData extends RouteDecision {
  /** The deploy workflow checked against workflow-restricted groups. */
  readonly workflow: string | null;
  readonly github: GithubUsage;
}

const HEADERS = ["group", "github group", "healthy", "failover", "online", "idle", "busy", "offline", "reasons"];

function rows(data: RouteReportData): string[][] {
  return data.groups.map((g, index) => [
    g.name,
    g.github_group ?? "(repository)",
    g.healthy ? "yes" : "no",
    index === 0 ? "primary" : g.eligible ? "approved" : "refused",
    String(g.online),
    String(g.idle),
    String(g.busy),
    String(g.offline),
    g.reasons.join("; "),
  ]);
}

/** `group`, `labels`, `runs_on` in the forms `runs-on` takes. */
export function routeOutputs(data: RouteDecision): Record<string, string> {
  const runsOn =
    data.group === null ? "" : data.github_group === null ? JSON.stringify(data.labels) : JSON.stringify({ group: data.github_group, labels: data.labels });
  return {
    group: data.github_group ?? "",
    name: data.group ?? "",
    labels: JSON.stringify(data.labels),
    runs_on: runsOn,
    failover: String(data.failover),
    drill: String(data.drill),
    unchecked: String(data.unchecked),
  };
}

function headline(data: RouteReportData, style: Style): string {
  const env = style.bold(`route ${data.environment}`);
  if (data.group === null) return `${style.red("✗")} ${env}: ${data.drill ? "the drill cannot run" : "no healthy runner group"}`;
  const where = data.github_group === null ? `${data.group} (repository runners)` : `${data.group} (${data.github_group})`;
  const tags = [data.failover ? style.yellow("failover") : "", data.drill ? style.cyan("drill") : "", data.unchecked ? style.yellow("unchecked") : ""].filter(
    (t) => t !== "",
  );
  return `${style.green("✓")} ${env} → ${style.bold(where)}${tags.length === 0 ? "" : ` — ${tags.join(", ")}`}`;
}

function text(data: RouteReportData, style: Style): string {
  const lines = [headline(data, style)];
  if (data.group !== null) lines.push(`  labels: ${data.labels.join(", ")}`);
  // The headline already says when no group is healthy.
  for (const reason of data.reasons.filter((r) => r !== "no healthy runner group")) lines.push(`  ${style.dim("·")} ${reason}`);
  if (data.groups.length > 0) {
    const body = rows(data).map((row) => row.map((cell, i) => (i === 2 ? (cell === "yes" ? style.green(cell) : style.red(cell)) : cell)));
    lines.push("", table([HEADERS.map(style.dim), ...body]));
  }
  if (data.next.length > 0) {
    lines.push("", style.dim("next:"));
    for (const step of data.next) lines.push(`  → ${step}`);
  }
  lines.push("", style.dim(`GitHub: ${usageText(data.github)}`));
  for (const call of callLines(data.github)) lines.push(style.dim(`  ${call}`));
  return lines.join("\n");
}

function summary(data: RouteReportData): string {
  const head =
    data.group === null
      ? `### runwarden route: ${data.environment} ❌ no healthy runner group${data.drill ? " (drill)" : ""}`
      : `### runwarden route: ${data.environment} → \`${data.github_group ?? data.labels.join(", ")}\` ${data.failover ? "⚠️ failover" : "✅"}${data.drill ? " 🧪 drill" : ""}${data.unchecked ? " (unchecked)" : ""}`;
  return [
    head,
    "",
    ...data.reasons.filter((r) => r !== "no healthy runner group").map((reason) => `- ${reason}`),
    "",
    ...(data.groups.length === 0 ? [] : [markdownTable(HEADERS, rows(data))]),
    ...(data.next.length === 0 ? [] : ["**Next**", "", ...data.next.map((step) => `- ${step}`), ""]),
    `GitHub: ${usageText(data.github)}`,
  ].join("\n");
}

function annotations(data: RouteReportData): Annotation[] {
  const title = "runwarden route";
  if (data.group === null) {
    return data.groups
      .filter((group: GroupHealth) => !group.healthy || !group.eligible)
      .map((group) => ({
        level: "error" as const,
        title,
        message: `${data.environment}/${group.name}: ${group.reasons.join("; ")}${group.next === undefined ? "" : ` — next: ${group.next}`}`,
      }));
  }
  const found: Annotation[] = [];
  if (data.drill) found.push({ level: "notice", title, message: `drill: ${data.environment} routed to ${data.group} by --force-group` });
  if (data.failover && !data.drill)
    found.push({ level: "warning", title, message: `${data.environment}: failing over to ${data.group} — ${data.reasons.join("; ")}` });
  if (data.unchecked) found.push({ level: "warning", title, message: data.reasons.join("; ") });
  return found;
}

export function routeReport(data: RouteReportData): Report<RouteReportData> {
  return {
    exitCode: data.group === null ? EXIT.negative : EXIT.ok,
    data,
    text: (style) => text(data, style),
    github: { outputs: routeOutputs(data), summary: summary(data), annotations: annotations(data) },
  };
}
