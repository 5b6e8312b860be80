/** `memory`: available memory (`MemAvailable` in /proc/meminfo), in bytes or percent of the total. */
import type { PreflightCheckOf, Size } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { readProcFile } from "./proc.js";
import { formatBytes } from "./format.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Outcome, type Probe } from "./types.js";

export interface MemoryProbeOptions {
  readonly minAvailable: Size;
  readonly timeoutMs: number;
  /** Default /proc/meminfo. */
  readonly meminfoPath?: string;
}

/** Fields of /proc/meminfo in bytes (`MemTotal: 16318404 kB` → 16710045696). */
export function parseMeminfo(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) fields.set(match[1], Number(match[2]) * (line.trimEnd().endsWith("kB") ? 1024 : 1));
  }
  return fields;
}

export function memoryProbe(options: MemoryProbeOptions): Probe {
  const path = options.meminfoPath ?? "/proc/meminfo";
  return {
    timeoutMs: options.timeoutMs,
    async body(): Promise<Outcome> {
      const read = await readProcFile(path);
      if ("outcome" in read) return read.outcome;
      const fields = parseMeminfo(read.text);
      const total = fields.get("MemTotal");
      const available = fields.get("MemAvailable") ?? sum(fields, ["MemFree", "Buffers", "Cached"]);
      if (total === undefined || available === undefined || total === 0) return { status: "error", summary: `${path} has no MemTotal/MemAvailable` };
      const percent = (available / total) * 100;
      const found = `${formatBytes(available)} available of ${formatBytes(total)} (${percent.toFixed(1)} %)`;
      const enough = options.minAvailable.unit === "bytes" ? available >= options.minAvailable.bytes : percent >= options.minAvailable.percent;
      const wanted = options.minAvailable.unit === "bytes" ? formatBytes(options.minAvailable.bytes) : `${options.minAvailable.percent} %`;
      return enough ? { status: "pass", summary: found } : { status: "fail", summary: `${found}; need at least ${wanted}` };
    },
  };
}

function sum(fields: Map<string, number>, names: readonly string[]): number | undefined {
  let total = 0;
  for (const name of names) {
    const value = fields.get(name);
    if (value === undefined) return undefined;
    total += value;
  }
  return total;
}

type MemorySpec = Omit<PreflightCheckOf<"memory">, "name" | "warn_only">;

export const memoryKind: KindDefinition<MemorySpec> = {
  kind: "memory",
  description: "Available memory on the runner (MemAvailable), in bytes or percent.",
  label: () => "memory",
  perHost: () => false,
  probe: (spec, target) => memoryProbe({ minAvailable: spec.min_available, timeoutMs: target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS }),
};
