/** The helpers every Ansible inventory plugin shares (`BaseInventoryPlugin`). */
import type { SourceLocation } from "../../model/errors.js";
import { AddressError, detectRange, expandHostnameRange, parseAddress } from "../address.js";
import type { InventoryData } from "../data.js";
import { LIMIT_ENV } from "../limits.js";
import type { PyKey, PyValue } from "../value.js";

/**
 * `_expand_hostpattern`: the names a host pattern stands for and the port it gives them; a range
 * standing for more than `maxRangeHosts` names is refused before anything is expanded.
 */
export function expandHostPattern(hostPattern: string, maxRangeHosts: number): { hostnames: string[]; port: number | undefined } {
  let pattern = hostPattern;
  let port: number | undefined;
  try {
    const parsed = parseAddress(hostPattern, true);
    pattern = parsed.host;
    port = parsed.port;
  } catch (err: unknown) {
    if (!(err instanceof AddressError)) throw err;
  }
  return { hostnames: detectRange(pattern) ? expandHostnameRange(pattern, maxRangeHosts, LIMIT_ENV.maxRangeHosts) : [pattern], port };
}

/** `_populate_host_vars`: adds each host to the group, then sets the variables on it. */
export function populateHostVars(
  inventory: InventoryData,
  hosts: readonly string[],
  variables: ReadonlyMap<PyKey, PyValue>,
  group: string | undefined,
  port: number | undefined,
  at: SourceLocation,
  varOrigin: (key: PyKey) => SourceLocation = () => at,
): void {
  for (const name of hosts) {
    const isNew = !inventory.hosts.has(name);
    inventory.addHost(name, group, port, at);
    const host = inventory.hosts.get(name);
    if (host === undefined) continue;
    // Ansible keeps the port of the first mention only; every mention is recorded for the checks.
    if (port !== undefined && port !== 0) host.notePort(port, at, isNew);
    // Through InventoryData, as Ansible does: a host named like a group sets the group's variable.
    for (const [key, value] of variables) inventory.setVariable(name, key, value, varOrigin(key));
  }
}
