/**
 * The check factory: config items (`PreflightCheck`) → `Check`s. Templates are rendered here, once
 * per target; `each_host: true` expands into one check per host with that host's variables. An item
 * that cannot be built (undefined variable, bad setting) becomes a check that reports `error`, so a
 * preflight still shows every problem at once; `buildEntries` exposes the problems for callers that
 * must refuse instead (gates).
 */
import type { PreflightCheck, PreflightKind } from "../config/schema.js";
import { renderTemplate, type TemplateVars } from "../config/template.js";
import { RunwardenError } from "../model/errors.js";
import type { BuildTarget, CheckBuildContext, KindDefinition } from "./context.js";
import { errorText } from "./format.js";
import { brokenProbe, defineCheck } from "./harness.js";
import { CHECK_KINDS, type SpecOf } from "./registry.js";
import type { Check, HostEntry } from "./types.js";

/** A check that could not be built, and why. */
export interface BuildProblem {
  readonly id: string;
  readonly host?: string;
  readonly message: string;
  readonly hint?: string;
  readonly code?: string;
}

export type BuildEntry = { readonly check: Check } | { readonly problem: BuildProblem; readonly check: Check };

export interface ItemMeta {
  /** The check's label as configured (`name:`); default: the kind's label. */
  readonly name?: string;
  readonly warnOnly?: boolean;
}

function targetFor(context: CheckBuildContext, host: HostEntry | undefined): BuildTarget {
  const vars: TemplateVars = host === undefined ? context.vars : { ...context.vars, inventory_hostname: host.name, ...host.vars };
  return { context, vars, ...(host === undefined ? {} : { host }), render: (template) => renderTemplate(template, vars) };
}

/**
 * Expands one spec of a kind into build entries: one check named `name` (default: the kind's
 * label), or with `each_host` one per host named `<name or kind> [<host>]`.
 */
export function expandSpec<S>(definition: KindDefinition<S>, spec: S, meta: ItemMeta, context: CheckBuildContext): BuildEntry[] {
  const label = meta.name ?? definition.label(spec);
  const kind = definition.kind;
  const warnOnly = meta.warnOnly ?? false;
  const build = (id: string, host: HostEntry | undefined): BuildEntry => {
    const hostMeta = host === undefined ? {} : { host: host.name };
    try {
      return { check: defineCheck({ id, kind, warnOnly, ...hostMeta }, definition.probe(spec, targetFor(context, host))) };
    } catch (e: unknown) {
      if (!(e instanceof RunwardenError)) throw e;
      const problem: BuildProblem = { id, ...hostMeta, message: e.message, code: e.code, ...(e.hint === undefined ? {} : { hint: e.hint }) };
      const evidence = e.hint === undefined ? [] : [`hint: ${e.hint}`];
      return { problem, check: defineCheck({ id, kind, warnOnly, ...hostMeta }, brokenProbe(`cannot build the check: ${errorText(e)}`, evidence)) };
    }
  };
  if (!definition.perHost(spec)) return [build(label, undefined)];
  const hosts = context.hosts ?? [];
  if (hosts.length === 0) {
    const message = context.hosts === undefined ? "each_host: no host list was given (inventory not loaded)" : "each_host: the host pattern selects no hosts";
    return [{ problem: { id: label, message }, check: defineCheck({ id: label, kind, warnOnly }, brokenProbe(message)) }];
  }
  const perHost = meta.name ?? kind;
  return hosts.map((host) => build(`${perHost} [${host.name}]`, host));
}

function expandItem<K extends PreflightKind>(
  kind: K,
  item: SpecOf<K> & { readonly name?: string | undefined; readonly warn_only: boolean },
  context: CheckBuildContext,
): BuildEntry[] {
  const definition: KindDefinition<SpecOf<K>> = CHECK_KINDS[kind];
  const name = item.name;
  return expandSpec(definition, item, { ...(name === undefined ? {} : { name }), warnOnly: item.warn_only }, context);
}

/** Makes ids unique (`disk /`, `disk / #2`) without reordering. */
function uniqueIds(entries: readonly BuildEntry[]): BuildEntry[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const count = (seen.get(entry.check.id) ?? 0) + 1;
    seen.set(entry.check.id, count);
    if (count === 1) return entry;
    const check: Check = {
      ...entry.check,
      id: `${entry.check.id} #${count}`,
      run: async (ctx, signal) => ({ ...(await entry.check.run(ctx, signal)), id: `${entry.check.id} #${count}` }),
    };
    return { ...entry, check };
  });
}

/** Every item expanded, with the problems of those that could not be built. */
export function buildEntries(items: readonly PreflightCheck[], context: CheckBuildContext): BuildEntry[] {
  return uniqueIds(items.flatMap((item) => expandItem(item.kind, item, context)));
}

/** The checks of a preflight list (problems become checks that report `error`). */
export function buildChecks(items: readonly PreflightCheck[], context: CheckBuildContext): Check[] {
  return buildEntries(items, context).map((entry) => entry.check);
}
