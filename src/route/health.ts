/**
 * Is one configured runner group able to take the deploy job now? Pure: the group's config and what
 * GitHub said about it in, counts and reasons out. Only runners that carry every configured label,
 * sit in the configured GitHub group and are not older than the minimum version count.
 */
import type { Runner } from "../github/schemas.js";
import { compareVersions } from "../checks/version.js";
import { formatWorkflowRef, workflowAdmitted, type WorkflowRef } from "./workflow-ref.js";

/** A runner group entry of runwarden.yml (structurally the config's `RunnerGroup`). */
export interface RouteGroupConfig {
  readonly name: string;
  readonly group?: string | undefined;
  readonly labels: readonly string[];
  readonly min_idle: number;
  readonly min_online?: number | undefined;
  readonly max_busy_percent: number;
  readonly approved_for_failover: boolean;
}

/** A GitHub runner group as the repository sees it (listed with `visible_to_repository`). */
export interface VisibleGroup {
  readonly id: number;
  readonly name: string;
  readonly visibility: string;
  readonly restricted_to_workflows?: boolean | undefined;
  readonly selected_workflows?: readonly string[] | undefined;
}

/** What GitHub said about one configured group. */
export type GroupObservation =
  | { readonly kind: "repository"; readonly runners: readonly Runner[] }
  | { readonly kind: "organization"; readonly group: VisibleGroup; readonly runners: readonly Runner[] }
  /** Not visible to the repository: `exists` tells whether the organization has such a group at all. */
  | { readonly kind: "unavailable"; readonly exists: boolean | undefined };

export interface HealthContext {
  readonly org: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly minRunnerVersion: string | undefined;
  readonly workflow: WorkflowRef | undefined;
}

export interface GroupHealth {
  readonly name: string;
  readonly github_group: string | null;
  readonly labels: readonly string[];
  /** Able to take the job now. */
  readonly healthy: boolean;
  /** May receive the deploy as a failover (always true for the first group). */
  readonly eligible: boolean;
  readonly online: number;
  readonly idle: number;
  readonly busy: number;
  readonly offline: number;
  /** Runners with the labels that are older than `github.min_runner_version` (not counted above). */
  readonly outdated: number;
  /** Runners listed in the group whose own group id says otherwise (not counted above). */
  readonly misplaced: number;
  /** Why it cannot take the job now (empty when healthy), each of a stable kind. */
  readonly problems: readonly GroupProblem[];
  /** Why it may not receive a failover (empty when eligible). */
  readonly refusals: readonly GroupRefusal[];
  /** Why it is unhealthy or not eligible (empty when both are fine), then notes: the texts of the above, for people. */
  readonly reasons: readonly string[];
  /** The next thing to check when it cannot take the job. */
  readonly next: string | undefined;
}

/** Why a group cannot take the job now. Code branches on `kind`; `text` is for people. */
export type GroupProblem = { readonly text: string } & (
  | { readonly kind: "group-missing" | "group-not-available" }
  | { readonly kind: "no-runner-with-labels" | "no-usable-runner" | "all-offline" }
  | { readonly kind: "below-min-online" | "too-busy" | "below-min-idle" }
  | { readonly kind: "workflow-unknown" | "workflow-not-admitted" }
);

/** Why a later group may not receive a failover. */
export interface GroupRefusal {
  readonly kind: "not-approved" | "open-to-other-repositories";
  readonly text: string;
}

const lower = (text: string) => text.toLowerCase();

