/**
 * What `ansible-inventory` and `ansible --list-hosts` print: `--list` (groups with their direct
 * hosts and children, `_meta.hostvars` with every host's merged variables), `--host`, `--graph`
 * and the `hosts (N):` listing.
 */
import { InputError } from "../model/errors.js";
import type { ErrorCode } from "../model/error-codes.js";
import type { Inventory } from "./inventory.js";
import type { Group } from "./model.js";
import { PatternError, PatternMatcher, listHosts } from "./patterns.js";
import { displayText } from "./python/decode.js";
import { LazyDict } from "./pyjson-dicts.js";
import { pyJsonDumpParts, pyJsonDumps, type DumpOptions, type Dumpable } from "./pyjson.js";
import type { PyKey, PyValue } from "./value.js";

function patternProblem(code: ErrorCode, message: string, hint: string): InputError {
  return new InputError(code, message, [], { hint });
}

interface GroupEntry {
  hosts?: string[];
  children?: string[];
}

/** `ansible-inventory --list` as data (Python values; print with `pyJsonDumps`). */
export function listData(inventory: Inventory): Map<string, Dumpable> {
  const seen = new Set<string>();
  // Mirrors InventoryCLI.json_inventory: a group's own entry first, then its children's; empty
  // entries removed. (Only visible when Python cannot sort the keys and prints them in this order.)
  // One map for every group (Python merges each child's dict into its parent's: quadratic).
  const results = new Map<string, Dumpable>();
  const format = (group: Group): void => {
    const entry: GroupEntry = {};
    results.set(group.name, entry as Dumpable);
    if (group.name !== "all" && group.hosts.length > 0) entry.hosts = group.hosts.map((host) => host.name);
    if (group.childGroups.length > 0) entry.children = group.childGroups.map((child) => child.name);
    for (const child of group.childGroups) {
      if (seen.has(child.name)) continue;
      format(child);
      seen.add(child.name);
    }
    if (entry.hosts === undefined && entry.children === undefined) results.delete(group.name);
  };
  const all = inventory.group("all");
  if (all !== undefined) format(all);
  const result = results;
  // Each host's variables are computed while printing and dropped right after (see LazyDict).
  // `get_hosts("all")`: the hosts of the group all, unless a host is named "all".
  const everyHost = all === undefined || inventory.data.hosts.has("all") ? new PatternMatcher(inventory.data).getHosts("all") : all.getHosts();
  const names = everyHost.map((host) => host.name);
  const hostvars = new LazyDict(names, (name) => inventory.listedHostVars(name));
  result.set("_meta", new Map([["hostvars", hostvars]]));
  return result;
}

/**
 * The exact text of `ansible-inventory --list` (without the final newline). Bytes of the inventory
 * that were not UTF-8 print as `?`, as Ansible prints them (`display: false` keeps them escaped).
 */
export function listJson(inventory: Inventory, options: DumpOptions = {}): string {
  return pyJsonDumps(listData(inventory), { display: true, ...options });
}

/** {@link listJson} in pieces, in order (see pyJsonDumpParts): for printing a large inventory. */
export function listJsonParts(inventory: Inventory, options: DumpOptions = {}): readonly string[] {
  return pyJsonDumpParts(listData(inventory), { display: true, ...options });
}

/** `ansible-inventory --host H`: the pattern must select exactly one host. */
export function hostData(inventory: Inventory, pattern: string): ReadonlyMap<PyKey, PyValue> {
  let hosts: ReturnType<PatternMatcher["getHosts"]>;
  try {
    hosts = new PatternMatcher(inventory.data).getHosts(pattern);
  } catch (err: unknown) {
    if (err instanceof PatternError) throw patternProblem("RW_INVENTORY_PATTERN", err.message, "see docs/inventory.md for the host pattern syntax");
    throw err;
  }
  const only = hosts[0];
  if (hosts.length !== 1 || only === undefined) {
    throw patternProblem(
      "RW_INVENTORY_HOST",
      `You must pass a single valid host to --host parameter ('${pattern}' selects ${hosts.length} hosts)`,
      "give one host name, as listed by --list or --hosts all",
    );
  }
  return inventory.hostVars(only.name) ?? new Map();
}

export function hostJson(inventory: Inventory, pattern: string, options: DumpOptions = {}): string {
  return pyJsonDumps(hostData(inventory, pattern) as Map<PyKey, PyValue>, { display: true, ...options });
}

/** `ansible-inventory --graph [GROUP]`: GROUP must be a group name (not a pattern). */
export function graph(inventory: Inventory, groupName = "all"): string {
  const start = inventory.group(groupName);
  if (start === undefined) {
    throw patternProblem(
      "RW_INVENTORY_GROUP",
      `Pattern must be valid group name when using --graph (no group '${groupName}')`,
      "--graph takes a group name, not a host pattern",
    );
  }
  const lines: string[] = [];
  const name = (text: string, depth: number): string => (depth > 0 ? `${"  |".repeat(depth)}--${text}` : text);
  const walk = (group: Group, depth: number): void => {
    lines.push(name(`@${group.name}:`, depth));
    for (const child of group.childGroups) walk(child, depth + 1);
    if (group.name !== "all") for (const host of group.hosts) lines.push(name(host.name, depth + 1));
  };
  walk(start, 0);
  return displayText(lines.join("\n"));
}

/**
 * `ansible PATTERN --list-hosts`: the hosts and Ansible's warnings. A pattern Ansible cannot
 * resolve (a subscript out of range, `web[5]`; an invalid regex, `~(`) selects no host, as in
 * Ansible (which prints `hosts (0):`, warns "No hosts matched, nothing to do" and exits 0);
 * `error` then says why.
 */
export function selectHostNames(inventory: Inventory, pattern: string): { hosts: string[]; warnings: string[]; error?: string } {
  const warnings: string[] = [];
  try {
    return listHosts(inventory.data, pattern, warnings);
  } catch (err: unknown) {
    if (err instanceof PatternError) return { hosts: [], warnings, error: err.message };
    throw err;
  }
}

/** The `hosts (N):` listing of `--list-hosts` (names that were not UTF-8 shown with `?`, as Ansible does). */
export function listHostsText(hosts: readonly string[]): string {
  return displayText([`  hosts (${hosts.length}):`, ...hosts.map((host) => `    ${host}`)].join("\n"));
}
