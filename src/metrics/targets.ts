/**
 * Prometheus file-based service discovery from the Ansible inventory: the runner hosts and each
 * environment's deploy targets, with addresses and ports taken from inventory variables only, so a
 * scrape config never holds a literal address. Pure: inventory and config in, targets or problems out.
 *
 * Per host: the address is `monitoring_host`, else `ansible_host`, else the inventory name (as
 * Ansible connects); the port is `monitoring_port`, else 9100 (node_exporter's registered port).
 */
import type { Inventory } from "../inventory/inventory.js";
import { selectHosts } from "../inventory/index.js";
import { textOf, type PyValue } from "../inventory/value.js";

export const ADDRESS_VARS = ["monitoring_host", "ansible_host"] as const;
export const PORT_VAR = "monitoring_port";
/** node_exporter's port in Prometheus' default port allocations. */
export const DEFAULT_EXPORTER_PORT = 9100;
/** The inventory pattern naming the self-hosted runner hosts, unless `--runners` says otherwise. */
export const DEFAULT_RUNNER_PATTERN = "runners";

export interface FileSdGroup {
  readonly targets: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface TargetProblem {
  readonly host: string;
  readonly message: string;
}

export interface TargetsInput {
  readonly inventory: Inventory;
  readonly runnerPattern: string;
  /** Environment name → its `hosts:` pattern. */
  readonly environments: ReadonlyMap<string, string>;
}

export interface TargetsResult {
  readonly groups: readonly FileSdGroup[];
  readonly problems: readonly TargetProblem[];
}

function scalarText(value: PyValue | undefined): string | undefined {
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return textOf(value);
}

/** `host:port` of one inventory host, or why it has none. */
export function targetOf(inventory: Inventory, host: string): { target: string } | { problem: string } {
  const vars = inventory.hostVars(host);
  const named = ADDRESS_VARS.map((name) => [name, scalarText(vars?.get(name))] as const).find(([, value]) => value !== undefined);
  const address = named?.[1] ?? host;
  if (address.includes("{{")) return { problem: `${named?.[0] ?? "the host name"} is a template (${address}): give monitoring_host a plain name` };
  const portText = scalarText(vars?.get(PORT_VAR)) ?? String(DEFAULT_EXPORTER_PORT);
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535) return { problem: `${PORT_VAR} is not a port number 1–65535: ${portText}` };
  return { target: `${address.includes(":") ? `[${address}]` : address}:${port}` };
}

export function monitoringTargets(input: TargetsInput): TargetsResult {
  const groups: FileSdGroup[] = [];
  const problems: TargetProblem[] = [];
  const add = (hosts: readonly string[], labels: Record<string, string>) => {
    for (const host of hosts) {
      const found = targetOf(input.inventory, host);
      if ("problem" in found) problems.push({ host, message: found.problem });
      else groups.push({ targets: [found.target], labels: { ...labels, inventory_host: host } });
    }
  };
  add(selectHosts(input.inventory, input.runnerPattern), { runwarden_role: "runner" });
  for (const [environment, pattern] of input.environments) add(selectHosts(input.inventory, pattern), { runwarden_role: "target", environment });
  return { groups, problems };
}
