/**
 * The routing decision: walk the configured runner groups in order and take the first that can
 * run the deploy now — the primary, else a later group that is approved for failover. Pure: group
 * health in, decision out (with every group's state and reasons, and what to check when none fits).
 */
import { InputError } from "../model/errors.js";
import type { GroupHealth, RouteGroupConfig } from "./health.js";

export interface RouteRequest {
  /** A drill: take this group (it must be healthy and, after the first, eligible). */
  readonly forceGroup?: string | undefined;
  /** Skip these groups (e.g. the one whose deploy just failed). */
  readonly exclude?: readonly string[] | undefined;
}

export interface RouteDecision {
  readonly environment: string;
  /** Chosen group's name in runwarden.yml; null when none. */
  readonly group: string | null;
  /** Chosen GitHub runner group; null for repository runners or when none. */
  readonly github_group: string | null;
  readonly labels: readonly string[];
  /** The chosen group is not the first one. */
  readonly failover: boolean;
  /** Chosen by `--force-group`. */
  readonly drill: boolean;
  /** Chosen without asking GitHub (it could not be reached; `on_api_error: primary`). */
  readonly unchecked: boolean;
  readonly reasons: readonly string[];
  /** What to check, when no group was chosen. */
  readonly next: readonly string[];
  readonly groups: readonly GroupHealth[];
}

/** Refuses a request the configuration does not allow (exit 2), before anything is asked of GitHub. */
export function checkRouteRequest(environment: string, groups: readonly RouteGroupConfig[], allowForce: boolean, request: RouteRequest): void {
  const names = groups.map((group) => group.name);
  for (const name of [...(request.exclude ?? []), ...(request.forceGroup === undefined ? [] : [request.forceGroup])]) {
    if (!names.includes(name)) {
      throw new InputError("RW_UNKNOWN_RUNNER_GROUP", `no runner group '${name}' in environment '${environment}'`, [], {
        hint: `choose one of: ${names.join(", ")}`,
      });
    }
  }
  if (request.forceGroup !== undefined && !allowForce) {
    throw new InputError("RW_DRILL_NOT_ALLOWED", `--force-group is not allowed for environment '${environment}'`, [], {
      hint: `set environments.${environment}.route.allow_force_group: true in runwarden.yml to allow failover drills`,
    });
  }
  if (request.forceGroup !== undefined && request.exclude?.includes(request.forceGroup) === true) {
    throw new InputError("RW_USAGE_CONFLICT", `--force-group ${request.forceGroup} is also excluded`, [], { hint: "drop one of the two" });
  }
}

function describe(group: GroupHealth): string {
  return `${group.idle} idle, ${group.busy} busy, ${group.offline} offline`;
}

function chosen(environment: string, group: GroupHealth, index: number, groups: readonly GroupHealth[], reasons: string[], drill: boolean): RouteDecision {
  return {
    environment,
    group: group.name,
    github_group: group.github_group,
    labels: group.labels,
    failover: index > 0,
    drill,
    unchecked: false,
    reasons,
    next: [],
    groups,
  };
}

/** The decision over `groups` (health of each configured group, in order). */
export function planRoute(environment: string, groups: readonly GroupHealth[], request: RouteRequest = {}): RouteDecision {
  const excluded = new Set(request.exclude ?? []);
  if (request.forceGroup !== undefined) {
    const index = groups.findIndex((group) => group.name === request.forceGroup);
    const group = groups[index];
    if (group === undefined) throw new InputError("RW_UNKNOWN_RUNNER_GROUP", `no runner group '${request.forceGroup}' in environment '${environment}'`);
    const drill = `drill: --force-group ${group.name} (route.allow_force_group)`;
    if (group.healthy && group.eligible) return chosen(environment, group, index, groups, [drill, `${group.name}: healthy (${describe(group)})`], true);
    return {
      environment,
      group: null,
      github_group: null,
      labels: [],
      failover: false,
      drill: true,
      unchecked: false,
      reasons: [drill, `${group.name} cannot take the drill: ${group.reasons.join("; ")}`],
      next: group.next === undefined ? [] : [`${group.name}: ${group.next}`],
      groups,
    };
  }
  const passed: string[] = [];
  for (const [index, group] of groups.entries()) {
    if (excluded.has(group.name)) {
      passed.push(`${group.name}: excluded (--exclude)`);
      continue;
    }
    if (group.healthy && group.eligible) {
      const why = index === 0 ? `${group.name}: healthy (${describe(group)})` : `${group.name}: healthy (${describe(group)}) and approved for failover`;
      return chosen(environment, group, index, groups, [...passed, why], false);
    }
    passed.push(`${group.name}: ${group.reasons.filter((_, i) => i === 0 || !group.eligible).join("; ") || "not usable"}`);
  }
  return {
    environment,
    group: null,
    github_group: null,
    labels: [],
    failover: false,
    drill: false,
    unchecked: false,
    reasons: ["no healthy runner group", ...passed],
    next: groups.filter((group) => !excluded.has(group.name) && group.next !== undefined).map((group) => `${group.name}: ${group.next ?? ""}`),
    groups,
  };
}

/** The decision when GitHub could not be asked and `on_api_error: primary`: the first group, unchecked. */
export function uncheckedPrimary(
  environment: string,
  configs: readonly RouteGroupConfig[],
  failure: string,
  exclude: readonly string[] = [],
): RouteDecision | undefined {
  const first = configs[0];
  if (first === undefined || exclude.includes(first.name)) return undefined;
  return {
    environment,
    group: first.name,
    github_group: first.group ?? null,
    labels: first.labels,
    failover: false,
    drill: false,
    unchecked: true,
    reasons: [`GitHub could not be asked (${failure}): routed to ${first.name} unchecked (route.on_api_error: primary)`],
    next: [],
    groups: [],
  };
}
