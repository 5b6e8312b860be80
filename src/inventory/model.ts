/**
 * Groups and hosts as Ansible's `inventory/group.py` and `inventory/host.py` keep them: ordered
 * children and hosts, depth (the longest path from a root, used for precedence), priority
 * (`ansible_group_priority`), ancestors copied into each host. Ported closely, because the order
 * of `children`/`hosts` in `--list` and of hosts in patterns comes from these structures.
 */
import type { SourceLocation } from "../model/errors.js";
import { pyStrip } from "./python/text.js";
import { PyFloat, type PyKey, type PyValue } from "./value.js";

/** Raised where Ansible raises AnsibleError while building the inventory. */
export class InventoryBuildError extends Error {}

export type Origins = Map<PyKey, SourceLocation>;

/** One `key = value` written somewhere in an inventory source (for the duplicate-conflict check). */
export interface Assignment {
  readonly key: PyKey;
  readonly value: PyValue;
  readonly origin: SourceLocation;
  /** A `host:port` of a host already known: Ansible ignores it (kept for the checks). */
  readonly ignored?: true;
}

/** Where each variable's winning value was written: the last assignment Ansible applied. */
function originsOf(assignments: readonly Assignment[]): Origins {
  const origins: Origins = new Map();
  for (const assignment of assignments) if (assignment.ignored !== true) origins.set(assignment.key, assignment.origin);
  return origins;
}

/** Breadth-first walk of `rel`, in insertion order (Python walks a set; see docs/inventory.md). */
function walk(start: Group, rel: "parentGroups" | "childGroups", includeSelf: boolean, ordered?: Group[]): Set<Group> {
  const seen = new Set<Group>();
  let unprocessed = new Set<Group>(start[rel]);
  if (includeSelf) unprocessed.add(start);
  if (ordered !== undefined) {
    if (includeSelf) ordered.push(start);
    ordered.push(...start[rel]);
  }
  while (unprocessed.size > 0) {
    for (const group of unprocessed) seen.add(group);
    // Python adds every item, then drops those seen: the same as skipping them (seen does not
    // change meanwhile) — without going over everything seen at each level (linear, not quadratic).
    const next = new Set<Group>();
    for (const group of unprocessed) {
      for (const item of group[rel]) {
        if (seen.has(item)) continue;
        next.add(item);
        if (ordered !== undefined) ordered.push(item);
      }
    }
    unprocessed = next;
  }
  return seen;
}

/**
 * Shared by the groups of one inventory: `version` is bumped whenever a parent/child edge is added
 * (ancestor caches), `hosts` whenever a group's hosts or edges change (host list caches).
 */
export interface Topology {
  version: number;
  hosts?: number;
}

/**
 * Whether `target` is above `from` (an ancestor): searched upward from `from` and downward from
 * `target` in turn, so the cost is that of the smaller side — adding the links of a 2,000-group
 * chain stays linear whichever order they come in.
 */
function isAncestor(target: Group, from: Group): boolean {
  const up: Group[] = [...from.parentGroups];
  const down: Group[] = [...target.childGroups];
  const seenUp = new Set<Group>(up);
  const seenDown = new Set<Group>(down);
  let u = 0;
  let d = 0;
  while (u < up.length && d < down.length) {
    const above = up[u++] as Group;
    if (above === target) return true;
    for (const parent of above.parentGroups) {
      if (seenUp.has(parent)) continue;
      seenUp.add(parent);
      up.push(parent);
    }
    const below = down[d++] as Group;
    if (below === from) return true;
    for (const child of below.childGroups) {
      if (seenDown.has(child)) continue;
      seenDown.add(child);
      down.push(child);
    }
  }
  // One side is exhausted: the answer is whether the other has met its target so far.
  while (u < up.length) if (up[u++] === target) return true;
  while (d < down.length) if (down[d++] === from) return true;
  return false;
}

export class Group {
  /** The longest path from a root (set by `assignDepths` once the inventory is read). */
  depth = 0;
  priority = 1;
  readonly hosts: Host[] = [];
  readonly hostNames = new Set<string>();
  readonly vars = new Map<PyKey, PyValue>();
  readonly childGroups: Group[] = [];
  readonly parentGroups: Group[] = [];
  readonly #children = new Set<Group>();
  readonly #parents = new Set<Group>();
  /** Where the group is declared or given vars, in order. */
  readonly declaredAt: SourceLocation[] = [];
  /** Every variable assignment, in order (the winners are in `vars`). */
  readonly assignments: Assignment[] = [];
  #hostsCache: { readonly version: number; readonly hosts: readonly Host[] } | undefined;
  #origins: Origins | undefined;
  #ancestors: { readonly version: number; readonly set: ReadonlySet<Group> } | undefined;

  constructor(
    readonly name: string,
    readonly topology: Topology = { version: 0 },
  ) {}

