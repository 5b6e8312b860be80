/**
 * Ansible's `InventoryData`: the groups and hosts all sources add to, the implicit `all` and
 * `ungrouped` groups, the implicit localhost, and `reconcile_inventory` (every group under `all`,
 * hosts without a group in `ungrouped`).
 */
import type { SourceLocation } from "../model/errors.js";
import { DEFAULT_LIMITS, LIMIT_ENV, type InventoryLimits } from "./limits.js";
import { Group, Host, InventoryBuildError, settle, type Topology } from "./model.js";
import { pyTypeName, type PyKey, type PyValue } from "./value.js";

/** Names Ansible treats as the control node (`C.LOCALHOST`). */
export const LOCALHOST_NAMES: readonly string[] = ["127.0.0.1", "localhost", "::1"];

export interface InventoryDataOptions {
  /** `sys.executable` of the Ansible being imitated; shown for the implicit localhost. */
  readonly pythonInterpreter?: string;
  /** Budgets (docs/inventory.md#limits); the defaults when not given. */
  readonly limits?: InventoryLimits;
}

export class InventoryData {
  readonly groups = new Map<string, Group>();
  readonly #topology: Topology = { version: 0 };
  readonly hosts = new Map<string, Host>();
  localhost: Host | undefined;
  currentSource: string | undefined;
  /** Hosts named in more than one `C.LOCALHOST` spelling (Ansible warns). */
  readonly warnings: string[] = [];
  readonly limits: InventoryLimits;

  constructor(readonly options: InventoryDataOptions = {}) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.addGroup("all");
    this.addGroup("ungrouped");
    this.addChild("all", "ungrouped");
  }

  group(name: string): Group {
    const group = this.groups.get(name);
    if (group === undefined) throw new InventoryBuildError(`${name} is not a known group`);
    return group;
  }

  /** `add_group`: returns the name used. Non-string or empty names fail as in Ansible. */
  addGroup(name: PyValue | PyKey, at?: SourceLocation): string {
    if (name === null || name === false || name === "" || name === 0) {
      throw new InventoryBuildError(`Invalid empty/false group name provided: ${String(name)}`);
    }
    if (typeof name !== "string") {
      throw new InventoryBuildError(`Invalid group name supplied, expected a string but got <class '${pyTypeName(name as PyValue)}'> for ${String(name)}`);
    }
    let group = this.groups.get(name);
    if (group === undefined) {
      group = new Group(name, this.#topology);
      this.groups.set(name, group);
    }
    if (at !== undefined) group.declaredAt.push(at);
    return name;
  }

  addHost(name: PyValue, groupName: string | undefined, port: number | undefined, at?: SourceLocation): string {
    if (name === null || name === "" || name === false || name === 0) throw new InventoryBuildError(`Invalid empty host name provided: ${String(name)}`);
    if (typeof name !== "string") {
      throw new InventoryBuildError(`Invalid host name supplied, expected a string but got <class '${pyTypeName(name)}'> for ${String(name)}`);
    }
    let group: Group | undefined;
    if (groupName !== undefined && groupName !== "") {
      group = this.groups.get(groupName);
      if (group === undefined) throw new InventoryBuildError(`Could not find group ${groupName} in inventory`);
    }
    let host = this.hosts.get(name);
    if (host === undefined) {
      if (this.hosts.size >= this.limits.maxHosts) {
        throw new InventoryBuildError(`the inventory holds more than ${this.limits.maxHosts} hosts (raise the limit with ${LIMIT_ENV.maxHosts})`);
      }
      host = new Host(name, port);
      host.source = this.currentSource;
      this.hosts.set(name, host);
      if (LOCALHOST_NAMES.includes(name)) {
        if (this.localhost === undefined) this.localhost = host;
        else this.warnings.push(`A duplicate localhost-like entry was found (${name}). First found localhost was ${this.localhost.name}`);
      }
    }
    if (at !== undefined) host.declare(at);
    group?.addHost(host);
    return name;
  }

  setVariable(entity: string, key: PyKey, value: PyValue, origin: SourceLocation): void {
    const group = this.groups.get(entity);
    if (group !== undefined) {
      group.setVariable(key, value, origin);
      return;
    }
    const host = this.hosts.get(entity);
    if (host === undefined) throw new InventoryBuildError(`Could not identify group or host named ${entity}`);
    host.setVariable(key, value, origin);
  }

  addChild(groupName: string, child: string): boolean {
    const group = this.groups.get(groupName);
    if (group === undefined) throw new InventoryBuildError(`${groupName} is not a known group`);
    const childGroup = this.groups.get(child);
    if (childGroup !== undefined) return group.addChildGroup(childGroup);
    const host = this.hosts.get(child);
    if (host !== undefined) return group.addHost(host);
    throw new InventoryBuildError(`${child} is not a known host nor group`);
  }

  reconcile(): void {
    this.currentSource = undefined;
    const all = this.group("all");
    const ungrouped = this.group("ungrouped");
    for (const group of this.groups.values()) {
      if (group.name !== "all" && group.parentGroups.length === 0) this.addChild("all", group.name);
    }
    settle(this.groups.values());
    for (const host of this.hosts.values()) {
      const mine = host.groups;
      if (host.hasGroup(ungrouped)) {
        if (mine.some((group) => group !== all && group !== ungrouped)) ungrouped.removeHost(host);
      } else if (!host.implicit) {
        if (mine.length === 0 || (mine.length === 1 && host.hasGroup(all))) this.addChild("ungrouped", host.name);
      }
      if (host.implicit) {
        // (the implicit localhost is never in `hosts`; kept for fidelity with reconcile_inventory)
        const merged = new Map(all.vars);
        for (const [key, value] of host.vars) merged.set(key, value);
        host.vars.clear();
        for (const [key, value] of merged) host.vars.set(key, value);
      }
    }
  }

  /** `get_host`: the host, or the implicit localhost for a `C.LOCALHOST` name. */
  getHost(name: string): Host | undefined {
    const host = this.hosts.get(name);
    if (host !== undefined || !LOCALHOST_NAMES.includes(name)) return host;
    if (this.localhost !== undefined) return this.localhost;
    const implicit = new Host(name);
    implicit.implicit = true;
    const origin: SourceLocation = { file: "(implicit localhost)" };
    implicit.setVariable("ansible_python_interpreter", this.options.pythonInterpreter ?? "/usr/bin/python3", origin);
    implicit.setVariable("ansible_connection", "local", origin);
    this.localhost = implicit;
    return implicit;
  }
}
