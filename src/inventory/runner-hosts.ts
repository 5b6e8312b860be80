/**
 * Runner hosts: the hosts of the inventory groups the Ansible runner role provisions (`runner_primary`
 * and `runner_secondary` by convention; any list of group names can be given), each with the runner it
 * declares — name, GitHub runner group, labels, version — read from its variables after Ansible's
 * precedence; and the rules such a host must meet for the role to provision it (`inventory check`).
 * Pure: an inventory in, data and findings out.
 */
import type { SourceLocation } from "../model/errors.js";
import type { Finding } from "./checks/types.js";
import { hostLocation } from "./checks/where.js";
import type { Inventory } from "./inventory.js";
import { selectHostNames } from "./render.js";
import { PyFloat, UnsafeText, type PyValue } from "./value.js";

/** The inventory groups of runner hosts when none are named (the role's convention). */
export const RUNNER_INVENTORY_GROUPS: readonly string[] = ["runner_primary", "runner_secondary"];

/**
 * What the role (`ansible/roles/runner`: tasks/assert.yml, defaults/main.yml) needs from the inventory
 * of every runner host, beyond its own defaults: `ansible_host`, `runner_group` (organization
 * runners) or `runner_github_repo` (repository runners), `runner_labels` (a non-empty list),
 * `runner_version`, `runner_github_org`, `runner_tarball_url` or `runner_tarball_path`, and
 * `runner_tarball_checksum` (`sha256:<hex>`). `runner_name` defaults to the inventory host name.
 */
export const RUNNER_HOST_VARIABLES: readonly string[] = [
  "ansible_host",
  "runner_group",
  "runner_labels",
  "runner_version",
  "runner_github_org",
  "runner_tarball_url|runner_tarball_path",
  "runner_tarball_checksum",
];

const CHECKSUM = /^sha256:[0-9a-f]{64}$/;

export const RUNNER_HOST_CHECK = "inventory/runner-host";

export interface RunnerHost {
  /** The inventory host. */
  readonly host: string;
  /** The runner inventory group(s) it is in. */
  readonly inventory_groups: readonly string[];
  /** The runner's name on GitHub: `runner_name`, else the inventory host name (the role's default). */
  readonly name: string;
  /** `org` (default) or `repo` (`runner_scope`). */
  readonly scope: "org" | "repo";
  /** The GitHub runner group it must sit in; null for repository runners or when unset. */
  readonly group: string | null;
  readonly labels: readonly string[];
  readonly version: string | null;
  readonly location: SourceLocation;
}

export interface RunnerHostsOptions {
  /** Runner inventory groups (default `RUNNER_INVENTORY_GROUPS`). */
  readonly groups?: readonly string[];
  /** Only these hosts (the pattern `inventory check` selects); default every runner host. */
  readonly hosts?: readonly string[];
}

/** A scalar variable as text (numbers too: INI reads `runner_version=2` as an int); undefined otherwise. */
function scalarText(value: PyValue | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof UnsafeText) return value.text;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value instanceof PyFloat) return String(value.value);
  return undefined;
}

/**
 * `runner_labels` as a list: a list of strings, or (read leniently for the fleet comparison) a
 * comma-separated string — which the rules refuse, since the role joins a list.
 */
function labelsOf(value: PyValue | undefined): string[] | undefined {
  const text = scalarText(value);
  if (text !== undefined)
    return text
      .split(",")
      .map((label) => label.trim())
      .filter((label) => label !== "");
  if (Array.isArray(value)) {
    const labels = value.map((item) => scalarText(item)?.trim());
    return labels.every((label): label is string => label !== undefined && label !== "") ? labels : undefined;
  }
  return undefined;
}

/** The runner hosts of `groups`, in Ansible's order, each once (a host in two runner groups lists both). */
export function runnerHostNames(inventory: Inventory, options: RunnerHostsOptions = {}): { host: string; groups: string[] }[] {
  const only = options.hosts === undefined ? undefined : new Set(options.hosts);
  const found = new Map<string, string[]>();
  for (const group of options.groups ?? RUNNER_INVENTORY_GROUPS) {
    if (inventory.group(group) === undefined) continue;
    for (const host of selectHostNames(inventory, group).hosts) {
      if (only !== undefined && !only.has(host)) continue;
      found.set(host, [...(found.get(host) ?? []), group]);
    }
  }
  return [...found].map(([host, groups]) => ({ host, groups }));
}