  /** Where each variable in `vars` was set. */
  get origins(): Origins {
    this.#origins ??= originsOf(this.assignments);
    return this.#origins;
  }

  /** Every group above this one (cached until the group graph changes). */
  getAncestors(): ReadonlySet<Group> {
    const cached = this.#ancestors;
    if (cached !== undefined && cached.version === this.topology.version) return cached.set;
    const set = walk(this, "parentGroups", false);
    this.#ancestors = { version: this.topology.version, set };
    return set;
  }

  getDescendants(includeSelf = false): Set<Group> {
    return walk(this, "childGroups", includeSelf);
  }

  /**
   * `add_child_group`, with Ansible's checks (itself, a loop). The hosts below learn their new
   * ancestors and the groups their depth once the inventory is read (`settle`), not at every
   * link: Ansible's way is quadratic in the length of a `:children` chain.
   */
  addChildGroup(group: Group): boolean {
    if (group === this) throw new InventoryBuildError("can't add group to itself");
    if (this.#children.has(group)) return false;
    if (isAncestor(group, this)) {
      throw new InventoryBuildError(`Adding group '${group.name}' as child to '${this.name}' creates a recursive dependency loop.`);
    }
    this.childGroups.push(group);
    this.#children.add(group);
    if (!group.#parents.has(this)) {
      group.parentGroups.push(this);
      group.#parents.add(this);
    }
    this.topology.version++;
    this.topology.hosts = (this.topology.hosts ?? 0) + 1;
    return true;
  }

  addHost(host: Host): boolean {
    if (this.hostNames.has(host.name)) return false;
    this.hosts.push(host);
    this.hostNames.add(host.name);
    host.addGroup(this);
    this.topology.hosts = (this.topology.hosts ?? 0) + 1;
    return true;
  }

  removeHost(host: Host): boolean {
    if (!this.hostNames.has(host.name)) return false;
    const index = this.hosts.findIndex((item) => item.name === host.name);
    if (index >= 0) this.hosts.splice(index, 1);
    this.hostNames.delete(host.name);
    host.removeGroup(this);
    this.topology.hosts = (this.topology.hosts ?? 0) + 1;
    return true;
  }

  /** Hosts of the group and its descendants, deduplicated; `all` leaves out implicit localhost. */
  getHosts(): readonly Host[] {
    const version = this.topology.hosts ?? 0;
    const cached = this.#hostsCache;
    if (cached !== undefined && cached.version === version) return cached.hosts;
    let hosts: Host[];
    if (this.childGroups.length === 0 && this.name !== "all") {
      // No children: the group's own hosts, which are distinct already.
      hosts = [...this.hosts];
    } else {
      const ordered: Group[] = [];
      walk(this, "childGroups", true, ordered);
      const seen = new Set<Host>();
      hosts = [];
      for (const group of ordered) {
        for (const host of group.hosts) {
          if (seen.has(host)) continue;
          seen.add(host);
          if (this.name === "all" && host.implicit) continue;
          hosts.push(host);
        }
      }
    }
    this.#hostsCache = { version, hosts };
    return hosts;
  }

  setVariable(key: PyKey, value: PyValue, origin: SourceLocation): void {
    if (key === "ansible_group_priority") {
      this.priority = pyIntOf(value);
      return;
    }
    this.vars.set(key, value);
    this.assignments.push({ key, value, origin });
    this.#origins = undefined;
  }
}

/**
 * What Ansible keeps up to date at every link, done once the links are all there (linear in the
 * groups, links and memberships): each group's depth — the longest path from a root, which is
 * what Ansible's repeated updates come to — and each host's ancestors.
 */
export function settle(groups: Iterable<Group>): void {
  const all = [...groups];
  const waiting = new Map<Group, number>();
  const ready: Group[] = [];
  for (const group of all) {
    group.depth = 0;
    waiting.set(group, group.parentGroups.length);
    if (group.parentGroups.length === 0) ready.push(group);
  }
  for (let i = 0; i < ready.length; i++) {
    const group = ready[i] as Group;
    for (const child of group.childGroups) {
      if (child.depth < group.depth + 1) child.depth = group.depth + 1;
      const left = (waiting.get(child) ?? 1) - 1;
      waiting.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  for (const group of all) {
    if (group.hosts.length === 0) continue;
    const ancestors = group.getAncestors();
    for (const host of group.hosts) host.populateAncestors(ancestors);
  }
}

/** Python's `int(value)` for the values a priority can hold. */
export function pyIntOf(value: PyValue): number {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") {
    const text = pyStrip(value).replace(/_/g, "");
    if (/^[+-]?[0-9]+$/.test(text) && !/__|^_|_$/.test(pyStrip(value))) return Number(text);
    throw new InventoryBuildError(`invalid literal for int() with base 10: '${value}'`);
  }
  if (value instanceof PyFloat) {
    if (!Number.isFinite(value.value)) throw new InventoryBuildError("cannot convert float infinity or NaN to integer");
    return Math.trunc(value.value);
  }
  throw new InventoryBuildError(`int() argument must be a string, a bytes-like object or a real number`);
}

const NONE: readonly never[] = [];

/** Appends to a list created on first use, sized for what it holds (most hosts have a few entries). */
function appended<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}

export class Host {
  readonly vars = new Map<PyKey, PyValue>();
  readonly groups: Group[] = [];
  /** Membership index, built once a host is in many groups (a short list is searched directly). */
  #groupSet: Set<Group> | undefined;
  implicit = false;
  /** One mention (most hosts), or several. */
  #declared: SourceLocation | SourceLocation[] | undefined;
  #assigned: Assignment[] | undefined;
  /**
   * Set while every assignment so far is one of `vars`, in order, all written at this location
   * (the usual host line): the assignment records are then made only when asked for.
   */
  #allAt: SourceLocation | undefined;
  #origins: Origins | undefined;
  /** The source (file or host list) that first named the host: Ansible's `inventory_file`. */
  source: string | undefined;

