/**
 * The inventory sanity checks, in the order they run. Each is one file with an id, a title and a
 * severity; docs/inventory.md documents every id (a test checks the list, the files and the docs
 * agree).
 */
import type { Inventory } from "../inventory.js";
import { PatternError, PatternMatcher } from "../patterns.js";
import { ansibleWarning } from "./ansible-warning.js";
import { conflictingDuplicate } from "./conflicting-duplicate.js";
import { literalIp } from "./literal-ip.js";
import { loopbackTarget } from "./loopback-target.js";
import { missingVariable } from "./missing-variable.js";
import { noHosts } from "./no-hosts.js";
import type { Finding, InventoryCheck } from "./types.js";
import { vaultedFile } from "./vaulted-file.js";

export type { CheckInput, Finding, InventoryCheck } from "./types.js";
export { isLoopback, ipLiterals, isIpLiteral } from "./addresses.js";

export const INVENTORY_CHECKS: readonly InventoryCheck[] = [
  noHosts,
  loopbackTarget,
  missingVariable,
  literalIp,
  conflictingDuplicate,
  vaultedFile,
  ansibleWarning,
];

export interface CheckOptions {
  /** The host pattern (default `all`). */
  readonly pattern?: string;
  /** Variables every selected host must define. */
  readonly require?: readonly string[];
  /** Run only these check ids (default: all). */
  readonly only?: readonly string[];
}

/**
 * The hosts `pattern` selects; a pattern Ansible cannot resolve (`web[5]` out of range, an invalid
 * regex) selects none, as for `ansible PATTERN --list-hosts`, and says why.
 */
function select(inventory: Inventory, pattern: string): { hosts: string[]; patternError?: string } {
  try {
    return { hosts: new PatternMatcher(inventory.data).getHosts(pattern).map((host) => host.name) };
  } catch (err: unknown) {
    if (err instanceof PatternError) return { hosts: [], patternError: err.message };
    throw err;
  }
}

/** Runs the sanity checks over the hosts `pattern` selects; findings are data, never thrown. */
export function checkInventory(inventory: Inventory, options: CheckOptions = {}): Finding[] {
  const pattern = options.pattern ?? "all";
  const input = { inventory, pattern, ...select(inventory, pattern), require: options.require ?? [] };
  return INVENTORY_CHECKS.filter((check) => options.only === undefined || options.only.includes(check.id)).flatMap((check) => check.run(input));
}

/**
 * What `src/checks/inventory.ts` (the preflight `inventory` check) asks of the engine: the hosts
 * a pattern selects, those on loopback and the required variables they lack.
 */
export function inspectPattern(
  inventory: Inventory,
  pattern: string,
  required: readonly string[],
): { hosts: string[]; loopback: string[]; missing: { host: string; variable: string }[] } {
  const { hosts } = select(inventory, pattern);
  const input = { inventory, pattern, hosts, require: required };
  const loopback = [...new Set(loopbackTarget.run(input).flatMap((finding) => (finding.host === undefined ? [] : [finding.host])))];
  const missing = hosts.flatMap((host) => {
    const vars = inventory.hostVars(host);
    return required.filter((variable) => vars?.has(variable) !== true).map((variable) => ({ host, variable }));
  });
  return { hosts, loopback, missing };
}
