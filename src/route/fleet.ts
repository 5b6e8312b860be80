/**
 * The fleet view: per configured runner group, which runners could take a deploy job and in what
 * state they are — online, idle, busy, offline, offline-but-busy (died mid-job), version (older than
 * the configured minimum) — plus production-labelled runners sitting in a group the config does not
 * name (the Ansible role's `--replace` drops `--runnergroup`). Pure: runners and groups in, view out.
 */
import type { Runner, RunnerGroup } from "../github/schemas.js";

/** A runner group entry of runwarden.yml (structurally the config's `RunnerGroup`). */
export interface FleetGroupConfig {
  readonly name: string;
  readonly group?: string | undefined;
  readonly labels: readonly string[];
  readonly min_idle: number;
  /** When set, readiness is online runners ≥ this with at most `max_busy_percent` % busy (see health.ts). */
  readonly min_online?: number | undefined;
  readonly max_busy_percent?: number | undefined;
}

export interface FleetEnvironment {
  readonly name: string;
  readonly groups: readonly FleetGroupConfig[];
}

/** A GitHub runner group with the repositories allowed to use it (visibility `selected`). */
export interface FleetGithubGroup extends Pick<RunnerGroup, "id" | "name" | "visibility" | "restricted_to_workflows" | "selected_workflows"> {
  readonly repositories?: readonly string[] | undefined;
}

export interface FleetInput {
  /** `owner/name`. */
  readonly repository: string;
  readonly environments: readonly FleetEnvironment[];
  /** Repository runners; undefined when not listed (no group needs them). */
  readonly repoRunners: readonly Runner[] | undefined;
  readonly orgRunners: readonly Runner[] | undefined;
  readonly githubGroups: readonly FleetGithubGroup[] | undefined;
  readonly minRunnerVersion: string | undefined;
}

export interface FleetRunnerView {
  readonly id: number;
  readonly name: string;
  readonly status: "online" | "offline";
  readonly busy: boolean;
  readonly version: string | null;
  readonly outdated: boolean;
}

export interface FleetCounts {
  readonly total: number;
  readonly online: number;
  readonly idle: number;
  readonly busy: number;
  readonly offline: number;
  /** Offline but busy: the runner died in the middle of a job. */
  readonly offline_busy: number;
}

export interface FleetGroupView {
  readonly environment: string;
  readonly name: string;
  /** GitHub runner group; null for repository runners. */
  readonly github_group: string | null;
  readonly scope: "repository" | "organization";
  readonly labels: readonly string[];
  readonly min_idle: number;
  /** The readiness rule in words: `min_idle 1`, or `min_online 3, busy ≤ 80 %`. */
  readonly requirement: string;
  readonly counts: FleetCounts;
  readonly versions: Readonly<Record<string, number>>;
  readonly runners: readonly FleetRunnerView[];
  /** Why the group cannot take the job, or what is off about it. */
  readonly problems: readonly string[];
  /** At least one online runner, and the group is usable by the repository. */
  readonly online: boolean;
  /** At least `min_idle` idle online runners (or `min_online` online under the busy ceiling). */
  readonly ready: boolean;
}

export interface MisplacedRunner {
  readonly name: string;
  readonly scope: "repository" | "organization";
  /** Where the runner is: a GitHub group name, or `(repository)`. */
  readonly group: string;
  /** The configured groups whose labels it carries: `production/primary`. */
  readonly matches: readonly string[];
  readonly expected_groups: readonly string[];
}

export interface FleetView {
  readonly repository: string;
  readonly min_runner_version: string | null;
  readonly groups: readonly FleetGroupView[];
  readonly misplaced: readonly MisplacedRunner[];
  /** Every configured group has an online runner. */
  readonly ok: boolean;
}

/** Compares dotted numeric versions (`2.311.0` < `2.330.0`); non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((part) => Number.parseInt(part, 10) || 0);
  const pb = b.split(".").map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

const lower = (text: string) => text.toLowerCase();

function hasLabels(runner: Runner, labels: readonly string[]): boolean {
  const own = new Set(runner.labels.map((label) => lower(label.name)));
  return labels.every((label) => own.has(lower(label)));
}

function count(runners: readonly Runner[]): FleetCounts {
  const online = runners.filter((r) => r.status === "online");
  return {
    total: runners.length,
    online: online.length,
    idle: online.filter((r) => !r.busy).length,
    busy: online.filter((r) => r.busy).length,
    offline: runners.length - online.length,
    offline_busy: runners.filter((r) => r.status === "offline" && r.busy).length,
  };
}

/** Why the repository cannot use the group at all (undefined: it can). */
function unusable(input: FleetInput, config: FleetGroupConfig, github: FleetGithubGroup | undefined): string | undefined {
  if (config.group === undefined) return undefined;
  if (input.githubGroups !== undefined && github === undefined) return `runner group '${config.group}' does not exist in the organization`;
  const repoName = input.repository.split("/")[1] ?? input.repository;
  if (github?.visibility === "selected" && github.repositories !== undefined && !github.repositories.includes(repoName)) {
    return `runner group '${config.group}' is not available to ${input.repository} (visibility: selected)`;
  }
  return undefined;
}