  constructor(
    readonly name: string,
    port?: number,
  ) {
    if (port !== undefined && port !== 0) this.vars.set("ansible_port", port);
  }

  /** Where the host is listed, in order (one entry per mention). */
  get declaredAt(): readonly SourceLocation[] {
    const declared = this.#declared;
    if (declared === undefined) return NONE;
    if (Array.isArray(declared)) return declared;
    const list = [declared];
    this.#declared = list;
    return list;
  }

  /** Records a mention of the host. */
  declare(at: SourceLocation): void {
    const declared = this.#declared;
    if (declared === undefined) this.#declared = at;
    else if (Array.isArray(declared)) declared.push(at);
    else this.#declared = [declared, at];
  }

  /** Every variable assignment, in order (the winners are in `vars`). */
  get assignments(): readonly Assignment[] {
    return this.#records() ?? NONE;
  }

  /** The assignment records, made now if they were kept implicit. */
  #records(): Assignment[] | undefined {
    const at = this.#allAt;
    if (at !== undefined) {
      this.#allAt = undefined;
      const made: Assignment[] = [];
      for (const [key, value] of this.vars) made.push({ key, value, origin: at });
      this.#assigned = made;
    }
    return this.#assigned;
  }

  /** Where each variable in `vars` was set. */
  get origins(): Origins {
    this.#origins ??= originsOf(this.assignments);
    return this.#origins;
  }

  /** Records a `host:port` mention; only the one that created the host counts in Ansible. */
  notePort(port: number, origin: SourceLocation, applied: boolean): void {
    this.#assigned = appended(
      this.#records(),
      applied ? { key: "ansible_port", value: port, origin } : { key: "ansible_port", value: port, origin, ignored: true },
    );
    this.#origins = undefined;
  }

  hasGroup(group: Group): boolean {
    return this.#groupSet === undefined ? this.groups.includes(group) : this.#groupSet.has(group);
  }

  #push(group: Group): void {
    this.groups.push(group);
    if (this.#groupSet !== undefined) this.#groupSet.add(group);
    else if (this.groups.length > 16) this.#groupSet = new Set(this.groups);
  }

  populateAncestors(additions: Iterable<Group>): void {
    for (const group of additions) if (!this.hasGroup(group)) this.#push(group);
  }

  addGroup(group: Group): boolean {
    for (const ancestor of group.getAncestors()) if (!this.hasGroup(ancestor)) this.#push(ancestor);
    if (this.hasGroup(group)) return false;
    this.#push(group);
    return true;
  }

  removeGroup(group: Group): boolean {
    if (!this.hasGroup(group)) return false;
    this.groups.splice(this.groups.indexOf(group), 1);
    this.#groupSet?.delete(group);
    for (const ancestor of group.getAncestors()) {
      if (ancestor.name === "all") continue;
      if (!this.groups.some((other) => other.getAncestors().has(ancestor))) this.removeGroup(ancestor);
    }
    return true;
  }

  setVariable(key: PyKey, value: PyValue, origin: SourceLocation): void {
    const records = this.#records();
    this.vars.set(key, value);
    this.#assigned = appended(records, { key, value, origin });
    this.#origins = undefined;
  }

  /** `setVariable` for each key in turn (distinct keys, all written at `origin`). */
  setVariables(keys: readonly string[], values: readonly PyValue[], origin: SourceLocation): void {
    if (keys.length === 0) return;
    if (this.#assigned === undefined && this.#allAt === undefined && this.vars.size === 0) {
      // The first variables of a host: the records are these entries of `vars`, made if asked for.
      for (let i = 0; i < keys.length; i++) this.vars.set(keys[i] as string, values[i] as PyValue);
      this.#allAt = origin;
      this.#origins = undefined;
      return;
    }
    for (let i = 0; i < keys.length; i++) this.setVariable(keys[i] as string, values[i] as PyValue, origin);
  }
}
