/**
 * What the check factory needs to turn config items into checks: template variables, the hosts for
 * `each_host`, defaults, and the interfaces of layers built elsewhere (inventory, GitHub), injected.
 */
import type { TemplateVars } from "../config/template.js";
import type { GithubProbeClient } from "./github.js";
import type { InventoryInspector } from "./inventory.js";
import type { RunnerLookup } from "./runner.js";
import type { Env, HostEntry, Probe } from "./types.js";

export interface CheckBuildContext {
  /** The process environment (runner paths, secret names resolve against it at run time). */
  readonly env: Env;
  /** Template variables for every check: `sha`, `environment`, `inventory`, the `all` group's vars. */
  readonly vars: TemplateVars;
  /** The hosts the environment's pattern selects; `each_host` checks expand to one check per host. */
  readonly hosts?: readonly HostEntry[];
  readonly timeouts?: {
    /** Time limit of checks whose config has no `timeout` (disk, command, systemd, …). Default 10 s. */
    readonly checkMs?: number;
  };
  /** Folder of runwarden.yml: relative `file` paths resolve from here. Default: the working directory. */
  readonly baseDir?: string;
  /** `monitoring.prometheus_url` as written (a template), the default of prometheus probes. */
  readonly prometheusUrl?: string;
  /** Default names for the `secrets` check: the environment's `deploy.secrets` plus `mask.secrets`. */
  readonly secretNames?: readonly string[];
  /** The inventory engine: the environment's host pattern and the function that inspects it. */
  readonly inventory?: { readonly pattern: string; readonly inspect: InventoryInspector };
  /** The GitHub layer, for `github` checks (and the runner's group/labels/version). */
  readonly github?: GithubContext;
}

export interface GithubContext {
  readonly client?: GithubProbeClient;
  /** Why there is no client (e.g. no credentials), shown by checks that need one. */
  readonly unavailable?: string;
  /** Looks up a runner by name (group, labels, version, status). */
  readonly runners?: RunnerLookup;
  /** The branch being deployed (`$GITHUB_REF_NAME`). */
  readonly branch?: string;
  /** The GitHub environment (the key under `environments:`). */
  readonly environment?: string;
  /** From the environment's guards: the defaults of the `github` check's `protected_branch` / `required_reviewers`. */
  readonly requireProtectedBranch?: boolean;
  readonly requireEnvironmentApproval?: boolean;
}

/** One concrete check target: the context, and (for `each_host`) one host. */
export interface BuildTarget {
  readonly context: CheckBuildContext;
  readonly host?: HostEntry;
  /** Template variables in effect: the context's, overlaid with the host's. */
  readonly vars: TemplateVars;
  /** Renders a template with `vars`. Throws `TemplateRenderError` (e.g. an undefined variable). */
  render(template: string): string;
}

/** How one config kind becomes a probe. Registered in `index.ts`; documented in docs/checks.md. */
export interface KindDefinition<S> {
  readonly kind: string;
  /** One line for docs and listings. */
  readonly description: string;
  /** The check's name when the config gives none, e.g. `disk /`. */
  label(spec: S): string;
  /** Whether this spec expands to one check per host. */
  perHost(spec: S): boolean;
  /** The probe for one target. May throw an `InputError` (bad template, bad setting). */
  probe(spec: S, target: BuildTarget): Probe;
}
