/** Comparing runwarden's answers with Ansible's. */
import type { Inventory } from "../../../src/inventory/index.js";
import { pyJsonDumps } from "../../../src/inventory/pyjson.js";
import { pyJsonLoads } from "../../../src/inventory/pyjson-parse.js";
import { splitHostPattern, splitSubscript } from "../../../src/inventory/patterns.js";
import { fnmatchTranslate } from "../../../src/inventory/python/fnmatch.js";
import { pyRegex } from "../../../src/inventory/python/regex.js";

/** JSON as Python prints it (NaN, Infinity allowed) in one canonical form: sorted keys, same spacing. */
export function canonicalJson(text: string): string {
  return pyJsonDumps(pyJsonLoads(text.trim()));
}

/**
 * Whether Ansible's order of the hosts `pattern` selects is reproducible. Ansible walks a group's
 * descendants breadth-first through a Python set of Group objects (hashed by id), so below the
 * direct children the order changes from run to run: for such patterns only the set is compared.
 */
export function orderIsDeterministic(inventory: Inventory, pattern: string): boolean {
  for (const term of splitHostPattern(pattern)) {
    if (term.startsWith("!") || term.startsWith("&")) continue;
    const { expr } = splitSubscript(term);
    let regex: RegExp;
    try {
      regex = expr.startsWith("~") ? pyRegex(expr.slice(1)) : fnmatchTranslate(expr);
    } catch {
      return false;
    }
    for (const name of inventory.groupNames()) {
      if (!regex.test(name)) continue;
      const group = inventory.group(name);
      if (group?.childGroups.some((child) => child.childGroups.length > 0) === true) return false;
    }
  }
  return true;
}

/**
 * Compares `--list-hosts` answers: in order where Ansible's order is reproducible; otherwise as
 * sets — and for a subscript over such a pattern (`all[0]`, where Ansible itself picks a
 * different host from run to run), only the count.
 */
export function sameSelection(inventory: Inventory, pattern: string, got: readonly string[], expected: readonly string[]): { ok: boolean; why: string } {
  if (orderIsDeterministic(inventory, pattern)) return { ok: JSON.stringify(got) === JSON.stringify(expected), why: "same hosts in the same order" };
  const subscripted = splitHostPattern(pattern).some((term) => splitSubscript(term.replace(/^[&!]/, "")).subscript !== undefined);
  if (subscripted) return { ok: got.length === expected.length, why: "as many hosts (Ansible's order, hence its subscripts, vary between runs here)" };
  return { ok: JSON.stringify([...got].sort()) === JSON.stringify([...expected].sort()), why: "the same hosts (Ansible's order varies between runs here)" };
}

/** All host names in an `ansible-inventory --list` output. */
export function hostsOfList(listText: string): string[] {
  const data = JSON.parse(listText.replace(/\bNaN\b|-?\bInfinity\b/g, "null")) as Record<string, { hosts?: string[] } | { hostvars?: Record<string, unknown> }>;
  const hosts = new Set<string>();
  for (const [name, entry] of Object.entries(data)) {
    if (name === "_meta") continue;
    for (const host of (entry as { hosts?: string[] }).hosts ?? []) hosts.add(host);
  }
  return [...hosts];
}

export function groupsOfList(listText: string): string[] {
  const data = JSON.parse(listText.replace(/\bNaN\b|-?\bInfinity\b/g, "null")) as Record<string, { children?: string[] }>;
  const groups = new Set<string>();
  for (const [name, entry] of Object.entries(data)) {
    if (name === "_meta") continue;
    groups.add(name);
    for (const child of entry.children ?? []) groups.add(child);
  }
  return [...groups];
}
