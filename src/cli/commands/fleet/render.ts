/** The fleet view rendered: text, `--json`, and inside Actions outputs, annotations and a step summary. */
import { EXIT } from "../../../model/result.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Report } from "../../../output/report.js";
import { table, type Style } from "../../../output/style.js";
import type { FleetGroupView, FleetView, MisplacedRunner } from "../../../route/fleet.js";
import type { FleetInventory } from "../../../route/fleet-inventory.js";
import { type GithubUsage, usageText } from "../../session.js";

export interface FleetReportData extends FleetView {
  /** The comparison with the inventory's runner hosts (`--inventory`); null without one. */
  readonly inventory?: FleetInventory | null;
  readonly github: GithubUsage;
}

/** Every runner group has an online runner, and the inventory (when given) agrees with the fleet. */
function allOk(data: FleetReportData): boolean {
  return data.ok && (data.inventory?.ok ?? true);
}

/** One line per mismatch between the inventory's runner hosts and the fleet (all errors: exit 1). */
export function inventoryLines(inventory: FleetInventory): string[] {
  const group = (name: string | null) => (name === null ? "no runner_group" : name === "(repository)" ? "the repository" : `group ${name}`);
  return [
    ...inventory.missing.map(
      (m) => `missing: ${m.runner} (host ${m.host}, ${m.where}) is declared for ${group(m.expected_group)} but not registered on GitHub`,
    ),
    ...inventory.wrong_group.map(
      (w) =>
        `wrong group: ${w.runner} (host ${w.host}, ${w.where}) sits in ${group(w.group)}, the inventory says ${group(w.expected_group)} — re-registered without --runnergroup?`,
    ),
    ...inventory.extra.map(
      (e) => `extra: ${e.runner} is registered in ${group(e.group)} (${e.status}${e.busy ? ", busy" : ""}) but no runner host of the inventory declares it`,
    ),
  ];
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
  if (data.inventory !== undefined && data.inventory !== null) for (const text of inventoryLines(data.inventory)) lines.push({ level: "error", text });
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
  const inventory = data.inventory;
  if (inventory !== undefined && inventory !== null) {
    const mismatches = inventory.missing.length + inventory.extra.length + inventory.wrong_group.length;
    lines.push(
      "",
      inventory.ok
        ? `${style.green("✓")} inventory ${inventory.inventory}: ${inventory.declared} runner host(s) declared, each registered in its group; no other runner`
        : `${style.red("✗")} inventory ${inventory.inventory}: ${inventory.declared} runner host(s) declared, ${inventory.registered} runner(s) registered — ${mismatches} mismatch(es): ${inventory.missing.length} missing, ${inventory.extra.length} extra, ${inventory.wrong_group.length} in the wrong group`,
    );
  }
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
    `### runwarden fleet: ${data.repository} ${allOk(data) ? "✅" : "❌"}`,
    "",
    markdownTable(HEADERS, rows(data)),
    ...(problems.length === 0 ? [] : ["**Problems**", "", ...problems.map((p) => `- ${p.level === "error" ? "❌" : "⚠️"} ${p.text}`), ""]),
    `GitHub: ${usageText(data.github)}`,
  ].join("\n");
}

export function fleetReport(data: FleetReportData): Report<FleetReportData> {
  const annotations: Annotation[] = problemLines(data).map((p) => ({ level: p.level, title: "runwarden fleet", message: p.text }));
  return {
    exitCode: allOk(data) ? EXIT.ok : EXIT.negative,
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
