/**
 * `loadInventory(sources)`: reads inventories exactly as Ansible does and answers the questions
 * runwarden asks — which hosts, which groups, what a host's variables are (with precedence
 * applied) and where each came from. Pure apart from reading the files; no Ansible needed.
 */
import { InputError, type Problem, type SourceLocation } from "../model/errors.js";
import { InventoryData } from "./data.js";
import { HostVarsResolver, INTERNAL_VARS, varsBasedirs } from "./hostvars.js";
import { inventoryLimits } from "./limits.js";
import { LayeredDict } from "./pyjson-dicts.js";
import type { Group, Host } from "./model.js";
import { absoluteSource, shownPath } from "./paths.js";
import { parseSources } from "./sources.js";
import type { PyKey, PyValue } from "./value.js";
import { VarsFiles } from "./vars-files.js";

export interface LoadOptions {
  /** Where relative sources resolve and paths are shown from (default: process.cwd()). */
  readonly cwd?: string;
  /**
   * The playbook directory (Ansible's basedir): its `group_vars/` and `host_vars/` apply too, above
   * the inventory's. `ansible-inventory` uses the current directory; unset means none.
   */
  readonly playbookDir?: string;
  /** What the implicit localhost shows as `ansible_python_interpreter` (Ansible: its sys.executable). */
  readonly pythonInterpreter?: string;
}

/** A variable as written in one place: an inventory file or a group_vars/host_vars file. */
export interface VariableDefinition {
  readonly scope: "group" | "host";
  /** The group or host it is defined for. */
  readonly name: string;
  readonly key: PyKey;
  readonly value: PyValue;
  readonly origin: SourceLocation;
}

export class Inventory {
  readonly #resolver: HostVarsResolver;
  readonly #vars = new Map<Host, ReadonlyMap<PyKey, PyValue>>();
  readonly #origins = new Map<Host, ReadonlyMap<PyKey, SourceLocation>>();

  constructor(
    /** The sources, absolute, as Ansible sees them. */
    readonly sources: readonly string[],
    readonly data: InventoryData,
    readonly files: VarsFiles,
    readonly show: (path: string) => string,
    playbookDir: string | undefined,
    /** Ansible's warnings while reading (skipped keys, duplicate keys, …). */
    readonly ansibleWarnings: readonly Problem[],
  ) {
    this.#resolver = new HostVarsResolver(data, files, varsBasedirs(sources), playbookDir === undefined ? [] : [playbookDir]);
  }

  /** Every host, in the order Ansible first met them. */
  hostNames(): string[] {
    return [...this.data.hosts.keys()];
  }

  /** Every group, in the order Ansible first met them (`all` and `ungrouped` first). */
  groupNames(): string[] {
    return [...this.data.groups.keys()];
  }

  host(name: string): Host | undefined {
    return this.data.hosts.get(name);
  }

  group(name: string): Group | undefined {
    return this.data.groups.get(name);
  }

  /** The host's variables after precedence (`ansible-inventory --host`); undefined for an unknown host. */
  hostVars(name: string): ReadonlyMap<PyKey, PyValue> | undefined {
    const host = this.data.getHost(name);
    if (host === undefined) return undefined;
    let vars = this.#vars.get(host);
    if (vars === undefined) {
      vars = this.#resolver.resolve(host, false).vars;
      this.#vars.set(host, vars);
    }
    return vars;
  }

  /**
   * The host's variables for printing every host once: not kept, and as a LayeredDict so the
   * variables shared by a group's hosts are printed once and reused.
   */
  listedHostVars(name: string): LayeredDict | undefined {
    const host = this.data.getHost(name);
    if (host === undefined) return undefined;
    const { base, top, over } = this.#resolver.layered(host);
    if (base.shown === 0 && !showsAny(top) && !showsAny(over)) return undefined;
    return new LayeredDict(base.vars, top, INTERNAL_VARS, over);
  }

  /** Where each of the host's variables was set (the winning definition). */
  hostVarOrigins(name: string): ReadonlyMap<PyKey, SourceLocation> | undefined {
    const host = this.data.getHost(name);
    if (host === undefined) return undefined;
    let origins = this.#origins.get(host);
    if (origins === undefined) {
      origins = this.#resolver.resolve(host, true).origins;
      this.#origins.set(host, origins);
    }
    return origins;
  }