/** The runner carries every one of `labels` (GitHub compares labels case-insensitively). */
export function carries(runner: Runner, labels: readonly string[]): boolean {
  const own = new Set(runner.labels.map((label) => lower(label.name)));
  return labels.every((label) => own.has(lower(label)));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Older than `min` (a runner that reports no version is given the benefit of the doubt). */
export function isOutdated(runner: Runner, min: string | undefined): boolean {
  return min !== undefined && runner.version !== undefined && runner.version !== null && compareVersions(runner.version, min) < 0;
}

interface Counted {
  readonly online: number;
  readonly idle: number;
  readonly busy: number;
  readonly offline: number;
  readonly outdated: number;
  readonly misplaced: number;
  readonly notes: string[];
  /** Runners carrying the labels, before the version and group filters. */
  readonly carrying: number;
}

function count(runners: readonly Runner[], config: RouteGroupConfig, groupId: number | undefined, context: HealthContext): Counted {
  const notes: string[] = [];
  const carrying = runners.filter((runner) => carries(runner, config.labels));
  const inGroup = carrying.filter((runner) => groupId === undefined || runner.runner_group_id === undefined || runner.runner_group_id === groupId);
  const misplaced = carrying.length - inGroup.length;
  if (misplaced > 0) notes.push(`${plural(misplaced, "runner")} listed in '${config.group ?? ""}' report another group id: not counted`);
  const min = context.minRunnerVersion;
  const current = inGroup.filter((runner) => !isOutdated(runner, min));
  const old = inGroup.filter((runner) => !current.includes(runner));
  for (const runner of old) notes.push(`${runner.name} runs ${runner.version ?? "?"}, older than github.min_runner_version ${min ?? ""}: not counted`);
  const online = current.filter((runner) => runner.status === "online");
  const busy = online.filter((runner) => runner.busy).length;
  for (const runner of inGroup)
    if (runner.status === "offline" && runner.busy) notes.push(`${runner.name} is offline but busy: it died in the middle of a job`);
  return {
    online: online.length,
    idle: online.length - busy,
    busy,
    offline: current.length - online.length,
    outdated: old.length,
    misplaced,
    notes,
    carrying: carrying.length,
  };
}

/** Why the counted runners cannot take the job (undefined: they can). */
function capacityProblem(config: RouteGroupConfig, counted: Counted, where: string): GroupProblem | undefined {
  const labels = `[${config.labels.join(", ")}]`;
  if (counted.carrying === 0) return { kind: "no-runner-with-labels", text: `no runner ${where} carries all of ${labels}` };
  const usable = counted.online + counted.offline;
  if (usable === 0) {
    return {
      kind: "no-usable-runner",
      text: `no usable runner ${where}: every runner with ${labels} is ${counted.outdated > 0 ? "older than the minimum version" : "in another group"}`,
    };
  }
  if (counted.online === 0) {
    return {
      kind: "all-offline",
      text: counted.offline === 1 ? `the only runner ${where} with ${labels} is offline` : `all ${counted.offline} runners ${where} with ${labels} are offline`,
    };
  }
  if (config.min_online !== undefined) {
    if (counted.online < config.min_online) return { kind: "below-min-online", text: `${counted.online} online, min_online is ${config.min_online}` };
    if (counted.busy * 100 > config.max_busy_percent * counted.online) {
      const percent = Math.round((counted.busy * 100) / counted.online);
      return {
        kind: "too-busy",
        text: `${counted.busy} of ${counted.online} online runners busy (${percent} %), max_busy_percent is ${config.max_busy_percent}`,
      };
    }
    return undefined;
  }
  // min_idle 0: any online runner will do (the job may wait for it to finish its current one).
  if (counted.idle < config.min_idle) {
    if (counted.idle > 0) return { kind: "below-min-idle", text: `${counted.idle} idle, min_idle is ${config.min_idle}` };
    return {
      kind: "below-min-idle",
      text:
        counted.online === 1
          ? `the only online runner is busy, min_idle is ${config.min_idle}`
          : `all ${counted.online} online runners busy, min_idle is ${config.min_idle}`,
    };
  }
  return undefined;
}

function nextStep(config: RouteGroupConfig, counted: Counted | undefined, problem: GroupProblem): string {
  const where = config.group === undefined ? "the repository's runners" : `runner group '${config.group}'`;
  if (counted === undefined) return `check ${where} in the organization's Actions settings (Runner groups: repository access, workflow access)`;
  if (problem.kind === "workflow-unknown")
    return "set route.workflow in runwarden.yml (owner/repo/.github/workflows/deploy.yml@refs/heads/main), or run inside the deploy workflow";
  if (problem.kind === "workflow-not-admitted")
    return `add the deploy workflow to the selected workflows of ${where} (organization settings → Actions → Runner groups → workflow access)`;
  if (counted.carrying === 0) {
    return config.group === undefined
      ? `register runners with labels [${config.labels.join(", ")}] to the repository, or fix the labels in runwarden.yml`
      : `runners registered without --runnergroup land in 'Default': run 'runwarden fleet' to find misplaced runners, re-register them into '${config.group}'`;
  }
  if (counted.online === 0 && counted.offline > 0)
    return `check the runner service on the hosts of ${where} (systemctl status 'actions.runner.*'; _diag/Runner_*.log)`;
  if (counted.outdated > 0 && counted.online === 0) return `update the runners of ${where} to github.min_runner_version or later`;
  if (problem.kind === "too-busy" || problem.kind === "below-min-idle") return `wait for the running jobs of ${where}, or add runners to it`;
  return `run 'runwarden fleet' for the runners of ${where}`;
}

/** Health of the group at `position` (0: the primary). */
export function assessGroup(config: RouteGroupConfig, position: number, observation: GroupObservation, context: HealthContext): GroupHealth {
  const problems: GroupProblem[] = [];
  const refusals: GroupRefusal[] = [];
  let counted: Counted | undefined;
  const base = { name: config.name, github_group: config.group ?? null, labels: config.labels };
  if (observation.kind === "unavailable") {
    problems.push(
      observation.exists === false
        ? { kind: "group-missing", text: `runner group '${config.group ?? ""}' does not exist in ${context.org}` }
        : { kind: "group-not-available", text: `runner group '${config.group ?? ""}' is not available to ${context.repository} (repository access)` },
    );
  } else {
    const groupId = observation.kind === "organization" ? observation.group.id : undefined;
    counted = count(observation.runners, config, groupId, context);
    const where = config.group === undefined ? "of the repository" : `in '${config.group}'`;
    const capacity = capacityProblem(config, counted, where);
    if (capacity !== undefined) problems.push(capacity);
    if (observation.kind === "organization") {
      const group = observation.group;
      if (group.restricted_to_workflows === true) {
        const workflow = context.workflow;
        if (workflow === undefined || workflow.ref === undefined) {
          problems.push({
            kind: "workflow-unknown",
            text:
              workflow === undefined
                ? `'${group.name}' is restricted to selected workflows and the deploy workflow is not known (set route.workflow, or run inside the workflow)`
                : `'${group.name}' is restricted to selected workflows and the deploy workflow's ref is not known (run inside the workflow, where GITHUB_WORKFLOW_REF is set, or set GITHUB_REF)`,
          });
        } else if (!workflowAdmitted(group.selected_workflows ?? [], workflow)) {
          problems.push({
            kind: "workflow-not-admitted",
            text: `'${group.name}' is restricted to selected workflows and ${formatWorkflowRef(workflow)} is not one of them`,
          });
        }
      }
      // Only `selected` restricts a group to listed repositories: `all` opens it to every repository
      // of the organization and `private` to every private one (GitHub's REST API, "Create a
      // self-hosted runner group for an organization": visibility `all`, `selected` or `private`;
      // "Managing access to self-hosted runners using groups").
      if (position > 0 && group.visibility !== "selected") {
        const open = group.visibility === "private" ? `every private repository of ${context.org}` : `every repository of ${context.org}`;
        refusals.push({
          kind: "open-to-other-repositories",
          text: `'${group.name}' is open to ${open} (visibility: ${group.visibility}): restrict it to selected repositories (${context.repository}) before it takes production failovers`,
        });
      }
    }
  }
  if (position > 0 && !config.approved_for_failover)
    refusals.push({ kind: "not-approved", text: "not approved for failover (approved_for_failover: true in runwarden.yml)" });
  const healthy = problems.length === 0;
  const eligible = refusals.length === 0;
  const reasons = [...problems.map((problem) => problem.text), ...refusals.map((refusal) => refusal.text), ...(counted?.notes ?? [])];
  const firstProblem = problems[0];
  const next =
    firstProblem !== undefined
      ? nextStep(config, counted, firstProblem)
      : refusals.length > 0
        ? "approve and restrict the group as docs/failover.md describes, or leave it out of failover"
        : undefined;
  return {
    ...base,
    healthy,
    eligible,
    online: counted?.online ?? 0,
    idle: counted?.idle ?? 0,
    busy: counted?.busy ?? 0,
    offline: counted?.offline ?? 0,
    outdated: counted?.outdated ?? 0,
    misplaced: counted?.misplaced ?? 0,
    problems,
    refusals,
    reasons,
    next,
  };
}
