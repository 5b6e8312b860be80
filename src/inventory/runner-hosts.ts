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

/** Variables the role needs on every runner host (`runner_group` only for organization runners). */
export const RUNNER_HOST_VARIABLES: readonly string[] = ["runner_group", "runner_labels", "ansible_host", "runner_version"];

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

/** `runner_labels` as a list: a YAML/INI list of strings, or a comma-separated string (config.sh --labels). */
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

/**
 * The runner-host rules: every runner host defines the role's variables (non-empty), its labels are a
 * list of names, and no two hosts register under one runner name (the second would replace the first).
 */
export function checkRunnerHosts(inventory: Inventory, options: RunnerHostsOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const hosts = runnerHosts(inventory, options);
  const where = (groups: readonly string[]) => groups.join(", ");
  for (const runner of hosts) {
    const vars = inventory.hostVars(runner.host);
    for (const variable of RUNNER_HOST_VARIABLES) {
      if (variable === "runner_group" && runner.scope === "repo") continue;
      const value = vars?.get(variable);
      const hint = `runner hosts (${where(runner.inventory_groups)}) need ${RUNNER_HOST_VARIABLES.join(", ")}: set ${variable} in group_vars/${runner.inventory_groups[0] ?? "runner_primary"}.yml or the host's vars (docs/inventory.md#runner-hosts)`;
      if (value === undefined) findings.push(finding(inventory, runner.host, `runner host '${runner.host}' does not define ${variable}`, undefined, hint));
      else if (variable === "runner_labels") {
        const labels = labelsOf(value);
        if (labels === undefined)
          findings.push(finding(inventory, runner.host, `runner host '${runner.host}': runner_labels is not a list of label names`, variable, hint));
        else if (labels.length === 0)
          findings.push(finding(inventory, runner.host, `runner host '${runner.host}' defines runner_labels but leaves it empty`, variable, hint));
      } else if (value === null || scalarText(value)?.trim() === "") {
        findings.push(finding(inventory, runner.host, `runner host '${runner.host}' defines ${variable} but leaves it empty`, variable, hint));
      }
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
