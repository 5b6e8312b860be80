/**
 * The Ansible inventory engine: reads inventories exactly as Ansible 2.14 does (INI, YAML, JSON,
 * directories, several sources, group_vars/host_vars, precedence, patterns) and checks them.
 * See docs/inventory.md.
 *
 * - `loadInventory(sources, options)` → `Inventory` (hosts, groups, `hostVars(host)` with
 *   precedence applied, where each variable came from); throws InputError (exit 2) when malformed.
 * - `selectHosts(inventory, pattern)` — `ansible PATTERN --list-hosts`.
 * - `listJson` / `hostJson` / `graph` — `ansible-inventory --list` / `--host` / `--graph`, byte for byte.
 * - `checkInventory(inventory, {pattern, require})` → findings (loopback targets, literal IPs,
 *   missing variables, conflicting duplicates, …).
 */
import type { Inventory } from "./inventory.js";
import { selectHostNames } from "./render.js";

export { loadInventory, Inventory, type LoadOptions, type VariableDefinition } from "./inventory.js";
export { listData, listJson, listJsonParts, hostData, hostJson, graph, listHostsText, selectHostNames } from "./render.js";
export {
  checkInventory,
  inspectPattern,
  INVENTORY_CHECKS,
  isLoopback,
  ipLiterals,
  isIpLiteral,
  type CheckOptions,
  type Finding,
  type InventoryCheck,
  type CheckInput,
} from "./checks/index.js";
export { pyJsonDumpParts, pyJsonDumps, type DumpOptions } from "./pyjson.js";
export { toPlain, textOf, PyFloat, VaultValue, UnsafeText, PyDate, type PyValue, type PyKey, type PyDict, type JsonValue } from "./value.js";
export { splitHostPattern } from "./patterns.js";
export type { Group, Host } from "./model.js";

/** The hosts `pattern` selects, in Ansible's order (`ansible PATTERN -i … --list-hosts`). */
export function selectHosts(inventory: Inventory, pattern: string): string[] {
  return selectHostNames(inventory, pattern).hosts;
}
