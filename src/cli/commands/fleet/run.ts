/** `runwarden fleet`: the runner groups of runwarden.yml as GitHub sees them, rendered as text, JSON and GitHub output. */
import { environmentOf } from "../../../config/environments.js";
import type { LoadedConfig } from "../../../config/load.js";
import type { StatsSnapshot } from "../../../github/stats.js";
import { InputError } from "../../../model/errors.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import { markdownTable, type Annotation } from "../../../output/github.js";
import type { Io } from "../../../output/io.js";
import { emitReport, type Report } from "../../../output/report.js";
import { startProgress } from "../../../output/progress.js";
import { table, type Style } from "../../../output/style.js";
import type { FleetEnvironment, FleetGithubGroup, FleetGroupView, FleetView, MisplacedRunner } from "../../../route/fleet.js";
import { debugging } from "../../debug.js";
import { version } from "../../version.js";

export interface FleetReportData extends FleetView {
  readonly github: StatsSnapshot & { readonly api_url: string };
}

function versionsText(group: FleetGroupView): string {
  const entries = Object.entries(group.versions).sort(([a], [b]) => b.localeCompare(a, undefined, { numeric: true }));
  if (entries.length === 0) return "-";
  return entries.map(([version, n]) => (n === 1 ? version : `${version} ×${n}`)).join(", ");
}

function statusText(group: FleetGroupView): string {
  if (!group.online) return group.counts.online > 0 ? "UNAVAILABLE" : "NO ONLINE RUNNER";
  return group.ready ? "ok" : `below ${group.requirement}`;
}

function misplacedText(runner: MisplacedRunner): string {
  return `${runner.name} carries the labels of ${runner.matches.join(", ")} but sits in ${runner.group === "(repository)" ? "the repository" : `group ${runner.group}`} (expected ${runner.expected_groups.join(" or ")}) — re-registered without --runnergroup?`;
}

function rateText(data: FleetReportData): string {
  const rate = data.github.rate_limit;
  const requests = `${data.github.requests} request${data.github.requests === 1 ? "" : "s"} (${data.github.not_modified} not modified)`;
  return rate === null ? requests : `${requests} · rate limit ${rate.remaining}/${rate.limit} left, resets ${rate.reset}`;
}

function problemLines(data: FleetReportData): { level: "error" | "warning"; text: string }[] {
  const lines: { level: "error" | "warning"; text: string }[] = [];
  for (const group of data.groups) {
    group.problems.forEach((problem, index) => {
      const fatal = index === 0 && !group.online;
      lines.push({ level: fatal ? "error" : "warning", text: `${group.environment}/${group.name}: ${problem}` });
    });
    if (group.online && !group.ready) lines.push({ level: "warning", text: `${group.environment}/${group.name}: ${group.counts.online} online, ${group.counts.idle} idle, ${group.counts.busy} busy — not ready (${group.requirement})` });
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
  const body = rows(data).map((row) => row.map((cell, i) => (i === 8 ? (cell === "ok" ? style.green(cell) : cell.startsWith("below") ? style.yellow(cell) : style.red(cell)) : cell)));
  const lines = [head, "", table([HEADERS.map(style.dim), ...body])];
  const problems = problemLines(data);
  if (problems.length > 0) {
    lines.push("", style.dim("problems:"));
    for (const p of problems) lines.push(`  ${p.level === "error" ? style.red("✗") : style.yellow("!")} ${p.text}`);
  }
  lines.push("", style.dim(`GitHub: ${rateText(data)}`));
  return lines.join("\n");
}

function summary(data: FleetReportData): string {
  const problems = problemLines(data);
  return [
    `### runwarden fleet: ${data.repository} ${data.ok ? "✅" : "❌"}`,
    "",
    markdownTable(HEADERS, rows(data)),
    ...(problems.length === 0 ? [] : ["**Problems**", "", ...problems.map((p) => `- ${p.level === "error" ? "❌" : "⚠️"} ${p.text}`), ""]),
    `GitHub: ${rateText(data)}`,
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
        online_groups: data.groups.filter((g) => g.online).map((g) => g.name).join(","),
      },
      summary: summary(data),
      annotations,
    },
  };
}

