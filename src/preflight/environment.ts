/**
 * One environment of runwarden.yml, ready for checks and gates: its hosts from the real inventory
 * (with their variables, as Ansible resolves them), the template variables every check sees, and
 * the `CheckBuildContext` the probe library takes. `runwarden preflight` and `runwarden gate` (and
 * bench/preflight.ts) build their checks through here.
 *
 * Template variables:
 * - `each_host` templates see the host's own variables (`ansible_host`, `inventory_hostname`, …);
 * - every other template sees the variables that **every** selected host has with the same value
 *   (in practice `group_vars/all` and the environment group's vars), plus `sha`, `environment` and
 *   `inventory` (the first inventory path). A variable the hosts disagree on is not among them;
 * - `monitoring.prometheus_url` is rendered per host and must agree (checks/prometheus.ts).
 */
import { InputError } from "../model/errors.js";
import type { CheckBuildContext, GithubContext } from "../checks/context.js";
import type { HostEntry } from "../checks/types.js";
import type { EnvironmentConfig } from "../config/schema.js";
import { environmentOf } from "../config/environments.js";
import { resolvePath, type LoadedConfig } from "../config/load.js";
import type { TemplateVars } from "../config/template.js";
import {
  inspectPattern,
  loadInventory,
  PyDate,
  PyFloat,
  selectHostNames,
  UnsafeText,
  VaultValue,
  type Inventory,
  type PyKey,
  type PyValue,
} from "../inventory/index.js";
import type { Problem } from "../model/errors.js";

export interface EnvironmentSetup {
  readonly name: string;
  readonly environment: EnvironmentConfig;
  readonly loaded: LoadedConfig;
  readonly inventory: Inventory;
  /** The hosts the environment's pattern selects, in Ansible's order, with their variables. */
  readonly hosts: readonly HostEntry[];
  /** Variables of templates outside `each_host` (see the module comment). */
  readonly vars: TemplateVars;
  /** Inventory warnings and pattern warnings, for the caller to show. */
  readonly warnings: readonly string[];
}

export interface EnvironmentOptions {
  /** The deployed commit (`--sha`, else `$GITHUB_SHA`): `{{ sha }}` in templates. */
  readonly sha?: string;
}

/** A variable name as text (inventory keys are almost always strings). */
function keyText(key: PyKey): string {
  if (typeof key === "string") return key;
  if (key instanceof PyFloat) return String(key.value);
  if (typeof key === "boolean") return key ? "True" : "False";
  return key === null ? "None" : String(key);
}

/** A variable's value as templates see it; `undefined` for vault values (never decrypted, so unknown). */
export function templateValue(value: PyValue): unknown {
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof PyFloat) return value.value;
  if (value instanceof VaultValue) return undefined;
  if (value instanceof UnsafeText) return value.text;
  if (value instanceof PyDate) return value.iso;
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) {
      const converted = templateValue(item);
      if (converted !== undefined) Object.defineProperty(out, keyText(key), { value: converted, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value.flatMap((item) => {
    const converted = templateValue(item);
    return converted === undefined ? [] : [converted];
  });
}

function hostEntry(inventory: Inventory, name: string): HostEntry {
  const vars: Record<string, unknown> = {};
  for (const [key, value] of inventory.hostVars(name) ?? new Map<never, never>()) {
    const converted = templateValue(value);
    if (converted !== undefined) Object.defineProperty(vars, keyText(key), { value: converted, enumerable: true, writable: true, configurable: true });
  }
  return { name, vars };
}

/** The variables every host has with the same value. */
export function sharedVars(hosts: readonly HostEntry[]): Record<string, unknown> {
  const [first, ...rest] = hosts;
  if (first === undefined) return {};
  const shared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(first.vars)) {
    const text = JSON.stringify(value);
    if (rest.every((host) => Object.hasOwn(host.vars, key) && JSON.stringify(host.vars[key]) === text)) {
      Object.defineProperty(shared, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return shared;
}

/** Loads the inventory of runwarden.yml (paths relative to its folder) and selects the environment's hosts. */
export function loadEnvironment(loaded: LoadedConfig, name: string, options: EnvironmentOptions = {}): EnvironmentSetup {
  const environment = environmentOf(loaded, name);
  const sources = loaded.config.inventory.map((path) => resolvePath(loaded, path));
  // The config's folder plays the playbook directory: its group_vars/ and host_vars/ apply too.
  const inventory = loadInventory(sources, { cwd: loaded.dir, playbookDir: loaded.dir });
  const selected = selectHostNames(inventory, environment.hosts);
  // Fail closed: a pattern that selects nothing would let checks and gates pass over no host, and a
  // deploy "succeed" while production never changed.
  if (selected.error !== undefined || selected.hosts.length === 0) {
    throw new InputError(
      "RW_INVENTORY_PATTERN",
      `environments.${name}.hosts '${environment.hosts}' selects no host of the inventory${selected.error === undefined ? "" : `: ${selected.error}`}`,
      [{ location: { file: loaded.file }, path: `environments.${name}.hosts`, message: "selects no host" }],
      { hint: "check the pattern against the inventory: runwarden inventory --hosts 'PATTERN' (docs/inventory.md lists the syntax)" },
    );
  }
  const hosts = selected.hosts.map((host) => hostEntry(inventory, host));
  const warnings = [
    ...inventory.warnings.map(
      (problem: Problem) => `${problem.location.file}${problem.location.line === undefined ? "" : `:${problem.location.line}`}: ${problem.message}`,
    ),
    ...selected.warnings,
  ];
  const vars: TemplateVars = {
    ...sharedVars(hosts),
    environment: name,
    inventory: sources[0] ?? "",
    ...(options.sha === undefined || options.sha === "" ? {} : { sha: options.sha }),
  };
  return { name, environment, loaded, inventory, hosts, vars, warnings };
}

export interface ContextOptions {
  /** The process environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly github?: GithubContext;
  /** Time limit of checks without a `timeout` of their own (default 10 s). */
  readonly checkMs?: number;
}

/** The probe library's build context for this environment. */
export function checkContext(setup: EnvironmentSetup, options: ContextOptions): CheckBuildContext {
  const { loaded, environment, inventory } = setup;
  const prometheusUrl = loaded.config.monitoring.prometheus_url;
  return {
    env: options.env,
    vars: setup.vars,
    hosts: setup.hosts,
    baseDir: loaded.dir,
    ...(prometheusUrl === undefined ? {} : { prometheusUrl }),
    secretNames: [...new Set([...(environment.deploy?.secrets ?? []), ...loaded.config.mask.secrets])],
    inventory: { pattern: environment.hosts, inspect: (pattern, required) => inspectPattern(inventory, pattern, required) },
    ...(options.checkMs === undefined ? {} : { timeouts: { checkMs: options.checkMs } }),
    ...(options.github === undefined ? {} : { github: options.github }),
  };
}
