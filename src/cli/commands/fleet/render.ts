/** The fleet view rendered: text, `--json`, and inside Actions outputs, annotations and a step summary. */
import { EXIT } from "../../../model/result.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";
import type { FleetGroupView, FleetView, MisplacedRunner } from "../../../route/fleet.js";
import { type GithubUsage, usageText } from "../../session.js";

export interface FleetReportData extends FleetView {
  readonly github: GithubUsage;
}

function versionsText(group: FleetGroupView): string {
  const entries = Object.entries(group.versions).sort(([a], [b]) => b.localeCompare(a, undefined, { numeric: true }));
  if (entries.length === 0) return "-";
  return entries.map(([version, n]) => (n === 1 ? version : `${version} ×${n}`)).join(", ");
}

function statusText(group: FleetGroupView): string {
  if (!group.online) return group.counts.online > 0 ? "UNAVAILABLE" : "NO ONLINE RUNNER";
  if (!group.ready) return "NOT READY";
  return group.eligible ? "ok" : "ok, no failover";
}

function misplacedText(runner: MisplacedRunner): string {
  return `${runner.name} carries the labels of ${runner.matches.join(", ")} but sits in ${runner.group === "(repository)" ? "the repository" : `group ${runner.group}`} (expected ${runner.expected_groups.join(" or ")}) — re-registered without --runnergroup?`;
}

function problemLines(data: FleetReportData): { level: "error" | "warning"; text: string }[] {
  const lines: { level: "error" | "warning"; text: string }[] = [];
  for (const group of data.groups) {
    group.problems.forEach((problem, index) => {
      const fatal = index === 0 && !group.online;
      lines.push({ level: fatal ? "error" : "warning", text: `${group.environment}/${group.name}: ${problem}` });
    });
    if (group.online && !group.ready) {
      lines.push({
        level: "warning",
        text: `${group.environment}/${group.name}: ${group.counts.online} online, ${group.counts.idle} idle, ${group.counts.busy} busy — not ready (${group.requirement})${group.next === null ? "" : `; next: ${group.next}`}`,
      });
    }
  }
  for (const runner of data.misplaced) lines.push({ level: "warning", text: misplacedText(runner) });
  return lines;
}

function rows(data: FleetReportData): string[][] {
  return data.groups.map((g) => [
    g.environment,
    g.name,
    g.github_group ?? "(repository)",
    String(g.counts.online),
    String(g.counts.idle),
    String(g.counts.busy),
    String(g.counts.offline),
    versionsText(g),
    statusText(g),
  ]);
}

const HEADERS = ["environment", "group", "github group", "online", "idle", "busy", "offline", "versions", "status"];

function text(data: FleetReportData, style: Style): string {
  const down = data.groups.filter((g) => !g.online).map((g) => `${g.environment}/${g.name}`);
  const head = data.ok
    ? `${style.green("✓")} ${style.bold(`fleet of ${data.repository}`)} — ${data.groups.length} runner group${data.groups.length === 1 ? "" : "s"}, each with an online runner`
    : `${style.red("✗")} ${style.bold(`fleet of ${data.repository}`)} — no usable online runner in ${down.join(", ")}`;
  const body = rows(data).map((row) =>
    row.map((cell, i) =>
      i === 8 ? (cell === "ok" ? style.green(cell) : cell.startsWith("ok,") || cell === "NOT READY" ? style.yellow(cell) : style.red(cell)) : cell,
    ),
  );
  const lines = [head, "", table([HEADERS.map(style.dim), ...body])];
  const problems = problemLines(data);
  if (problems.length > 0) {
    lines.push("", style.dim("problems:"));
    for (const p of problems) lines.push(`  ${p.level === "error" ? style.red("✗") : style.yellow("!")} ${p.text}`);
  }
  lines.push("", style.dim(`GitHub: ${usageText(data.github)}`));
  return lines.join("\n");
}

function summary(data: FleetReportData): string {
  const problems = problemLines(data);
  return [
    `### runwarden fleet: ${data.repository} ${data.ok ? "✅" : "❌"}`,
    "",
    markdownTable(HEADERS, rows(data)),
    ...(problems.length === 0 ? [] : ["**Problems**", "", ...problems.map((p) => `- ${p.level === "error" ? "❌" : "⚠️"} ${p.text}`), ""]),
    `GitHub: ${usageText(data.github)}`,
  ].join("\n");
}

export function fleetReport(data: FleetReportData): Report<FleetReportData> {
  const annotations: Annotation[] = problemLines(data).map((p) => ({ level: p.level, title: "runwarden fleet", message: p.text }));
  return {
    exitCode: data.ok ? EXIT.ok : EXIT.negative,
    data,
    text: (style) => text(data, style),
    github: {
      outputs: {
        healthy: String(data.ok),
        online_groups: data.groups
          .filter((g) => g.online)
          .map((g) => g.name)
          .join(","),
      },
      summary: summary(data),
      annotations,
    },
  };
}