export interface FleetOptions {
  readonly config: string;
  readonly json: boolean;
  readonly environment?: string;
}

function environments(loaded: LoadedConfig, wanted: string | undefined): FleetEnvironment[] {
  const all = Object.entries(loaded.config.environments).map(([name, env]) => ({ name, groups: env.runner_groups }));
  if (wanted === undefined) return all;
  return [{ name: wanted, groups: environmentOf(loaded, wanted).runner_groups }];
}

/** `runwarden fleet`: the runner groups of runwarden.yml as GitHub sees them now. */
export async function fleet(options: FleetOptions, io: Io): Promise<ExitCode> {
  const { loadConfig } = await import("../../../config/load.js");
  const loaded = loadConfig(options.config, { cwd: io.cwd });
  const selected = environments(loaded, options.environment);
  const github = await import("../../../github/index.js");
  const { buildFleetView } = await import("../../../route/fleet.js");

  const settings = github.resolveGithubSettings(loaded.config.github, io.env);
  for (const secret of settings.secrets) io.masker.addSecret(secret.value, secret.source);
  const repository = settings.repository;
  if (repository === undefined) {
    throw new InputError("RW_GITHUB_REPOSITORY", "which repository? neither github.repository nor GITHUB_REPOSITORY is set", [], {
      hint: `add github: { repository: owner/name } to ${options.config}, or export GITHUB_REPOSITORY`,
    });
  }
  const log = debugging(io.env) ? (line: string) => io.stderr.write(`${line}\n`) : undefined;
  const { request_timeout: timeoutMs, retries } = loaded.config.github;
  const client = await github.connectGithub(settings, {
    org: repository.owner,
    userAgent: `runwarden/${version}`,
    policy: { ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(retries === undefined ? {} : { retries }) },
    ...(log === undefined ? {} : { log }),
  });

  const groups = selected.flatMap((env) => env.groups);
  const byGroup = new Set(groups.flatMap((group) => (group.group === undefined ? [] : [group.group])));
  const progress = startProgress(io.stderr, "reading the runner fleet from GitHub", { quiet: options.json });
  let repoRunners, orgRunners, githubGroups: FleetGithubGroup[] | undefined;
  try {
    const org = repository.owner;
    [repoRunners, orgRunners, githubGroups] = await Promise.all([
      groups.some((group) => group.group === undefined) ? github.listRunners(client, { kind: "repo", ...repository }) : undefined,
      byGroup.size > 0 ? github.listRunners(client, { kind: "org", org }) : undefined,
      byGroup.size > 0 ? github.listRunnerGroups(client, org) : undefined,
    ]);
    if (githubGroups !== undefined) {
      githubGroups = await Promise.all(
        githubGroups.map(async (group) =>
          byGroup.has(group.name) && group.visibility === "selected"
            ? { ...group, repositories: (await github.listGroupRepositories(client, org, group.id)).map((repo) => repo.name) }
            : group,
        ),
      );
    }
  } finally {
    progress.done();
  }
  const view = buildFleetView({
    repository: `${repository.owner}/${repository.repo}`,
    environments: selected,
    repoRunners,
    orgRunners,
    githubGroups,
    minRunnerVersion: loaded.config.github.min_runner_version,
  });
  const stats = client.stats.snapshot();
  log?.(`github: ${stats.requests} requests, ${stats.not_modified} not modified, ${stats.retries} retries, rate limit ${stats.rate_limit === null ? "unknown" : `${stats.rate_limit.remaining}/${stats.rate_limit.limit}`}`);
  return emitReport(io, fleetReport({ ...view, github: { api_url: client.apiUrl, ...stats } }), { json: options.json });
}
