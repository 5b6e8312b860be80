/**
 * The fleet GitHub reports against the runner hosts the inventory declares (inventory/runner-hosts.ts):
 * declared but not registered (missing), registered but not declared (extra), registered in another
 * GitHub group than the inventory says (wrong group — the `--replace` that drops `--runnergroup`).
 * Which registered runners are runwarden's is decided as route decides it: a runner that carries the
 * labels of a configured runner group (health.ts `carries`), or sits in a GitHub group a configured
 * group or a runner host names. Pure: runners and declarations in, mismatches out.
 */
import type { Runner } from "../github/schemas.js";
import type { RunnerHost } from "../inventory/runner-hosts.js";
import { formatLocation } from "../model/errors.js";
import { carries, type RouteGroupConfig } from "./health.js";

/** Where a repository runner sits, in the place of a group name. */
export const REPOSITORY = "(repository)";

export interface FleetInventoryInput {
  /** The inventory as given (`--inventory`). */
  readonly inventory: string;
  readonly declared: readonly RunnerHost[];
  /** undefined: not listed (no organization-level runner in question). */
  readonly orgRunners: readonly Runner[] | undefined;
  readonly repoRunners: readonly Runner[] | undefined;
  readonly githubGroups: readonly { readonly id: number; readonly name: string }[] | undefined;
  /** The configured runner groups of the environments shown. */
  readonly groups: readonly RouteGroupConfig[];
}

export interface MissingRunner {
  readonly host: string;
  readonly runner: string;
  readonly expected_group: string | null;
  /** `file:line` of the host in the inventory. */
  readonly where: string;
}

export interface ExtraRunner {
  readonly runner: string;
  readonly group: string;
  readonly status: "online" | "offline";
  readonly busy: boolean;
}

export interface WrongGroupRunner {
  readonly host: string;
  readonly runner: string;
  readonly expected_group: string;
  readonly group: string;
  readonly where: string;
}

export interface FleetInventory {
  readonly inventory: string;
  /** Runner hosts declared, and registered runners considered. */
  readonly declared: number;
  readonly registered: number;
  readonly missing: readonly MissingRunner[];
  readonly extra: readonly ExtraRunner[];
  readonly wrong_group: readonly WrongGroupRunner[];
  /** No mismatch. */
  readonly ok: boolean;
}

interface Registered {
  readonly runner: Runner;
  /** A GitHub group name, `group N` when the groups were not listed, or `(repository)`. */
  readonly group: string;
}

const key = (text: string) => text.toLowerCase();

function registered(input: FleetInventoryInput): Registered[] {
  const groupName = (runner: Runner) => input.githubGroups?.find((g) => g.id === runner.runner_group_id)?.name ?? `group ${runner.runner_group_id ?? "?"}`;
  return [
    ...(input.orgRunners ?? []).map((runner) => ({ runner, group: groupName(runner) })),
    ...(input.repoRunners ?? []).map((runner) => ({ runner, group: REPOSITORY })),
  ];
}

function expectedGroup(host: RunnerHost): string | null {
  return host.scope === "repo" ? REPOSITORY : host.group;
}

export function compareFleetInventory(input: FleetInventoryInput): FleetInventory {
  const all = registered(input);
  const byName = new Map<string, Registered[]>();
  for (const entry of all) byName.set(key(entry.runner.name), [...(byName.get(key(entry.runner.name)) ?? []), entry]);
  const declaredNames = new Set(input.declared.map((host) => key(host.name)));
  const namedGroups = new Set(
    [...input.groups.map((group) => group.group), ...input.declared.map((host) => expectedGroup(host))].flatMap((group) =>
      group === undefined || group === null || group === REPOSITORY ? [] : [key(group)],
    ),
  );
  const ours = all.filter(
    (entry) =>
      declaredNames.has(key(entry.runner.name)) || namedGroups.has(key(entry.group)) || input.groups.some((group) => carries(entry.runner, group.labels)),
  );
  const missing: MissingRunner[] = [];
  const wrong: WrongGroupRunner[] = [];
  for (const host of input.declared) {
    const where = formatLocation(host.location);
    const found = byName.get(key(host.name)) ?? [];
    const expected = expectedGroup(host);
    if (found.length === 0) {
      missing.push({ host: host.host, runner: host.name, expected_group: expected, where });
      continue;
    }
    if (expected === null) continue;
    // A name registered at both levels counts as placed when one of them is where the inventory says.
    if (found.some((entry) => key(entry.group) === key(expected))) continue;
    for (const entry of found) wrong.push({ host: host.host, runner: host.name, expected_group: expected, group: entry.group, where });
  }
  const extra = ours
    .filter((entry) => !declaredNames.has(key(entry.runner.name)))
    .map((entry) => ({ runner: entry.runner.name, group: entry.group, status: entry.runner.status, busy: entry.runner.busy }));
  return {
    inventory: input.inventory,
    declared: input.declared.length,
    registered: ours.length,
    missing,
    extra,
    wrong_group: wrong,
    ok: missing.length === 0 && extra.length === 0 && wrong.length === 0,
  };
}
