/**
 * Ansible host patterns (`InventoryManager.get_hosts` / `list_hosts`): `all`, `*`, names, globs,
 * `~regex`, unions (`a:b`, `a,b`), intersections (`a:&b`), exclusions (`a:!b`), subscripts
 * (`g[0]`, `g[1:3]`, `g[-1]`). A pattern matching group names selects their hosts; a glob or
 * regex also matches host names. An unknown `localhost`/`127.0.0.1`/`::1` selects the implicit
 * localhost.
 */
import { parseAddress } from "./address.js";
import { LOCALHOST_NAMES, type InventoryData } from "./data.js";
import type { Host } from "./model.js";
import { fnmatchTranslate } from "./python/fnmatch.js";
import { pyRegex } from "./python/regex.js";
import { PY_SPACE, pyStrip } from "./python/text.js";

export class PatternError extends Error {}

const COLON_PARTS = new RegExp(`(?:[^${PY_SPACE}:[\\]]|\\[[^\\]]*\\])+`, "g");

/** `split_host_pattern`: commas first; else colons, except inside [...] and in IPv6 addresses. */
export function splitHostPattern(pattern: string): string[] {
  let parts: string[];
  if (pattern.includes(",")) {
    parts = pattern.split(",");
  } else {
    try {
      parseAddress(pattern, true);
      parts = [pattern];
    } catch {
      parts = pattern.match(COLON_PARTS) ?? [];
    }
  }
  return parts.map(pyStrip).filter((part) => part !== "");
}

/** `order_patterns`: plain patterns, then `&` intersections, then `!` exclusions. */
export function orderPatterns(patterns: readonly string[]): string[] {
  const regular = patterns.filter((p) => p !== "" && p[0] !== "!" && p[0] !== "&");
  const intersections = patterns.filter((p) => p[0] === "&");
  const exclusions = patterns.filter((p) => p[0] === "!");
  return [...(regular.length === 0 ? ["all"] : regular), ...intersections, ...exclusions];
}

const SUBSCRIPT = /^([^\n]+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/;

type Subscript = readonly [number, number | undefined];

export function splitSubscript(pattern: string): { expr: string; subscript: Subscript | undefined; dashWarning: boolean } {
  if (pattern[0] === "~") return { expr: pattern, subscript: undefined, dashWarning: false };
  const m = SUBSCRIPT.exec(pattern);
  if (m === null) return { expr: pattern, subscript: undefined, dashWarning: false };
  if (m[2] !== undefined) return { expr: m[1] as string, subscript: [Number(m[2]), undefined], dashWarning: false };
  const end = m[5] === "" ? -1 : Number(m[5]);
  return { expr: m[1] as string, subscript: [Number(m[3]), end], dashWarning: m[4] === "-" };
}

/** `_apply_subscript`, with Python's slicing and its quirk that `[x:0]` means `[x]`. */
function applySubscript(hosts: readonly Host[], subscript: Subscript | undefined, pattern: string): readonly Host[] {
  if (hosts.length === 0 || subscript === undefined) return hosts;
  const [start, givenEnd] = subscript;
  if (givenEnd !== undefined && givenEnd !== 0) {
    const end = givenEnd === -1 ? hosts.length - 1 : givenEnd;
    return hosts.slice(start, end + 1);
  }
  const index = start < 0 ? hosts.length + start : start;
  const host = hosts[index];
  if (host === undefined || index < 0) throw new PatternError(`No hosts matched the subscripted pattern '${pattern}'`);
  return [host];
}

export interface PatternResult {
  readonly hosts: readonly Host[];
  /** Ansible's warnings: patterns that matched nothing, `[x-y]` subscripts. */
  readonly warnings: readonly string[];
}

export class PatternMatcher {
  readonly #cache = new Map<string, readonly Host[]>();

  constructor(
    readonly inventory: InventoryData,
    readonly warnings: string[] = [],
  ) {}

  #matchList(items: Iterable<string>, pattern: string): string[] {
    let regex: RegExp;
    try {
      regex = pattern[0] === "~" ? pyRegex(pattern.slice(1)) : fnmatchTranslate(pattern);
    } catch {
      throw new PatternError(`Invalid host list pattern: ${pattern}`);
    }
    const out: string[] = [];
    for (const item of items) if (regex.test(item)) out.push(item);
    return out;
  }

  #enumerate(pattern: string): Host[] {
    const data = this.inventory;
    const results: Host[] = [];
    const groups = this.#matchList(data.groups.keys(), pattern);
    for (const name of groups) results.push(...data.group(name).getHosts());
    if (groups.length === 0 || pattern[0] === "~" || /[.?*[]/.test(pattern)) {
      for (const name of this.#matchList(data.hosts.keys(), pattern)) results.push(data.hosts.get(name) as Host);
    }
    if (results.length === 0 && LOCALHOST_NAMES.includes(pattern)) {
      const implicit = data.getHost(pattern);
      if (implicit !== undefined) results.push(implicit);
    }
    if (results.length === 0 && groups.length === 0 && pattern !== "all") {
      this.warnings.push(`Could not match supplied host pattern, ignoring: ${pattern}`);
    }
    return results;
  }

  #matchOne(raw: string): readonly Host[] {
    const pattern = raw[0] === "&" || raw[0] === "!" ? raw.slice(1) : raw;
    const cached = this.#cache.get(pattern);
    if (cached !== undefined) return cached;
    const { expr, subscript, dashWarning } = splitSubscript(pattern);
    if (dashWarning) this.warnings.push("Use [x:y] inclusive subscripts instead of [x-y] which has been removed");
    const hosts = applySubscript(this.#enumerate(expr), subscript, pattern);
    this.#cache.set(pattern, hosts);
    return hosts;
  }

  /** `get_hosts(pattern)`: the selected hosts, in Ansible's order, without duplicates. */
  getHosts(pattern: string): Host[] {
    let hosts: Host[] = [];
    for (const p of orderPatterns(splitHostPattern(pattern))) {
      const exact = this.inventory.hosts.get(p);
      if (exact !== undefined) {
        hosts.push(exact);
        continue;
      }
      const that = this.#matchOne(p);
      if (p[0] === "!") {
        const drop = new Set(that);
        hosts = hosts.filter((host) => !drop.has(host));
      } else if (p[0] === "&") {
        const keep = new Set(that);
        hosts = hosts.filter((host) => keep.has(host));
      } else {
        const existing = new Set(hosts.map((host) => host.name));
        for (const host of that) if (!existing.has(host.name)) hosts.push(host);
      }
    }
    return [...new Set(hosts)];
  }
}

/**
 * `list_hosts(pattern)`: host names; an unmatched localhost name still lists itself. Warnings are
 * added to `warnings` as they arise (they stand even when the pattern then fails).
 */
export function listHosts(inventory: InventoryData, pattern: string, warnings: string[] = []): { hosts: string[]; warnings: string[] } {
  const matcher = new PatternMatcher(inventory, warnings);
  const hosts = matcher.getHosts(pattern).map((host) => host.name);
  if (hosts.length === 0 && LOCALHOST_NAMES.includes(pattern)) hosts.push(pattern);
  return { hosts, warnings: matcher.warnings };
}
