/**
 * The fleet view: per configured runner group, route's own judgement of it (health.ts — one judge,
 * so `runwarden fleet` and `runwarden route` never disagree about a group) and what a person wants to
 * see beside it: each runner that carries the group's labels with its state and version, offline
 * runners that are still busy (died mid-job), and production-labelled runners sitting in a group the
 * config does not name (the Ansible role's `--replace` drops `--runnergroup`). Pure: observations in,
 * view out.
 */
import type { Runner } from "../github/schemas.js";
import { assessGroup, carries, isOutdated, type GroupObservation, type RouteGroupConfig } from "./health.js";
import type { WorkflowRef } from "./workflow-ref.js";

export interface FleetEnvironment {
  readonly name: string;
  readonly groups: readonly RouteGroupConfig[];
  /** What GitHub said about each group (observe.ts), by the group's name in runwarden.yml. */
  readonly observations: ReadonlyMap<string, GroupObservation>;
  /** The deploy workflow, for groups restricted to selected workflows (as route resolves it). */
  readonly workflow: WorkflowRef | undefined;
}

export interface FleetInput {
  /** `owner/name`. */
  readonly repository: string;
  readonly environments: readonly FleetEnvironment[];
  /** Every runner of the organization and of the repository, to find misplaced ones (undefined: not listed). */
  readonly orgRunners: readonly Runner[] | undefined;
  readonly repoRunners: readonly Runner[] | undefined;
  /** Every runner group of the organization, to name the group a misplaced runner sits in. */
  readonly githubGroups: readonly { readonly id: number; readonly name: string }[] | undefined;
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

/** Counted as route counts them: runners with the labels, in the group, recent enough. */
export interface FleetCounts {
  readonly online: number;
  readonly idle: number;
  readonly busy: number;
  readonly offline: number;
  /** With the labels but older than the minimum version: not counted above. */
  readonly outdated: number;
  /** Listed in the group but reporting another group id: not counted above. */
  readonly misplaced: number;
  /** Offline but busy (any version): the runner died in the middle of a job. */
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
  /** Route's reasons: why the group cannot take the job or receive a failover, then notes. */
  readonly problems: readonly string[];
  /** What to check first when it is not ready. */
  readonly next: string | null;
  /** At least one counted online runner, and the group is usable by the repository. */
  readonly online: boolean;
  /** Route would find it healthy: able to take the deploy job now. */
  readonly ready: boolean;
  /** Route may send it a failover (always true for an environment's first group). */
  readonly eligible: boolean;
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

function groupView(input: FleetInput, environment: FleetEnvironment, config: RouteGroupConfig, position: number): FleetGroupView {
  const observation = environment.observations.get(config.name) ?? { kind: "unavailable", exists: undefined };
  const [org = input.repository, repo = ""] = input.repository.split("/");
  const health = assessGroup(config, position, observation, {
    org,
    repository: `${org}/${repo}`,
    minRunnerVersion: input.minRunnerVersion,
    workflow: environment.workflow,
  });
  const listed = observation.kind === "unavailable" ? [] : observation.runners.filter((runner) => carries(runner, config.labels));
  const runners = listed.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    busy: r.busy,
    version: r.version ?? null,
    outdated: isOutdated(r, input.minRunnerVersion),
  }));
  const versions: Record<string, number> = {};
  for (const r of listed) versions[r.version ?? "unknown"] = (versions[r.version ?? "unknown"] ?? 0) + 1;
  return {
    environment: environment.name,
    name: config.name,
    github_group: config.group ?? null,
    scope: config.group === undefined ? "repository" : "organization",
    labels: config.labels,
    min_idle: config.min_idle,
    requirement: config.min_online === undefined ? `min_idle ${config.min_idle}` : `min_online ${config.min_online}, busy ≤ ${config.max_busy_percent} %`,
    counts: {
      online: health.online,
      idle: health.idle,
      busy: health.busy,
      offline: health.offline,
      outdated: health.outdated,
      misplaced: health.misplaced,
      offline_busy: listed.filter((r) => r.status === "offline" && r.busy).length,
    },
    versions,
    runners,
    problems: health.reasons,
    next: health.next ?? null,
    online: health.online > 0 && observation.kind !== "unavailable",
    ready: health.healthy,
    eligible: health.eligible,
  };
}

function misplaced(input: FleetInput): MisplacedRunner[] {
  const entries = input.environments.flatMap((env) => env.groups.map((group) => ({ env: env.name, group })));
  const groupName = (runner: Runner) => input.githubGroups?.find((g) => g.id === runner.runner_group_id)?.name ?? `group ${runner.runner_group_id ?? "?"}`;
  const found: MisplacedRunner[] = [];
  const check = (runner: Runner, scope: "repository" | "organization") => {
    const matching = entries.filter((entry) => carries(runner, entry.group.labels));
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
  const groups = input.environments.flatMap((env) => env.groups.map((group, position) => groupView(input, env, group, position)));
  return {
    repository: input.repository,
    min_runner_version: input.minRunnerVersion ?? null,
    groups,
    misplaced: misplaced(input),
    ok: groups.every((group) => group.online),
  };
}
