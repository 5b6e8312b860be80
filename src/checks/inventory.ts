/**
 * `inventory`: the environment's host pattern selects real production hosts — none on loopback,
 * enough of them, every required variable set. The inventory engine (src/inventory/) is injected
 * as an `InventoryInspector`.
 */
import type { PreflightCheckOf } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Outcome, type Probe } from "./types.js";

/** What the inventory engine finds for a host pattern. */
export interface InventoryFindings {
  /** Hosts whose address is loopback (`localhost`, 127.0.0.0/8, ::1), by inventory name. */
  readonly loopback: readonly string[];
  /** Required variables a selected host does not define. */
  readonly missing: readonly { readonly host: string; readonly variable: string }[];
  /** The hosts the pattern selects (for `min_hosts`). Absent: the factory's host list is used. */
  readonly hosts?: readonly string[];
}

/** Implemented by the inventory engine: inspect the hosts `pattern` selects. */
export type InventoryInspector = (pattern: string, required: readonly string[]) => InventoryFindings | Promise<InventoryFindings>;

export interface InventoryProbeOptions {
  readonly pattern: string;
  readonly inspect: InventoryInspector;
  readonly forbidLoopback?: boolean;
  readonly minHosts?: number;
  readonly requireVars?: readonly string[];
  /** Hosts known to the caller, when the inspector does not list them. */
  readonly knownHosts?: readonly string[];
  readonly timeoutMs: number;
}

const SHOWN = 10;

function list(items: readonly string[]): string {
  return items.length <= SHOWN ? items.join(", ") : `${items.slice(0, SHOWN).join(", ")} (+${items.length - SHOWN} more)`;
}

export function inventoryProbe(options: InventoryProbeOptions): Probe {
  const required = options.requireVars ?? [];
  return {
    timeoutMs: options.timeoutMs,
    async body(): Promise<Outcome> {
      const findings = await options.inspect(options.pattern, required);
      const hosts = findings.hosts ?? options.knownHosts;
      const problems: string[] = [];
      const evidence: string[] = [];
      if ((options.forbidLoopback ?? true) && findings.loopback.length > 0) {
        problems.push(`${findings.loopback.length} host(s) on loopback: ${list(findings.loopback)} — the deploy would not reach production`);
      }
      if (findings.missing.length > 0) {
        const vars = [...new Set(findings.missing.map((m) => m.variable))];
        problems.push(`${findings.missing.length} missing variable(s): ${vars.join(", ")}`);
        evidence.push(...findings.missing.slice(0, 50).map((m) => `${m.host}: ${m.variable} is not defined`));
      }
      const minHosts = options.minHosts ?? 1;
      if (hosts === undefined && minHosts > 0) return { status: "error", summary: "cannot count the selected hosts: no host list" };
      if (hosts !== undefined && hosts.length < minHosts)
        problems.push(`pattern '${options.pattern}' selects ${hosts.length} host(s), need at least ${minHosts}`);
      const count = hosts === undefined ? "" : `${hosts.length} host(s)`;
      if (problems.length > 0) return { status: "fail", summary: problems.join("; "), evidence };
      return {
        status: "pass",
        summary: `pattern '${options.pattern}': ${count}, none on loopback${required.length > 0 ? `, ${required.join(", ")} set` : ""}`,
      };
    },
  };
}

type InventorySpec = Omit<PreflightCheckOf<"inventory">, "name" | "warn_only">;

export const inventoryKind: KindDefinition<InventorySpec> = {
  kind: "inventory",
  description: "The inventory selects real hosts: none on loopback, enough of them, required variables set.",
  label: () => "inventory",
  perHost: () => false,
  probe(spec, target) {
    const inventory = target.context.inventory;
    const timeoutMs = target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    if (inventory === undefined) {
      return { timeoutMs, body: () => Promise.resolve({ status: "error", summary: "no inventory was loaded for this check" }) };
    }
    const knownHosts = target.context.hosts?.map((host) => host.name);
    return inventoryProbe({
      pattern: inventory.pattern,
      inspect: inventory.inspect,
      forbidLoopback: spec.forbid_loopback,
      minHosts: spec.min_hosts,
      requireVars: spec.require_vars,
      ...(knownHosts === undefined ? {} : { knownHosts }),
      timeoutMs,
    });
  },
};