/** The runner each runner host declares. */
export function runnerHosts(inventory: Inventory, options: RunnerHostsOptions = {}): RunnerHost[] {
  return runnerHostNames(inventory, options).map(({ host, groups }) => {
    const vars = inventory.hostVars(host);
    const name = scalarText(vars?.get("runner_name"))?.trim();
    const group = scalarText(vars?.get("runner_group"))?.trim();
    const version = scalarText(vars?.get("runner_version"))?.trim();
    return {
      host,
      inventory_groups: groups,
      name: name === undefined || name === "" || name.includes("{{") ? host : name,
      scope: scalarText(vars?.get("runner_scope"))?.trim() === "repo" ? "repo" : "org",
      group: group === undefined || group === "" ? null : group,
      labels: labelsOf(vars?.get("runner_labels")) ?? [],
      version: version === undefined || version === "" ? null : version,
      location: hostLocation(inventory, host),
    };
  });
}

function finding(inventory: Inventory, host: string, message: string, variable?: string, hint?: string): Finding {
  return {
    id: RUNNER_HOST_CHECK,
    severity: "error",
    host,
    message,
    location: hostLocation(inventory, host, variable),
    ...(hint === undefined ? {} : { hint }),
  };
}

/** The variables one runner host must define (`a|b`: one of them), by its scope. */
function neededBy(runner: RunnerHost): string[] {
  return RUNNER_HOST_VARIABLES.map((variable) => (variable === "runner_group" && runner.scope === "repo" ? "runner_github_repo" : variable));
}

/** Why a defined value does not do for the role, if it does not. */
function badValue(variable: string, value: PyValue): string | undefined {
  if (variable === "runner_labels") {
    if (scalarText(value)?.trim() === "" || value === null) return "runner_labels is empty";
    if (scalarText(value) !== undefined) return "runner_labels is a string: the role joins a list (config.sh --labels), write [a, b]";
    const labels = labelsOf(value);
    if (labels === undefined) return "runner_labels is not a list of label names";
    return labels.length === 0 ? "runner_labels is empty" : undefined;
  }
  const text = scalarText(value)?.trim();
  if (value === null || text === "") return `${variable} is empty`;
  if (variable === "runner_tarball_checksum" && text !== undefined && !text.includes("{{") && !CHECKSUM.test(text))
    return "runner_tarball_checksum is not sha256:<64 lowercase hex digits> (the role checks the tarball against it)";
  if (variable === "runner_scope" && text !== "org" && text !== "repo") return `runner_scope is '${text ?? "?"}', not org or repo`;
  return undefined;
}

/**
 * The runner-host rules: every runner host defines what the role needs (non-empty, well-formed), and
 * no two hosts register under one runner name (the second would replace the first).
 */
export function checkRunnerHosts(inventory: Inventory, options: RunnerHostsOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const hosts = runnerHosts(inventory, options);
  for (const runner of hosts) {
    const vars = inventory.hostVars(runner.host);
    const needed = neededBy(runner);
    const hint = `the runner role needs ${needed.map((v) => v.replace("|", " or ")).join(", ")} on every host of ${runner.inventory_groups.join(", ")}: set them in group_vars/ or the host's vars (docs/inventory.md#runner-hosts)`;
    for (const variable of [...needed, "runner_scope"]) {
      const names = variable.split("|");
      const defined = names.find((name) => vars?.get(name) !== undefined);
      if (defined === undefined) {
        if (variable === "runner_scope") continue;
        findings.push(finding(inventory, runner.host, `runner host '${runner.host}' does not define ${names.join(" or ")}`, undefined, hint));
        continue;
      }
      const value = vars?.get(defined);
      const problem = value === undefined ? undefined : badValue(defined, value);
      if (problem !== undefined) findings.push(finding(inventory, runner.host, `runner host '${runner.host}': ${problem}`, defined, hint));
    }
  }
  const byName = new Map<string, RunnerHost[]>();
  for (const runner of hosts) byName.set(runner.name.toLowerCase(), [...(byName.get(runner.name.toLowerCase()) ?? []), runner]);
  for (const same of byName.values()) {
    const [first, ...others] = same;
    if (first === undefined) continue;
    for (const other of others) {
      findings.push(
        finding(
          inventory,
          other.host,
          `runner hosts '${first.host}' and '${other.host}' both register as runner '${other.name}': the second replaces the first on GitHub`,
          "runner_name",
          "give each runner host its own runner_name (default: the inventory host name)",
        ),
      );
    }
  }
  return findings;
}