  /**
   * Every variable definition that applies: inventory group and host variables (each assignment,
   * also the ones later overridden) and the group_vars/host_vars files of the inventory's groups
   * and hosts.
   */
  *definitions(): Generator<VariableDefinition> {
    for (const group of this.data.groups.values()) {
      for (const { key, value, origin } of group.assignments) yield { scope: "group", name: group.name, key, value, origin };
    }
    for (const host of this.data.hosts.values()) {
      for (const { key, value, origin } of host.assignments) yield { scope: "host", name: host.name, key, value, origin };
    }
    for (const dir of [...this.#resolver.inventoryDirs, ...this.#resolver.playDirs]) {
      for (const [scope, subdir, names] of [
        ["group", "group_vars", this.data.groups.keys()],
        ["host", "host_vars", this.data.hosts.keys()],
      ] as const) {
        for (const name of names) {
          const files = this.files.vars(dir, subdir, name);
          if (files.vars.size === 0) continue;
          const origins = files.origins();
          for (const [key, value] of files.vars) yield { scope, name, key, value, origin: origins.get(key) ?? { file: subdir } };
        }
      }
    }
  }

  /** Vault-encrypted vars files met so far: runwarden never decrypts them, so their variables are unknown. */
  vaultedFiles(): string[] {
    return [...this.files.vaulted].map(this.show);
  }

  #vaultWarnings: Problem[] | undefined;

  /**
   * What every command that reads the inventory warns about: Ansible's own warnings, and each
   * vault-encrypted group_vars/host_vars file of the inventory (its variables are missing here;
   * Ansible without a vault password stops on it). Reads the headers of vars files not read yet.
   */
  get warnings(): readonly Problem[] {
    if (this.#vaultWarnings === undefined) {
      const files = new Set<string>();
      for (const dir of [...this.#resolver.inventoryDirs, ...this.#resolver.playDirs]) {
        for (const name of this.data.groups.keys())
          for (const path of this.files.paths(dir, "group_vars", name)) if (this.files.isVaulted(path)) files.add(path);
        for (const name of this.data.hosts.keys()) for (const path of this.files.paths(dir, "host_vars", name)) if (this.files.isVaulted(path)) files.add(path);
      }
      this.#vaultWarnings = [...files].map((path) => ({ location: { file: this.show(path), line: 1 }, message: vaultMessage(this.show(path)) }));
    }
    return [...this.ansibleWarnings, ...this.#vaultWarnings];
  }

  /** The vault-encrypted vars files that apply to these hosts (their groups' group_vars, their host_vars). */
  vaultedFilesFor(hosts: readonly string[]): string[] {
    const found = new Set<string>();
    const dirs = [...this.#resolver.inventoryDirs, ...this.#resolver.playDirs];
    const groups = new Set<string>(["all"]);
    for (const name of hosts) {
      const host = this.data.getHost(name);
      if (host === undefined) continue;
      for (const group of host.groups) groups.add(group.name);
      for (const dir of dirs) for (const path of this.files.paths(dir, "host_vars", name)) if (this.files.isVaulted(path)) found.add(path);
    }
    for (const name of groups)
      for (const dir of dirs) for (const path of this.files.paths(dir, "group_vars", name)) if (this.files.isVaulted(path)) found.add(path);
    return [...found].map(this.show);
  }
}

/** Why a vault-encrypted vars file matters before a deploy. */
export function vaultMessage(shown: string): string {
  return `${shown} is encrypted with Ansible Vault: runwarden never decrypts it, so its variables are missing here (Ansible without a vault password stops: "Attempting to decrypt but no vault secrets found")`;
}

/** Whether a host's own variables include one `--list` shows. */
function showsAny(vars: ReadonlyMap<PyKey, PyValue>): boolean {
  for (const key of vars.keys()) if (typeof key !== "string" || !INTERNAL_VARS.has(key)) return true;
  return false;
}

/** Reads `sources` (files, directories or `host1,host2,` lists) as Ansible would; throws InputError. */
export function loadInventory(sources: readonly string[], options: LoadOptions = {}): Inventory {
  const cwd = options.cwd ?? process.cwd();
  const show = (path: string): string => shownPath(path, cwd);
  const absolute = sources.filter((source) => source !== "").map((source) => absoluteSource(source, cwd));
  if (absolute.length === 0) {
    throw new InputError("RW_INVENTORY_MISSING", "no inventory source given", [], {
      hint: "pass -i PATH (a file, a directory or a comma-separated host list)",
    });
  }
  const limits = inventoryLimits();
  const data = new InventoryData(options.pythonInterpreter === undefined ? { limits } : { pythonInterpreter: options.pythonInterpreter, limits });
  const outcome = parseSources(data, absolute, show);
  if (outcome.problems.length > 0) {
    const failed = new Set(outcome.problems.map((problem) => problem.location.file));
    const what = failed.size === 1 ? `the inventory source ${[...failed][0] ?? ""}` : `${failed.size} inventory sources`;
    throw new InputError("RW_INVENTORY_INVALID", `could not read ${what}`, outcome.problems, {
      hint: "runwarden reads inventories as Ansible does; where Ansible only warns and skips a source it cannot parse, runwarden stops",
    });
  }
  const files = new VarsFiles(show);
  const playbookDir = options.playbookDir === undefined ? undefined : absoluteSource(options.playbookDir, cwd);
  const warnings = [...outcome.warnings, ...data.warnings.map((message): Problem => ({ location: { file: "(inventory)" }, message }))];
  return new Inventory(absolute, data, files, show, playbookDir, warnings);
}
