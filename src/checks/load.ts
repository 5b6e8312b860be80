/**
 * `load`: the runner is not overloaded — the 1-, 5- and 15-minute load averages of /proc/loadavg,
 * divided by the number of CPUs this process may use, stay at or below their ceilings.
 */
import { availableParallelism } from "node:os";
import type { PreflightCheckOf } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { readProcFile } from "./proc.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Outcome, type Probe } from "./types.js";

export type LoadWindow = "1m" | "5m" | "15m";

export interface LoadProbeOptions {
  /** Ceilings of the load average per CPU, by window; windows without one are shown, not judged. */
  readonly maxPerCpu: Readonly<Partial<Record<LoadWindow, number>>>;
  readonly timeoutMs: number;
  /** Default /proc/loadavg. */
  readonly loadavgPath?: string;
  /** Default: the CPUs this process may run on (`os.availableParallelism()`). */
  readonly cpus?: number;
}

const WINDOWS: readonly LoadWindow[] = ["1m", "5m", "15m"];

/** The three load averages of /proc/loadavg (`0.52 0.58 0.59 2/1234 56789`), or undefined. */
export function parseLoadavg(text: string): Record<LoadWindow, number> | undefined {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if (one === undefined || five === undefined || fifteen === undefined || ![one, five, fifteen].every(Number.isFinite)) return undefined;
  return { "1m": one, "5m": five, "15m": fifteen };
}

export function loadProbe(options: LoadProbeOptions): Probe {
  const path = options.loadavgPath ?? "/proc/loadavg";
  return {
    timeoutMs: options.timeoutMs,
    async body(): Promise<Outcome> {
      const read = await readProcFile(path);
      if ("outcome" in read) return read.outcome;
      const loads = parseLoadavg(read.text);
      if (loads === undefined) return { status: "error", summary: `${path} does not hold three load averages` };
      const cpus = Math.max(1, options.cpus ?? availableParallelism());
      const perCpu = (window: LoadWindow) => loads[window] / cpus;
      const found = WINDOWS.map((window) => `${window} ${perCpu(window).toFixed(2)}`).join(", ");
      const over = WINDOWS.flatMap((window) => {
        const max = options.maxPerCpu[window];
        return max !== undefined && perCpu(window) > max ? [`${window} load ${perCpu(window).toFixed(2)} per CPU is above ${max}`] : [];
      });
      const evidence = [`${path}: ${read.text.trim()}`, `${cpus} CPU(s)`];
      if (over.length > 0) return { status: "fail", summary: `${over.join("; ")} (${cpus} CPU(s))`, evidence };
      return { status: "pass", summary: `load per CPU: ${found} (${cpus} CPU(s))`, evidence };
    },
  };
}

type LoadSpec = Omit<PreflightCheckOf<"load">, "name" | "warn_only">;

export const loadKind: KindDefinition<LoadSpec> = {
  kind: "load",
  description: "Load average per CPU on the runner (1, 5 and 15 minutes, /proc/loadavg) at or below a ceiling.",
  label: () => "load",
  perHost: () => false,
  probe: (spec, target) =>
    loadProbe({
      maxPerCpu: {
        ...(spec.max_1m === undefined ? {} : { "1m": spec.max_1m }),
        ...(spec.max_5m === undefined ? {} : { "5m": spec.max_5m }),
        ...(spec.max_15m === undefined ? {} : { "15m": spec.max_15m }),
      },
      timeoutMs: target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    }),
};
