/**
 * A host's variables with Ansible's precedence (`VariableManager.get_vars` without a play), lowest
 * first — each layer replaces whole top-level keys (hash_behaviour = replace):
 *
 * 1. `all` group vars from inventory files
 * 2. other groups' inventory vars, sorted by (depth, ansible_group_priority, name)
 * 3. `group_vars/all` beside each inventory source, then beside the playbook dir
 * 4. `group_vars/GROUP` for the sorted groups: for each source, every group (source order wins
 *    over group order), then beside the playbook dir
 * 5. the host's own inventory vars
 * 6. `host_vars/HOST` beside each source, then beside the playbook dir
 *
 * Ansible's internal and magic variables (`inventory_file`, `group_names`, `groups`, …) are left
 * out, as `ansible-inventory` does — even when a user defines a variable of that name.
 */
import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { SourceLocation } from "../model/errors.js";
import type { InventoryData } from "./data.js";
import type { Group, Host } from "./model.js";
import { compareCodePoints } from "./python/text.js";
import type { PyKey, PyValue } from "./value.js";
import type { FileVars, VarsFiles } from "./vars-files.js";

export const INTERNAL_VARS: ReadonlySet<string> = new Set([
  "ansible_diff_mode",
  "ansible_config_file",
  "ansible_facts",
  "ansible_forks",
  "ansible_inventory_sources",
  "ansible_limit",
  "ansible_playbook_python",
  "ansible_run_tags",
  "ansible_skip_tags",
  "ansible_verbosity",
  "ansible_version",
  "inventory_dir",
  "inventory_file",
  "inventory_hostname",
  "inventory_hostname_short",
  "groups",
  "group_names",
  "omit",
  "playbook_dir",
]);

export interface ResolvedVars {
  readonly vars: ReadonlyMap<PyKey, PyValue>;
  readonly origins: ReadonlyMap<PyKey, SourceLocation>;
}

/** `sort_groups`: by depth, then priority, then name. */
export function sortGroups(groups: readonly Group[]): Group[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || compareCodePoints(a.name, b.name));
}

/** The directory whose group_vars/host_vars apply to each source (host lists have none). */
export function varsBasedirs(sources: readonly string[]): string[] {
  const dirs: string[] = [];
  for (const source of sources) {
    if (source === "") continue;
    const exists = existsSync(source);
    if (source.includes(",") && !exists) continue;
    dirs.push(exists && statSync(source).isDirectory() ? source : dirname(source));
  }
  return dirs;
}

const NO_ORIGINS: ReadonlyMap<PyKey, SourceLocation> = new Map();
const NO_FILE_VARS: ReadonlyMap<PyKey, PyValue> = new Map();

class Layers {
  readonly vars: Map<PyKey, PyValue>;
  readonly origins: Map<PyKey, SourceLocation>;

  constructor(
    readonly withOrigins: boolean,
    base?: ResolvedVars,
  ) {
    this.vars = new Map(base?.vars);
    this.origins = withOrigins ? new Map(base?.origins) : (NO_ORIGINS as Map<PyKey, SourceLocation>);
  }

  add(vars: ReadonlyMap<PyKey, PyValue>, origins: ReadonlyMap<PyKey, SourceLocation>, fallback: SourceLocation): void {
    for (const [key, value] of vars) {
      this.vars.set(key, value);
      if (this.withOrigins) this.origins.set(key, origins.get(key) ?? fallback);
    }
  }

  file(files: FileVars): void {
    if (files.vars.size === 0) return;
    if (!this.withOrigins) {
      for (const [key, value] of files.vars) this.vars.set(key, value);
      return;
    }
    this.add(files.vars, files.origins(), { file: "(vars file)" });
  }
}

/** The variables every host in one set of groups shares (layers 1–4). */
export interface GroupPart extends ResolvedVars {
  /** How many of `vars` are shown (not INTERNAL_VARS). */
  readonly shown: number;
}

/** A host's groups as they appear in `host.groups`, one Map level per group: hosts in the same
 * groups find their shared part with a few identity look-ups instead of sorting and joining names. */