function groupView(input: FleetInput, environment: string, config: FleetGroupConfig): FleetGroupView {
  const github = config.group === undefined ? undefined : input.githubGroups?.find((g) => g.name === config.group);
  const pool = config.group === undefined ? (input.repoRunners ?? []) : (input.orgRunners ?? []).filter((r) => github !== undefined && r.runner_group_id === github.id);
  const eligible = pool.filter((runner) => hasLabels(runner, config.labels));
  const min = input.minRunnerVersion;
  const runners = eligible.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    busy: r.busy,
    version: r.version ?? null,
    outdated: min !== undefined && r.version !== undefined && r.version !== null && compareVersions(r.version, min) < 0,
  }));
  const counts = count(eligible);
  const versions: Record<string, number> = {};
  for (const r of eligible) versions[r.version ?? "unknown"] = (versions[r.version ?? "unknown"] ?? 0) + 1;
  const blocked = unusable(input, config, github);
  const problems: string[] = blocked === undefined ? [] : [blocked];
  if (counts.online === 0) problems.unshift(eligible.length === 0 ? `no runner carries all of [${config.labels.join(", ")}]${config.group === undefined ? "" : ` in group '${config.group}'`}` : "no online runner");
  for (const r of runners) {
    if (r.status === "offline" && r.busy) problems.push(`${r.name} is offline but busy: it died in the middle of a job`);
    if (r.outdated) problems.push(`${r.name} runs ${r.version ?? "?"}, older than the minimum ${min ?? ""}`);
  }
  const usable = blocked === undefined;
  return {
    environment,
    name: config.name,
    github_group: config.group ?? null,
    scope: config.group === undefined ? "repository" : "organization",
    labels: config.labels,
    min_idle: config.min_idle,
    requirement: config.min_online === undefined ? `min_idle ${config.min_idle}` : `min_online ${config.min_online}, busy ≤ ${config.max_busy_percent ?? 100} %`,
    counts,
    versions,
    runners,
    problems,
    online: counts.online > 0 && usable,
    ready: usable && (config.min_online === undefined ? counts.idle >= config.min_idle : counts.online >= config.min_online && counts.busy * 100 <= (config.max_busy_percent ?? 100) * counts.online),
  };
}

function misplaced(input: FleetInput): MisplacedRunner[] {
  const entries = input.environments.flatMap((env) => env.groups.map((group) => ({ env: env.name, group })));
  const groupName = (runner: Runner) => input.githubGroups?.find((g) => g.id === runner.runner_group_id)?.name ?? `group ${runner.runner_group_id ?? "?"}`;
  const found: MisplacedRunner[] = [];
  const check = (runner: Runner, scope: "repository" | "organization") => {
    const matching = entries.filter((entry) => hasLabels(runner, entry.group.labels));
    if (matching.length === 0) return;
    const expected = matching.map((entry) => entry.group.group);
    const here = scope === "repository" ? undefined : groupName(runner);
    if (expected.some((group) => group === here || (group === undefined && scope === "repository"))) return;
    found.push({
      name: runner.name,
      scope,
      group: here ?? "(repository)",
      matches: matching.map((entry) => `${entry.env}/${entry.group.name}`),
      expected_groups: [...new Set(expected.map((group) => group ?? "(repository)"))],
    });
  };
  for (const runner of input.orgRunners ?? []) check(runner, "organization");
  for (const runner of input.repoRunners ?? []) check(runner, "repository");
  return found;
}

export function buildFleetView(input: FleetInput): FleetView {
  const groups = input.environments.flatMap((env) => env.groups.map((group) => groupView(input, env.name, group)));
  return {
    repository: input.repository,
    min_runner_version: input.minRunnerVersion ?? null,
    groups,
    misplaced: misplaced(input),
    ok: groups.every((group) => group.online),
  };
}
