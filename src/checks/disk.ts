/** `disk`: free space on the file system holding a path (fs.statfs: space available to this user). */
import { statfs } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { PreflightCheckOf, Size } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { errorText, formatBytes } from "./format.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Outcome, type Probe } from "./types.js";

export interface DiskProbeOptions {
  readonly path: string;
  readonly minFree: Size;
  readonly timeoutMs: number;
}

export function diskProbe(options: DiskProbeOptions): Probe {
  return {
    timeoutMs: options.timeoutMs,
    async body(): Promise<Outcome> {
      let stats: Awaited<ReturnType<typeof statfs>>;
      try {
        stats = await statfs(options.path);
      } catch (e: unknown) {
        return { status: "error", summary: `cannot measure ${options.path}: ${errorText(e)}` };
      }
      const free = stats.bavail * stats.bsize;
      const total = stats.blocks * stats.bsize;
      const percent = total === 0 ? 0 : (free / total) * 100;
      const found = `${formatBytes(free)} free of ${formatBytes(total)} (${percent.toFixed(1)} %) on ${options.path}`;
      const enough = options.minFree.unit === "bytes" ? free >= options.minFree.bytes : percent >= options.minFree.percent;
      const wanted = options.minFree.unit === "bytes" ? formatBytes(options.minFree.bytes) : `${options.minFree.percent} %`;
      return enough ? { status: "pass", summary: found } : { status: "fail", summary: `${found}; need at least ${wanted}` };
    },
  };
}

type DiskSpec = Omit<PreflightCheckOf<"disk">, "name" | "warn_only">;

export const diskKind: KindDefinition<DiskSpec> = {
  kind: "disk",
  description: "Free space on a file system of the runner, in bytes or percent.",
  label: (spec) => `disk ${spec.path}`,
  perHost: () => false,
  probe: (spec, target) => {
    const base = target.context.baseDir ?? process.cwd();
    return diskProbe({
      path: isAbsolute(spec.path) ? spec.path : resolve(base, spec.path),
      minFree: spec.min_free,
      timeoutMs: target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    });
  },
};