interface GroupTrie {
  readonly next: Map<Group, GroupTrie>;
  part: GroupPart | undefined;
}

export class HostVarsResolver {
  readonly #groupLayers = new Map<string, GroupPart>();
  readonly #trie: GroupTrie = { next: new Map(), part: undefined };
  /** The inventory directories, then the playbook's: where host_vars apply from, in order. */
  readonly #hostDirs: readonly string[];

  constructor(
    readonly inventory: InventoryData,
    readonly files: VarsFiles,
    readonly inventoryDirs: readonly string[],
    readonly playDirs: readonly string[],
  ) {
    this.#hostDirs = [...inventoryDirs, ...playDirs];
  }

  /** The shared part of the host's variables (the host's groups, `all` left out, sorted). */
  #groupPartOf(host: Host): GroupPart {
    let node = this.#trie;
    for (const group of host.groups) {
      if (group.name === "all") continue;
      let next = node.next.get(group);
      if (next === undefined) {
        next = { next: new Map(), part: undefined };
        node.next.set(group, next);
      }
      node = next;
    }
    node.part ??= this.#groupPart(sortGroups(host.groups.filter((group) => group.name !== "all")));
    return node.part;
  }

  /** Layers 1–4: shared by every host in the same set of groups. */
  #groupPart(groups: readonly Group[]): GroupPart {
    const key = groups.map((group) => group.name).join("\0");
    const cached = this.#groupLayers.get(key);
    if (cached !== undefined) return cached;
    const layers = new Layers(true);
    const all = this.inventory.group("all");
    layers.add(all.vars, all.origins, { file: "(inventory)" });
    for (const group of groups) layers.add(group.vars, group.origins, { file: "(inventory)" });
    for (const dir of this.inventoryDirs) layers.file(this.files.vars(dir, "group_vars", "all"));
    for (const dir of this.playDirs) layers.file(this.files.vars(dir, "group_vars", "all"));
    for (const dirs of [this.inventoryDirs, this.playDirs]) {
      for (const dir of dirs) for (const group of groups) layers.file(this.files.vars(dir, "group_vars", group.name));
    }
    let shown = 0;
    for (const name of layers.vars.keys()) if (typeof name !== "string" || !INTERNAL_VARS.has(name)) shown++;
    const resolved = { vars: layers.vars, origins: layers.origins, shown };
    this.#groupLayers.set(key, resolved);
    return resolved;
  }

  /**
   * The host's variables in layers — the part shared with every host in the same groups, the
   * host's inventory variables, and its host_vars files' (read, not cached) — for printing `--list`.
   */
  layered(host: Host): { base: GroupPart; top: ReadonlyMap<PyKey, PyValue>; over: ReadonlyMap<PyKey, PyValue> } {
    const base = this.#groupPartOf(host);
    // The host_vars files' variables, used as they are (merged only when several directories have one).
    let over: ReadonlyMap<PyKey, PyValue> = NO_FILE_VARS;
    for (const dir of this.#hostDirs) {
      const file = this.files.vars(dir, "host_vars", host.name, false).vars;
      if (file.size === 0) continue;
      if (over.size === 0) over = file;
      else over = new Map([...over, ...file]);
    }
    return { base, top: host.vars, over };
  }

  /**
   * The host's variables; `withOrigins` also tracks where each came from; `keep: false` does not
   * cache the host's own host_vars files.
   */
  resolve(host: Host, withOrigins: boolean, keep = true): ResolvedVars {
    const layers = new Layers(withOrigins, this.#groupPartOf(host));
    layers.add(host.vars, host.origins, { file: "(inventory)" });
    for (const dirs of [this.inventoryDirs, this.playDirs]) {
      for (const dir of dirs) layers.file(this.files.vars(dir, "host_vars", host.name, keep));
    }
    for (const name of INTERNAL_VARS) {
      layers.vars.delete(name);
      if (withOrigins) layers.origins.delete(name);
    }
    return { vars: layers.vars, origins: withOrigins ? layers.origins : NO_ORIGINS };
  }
}
