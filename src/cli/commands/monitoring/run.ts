/**
 * `runwarden monitoring targets`: the runner hosts (`--runners` pattern) and each environment's
 * deploy targets (its `hosts:` pattern in runwarden.yml) as Prometheus file-SD groups. A host whose
 * variables give no usable address or port is bad input (exit 2): the file is never half right.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { LoadedConfig } from "../../../config/load.js";
import { monitoringTargets } from "../../../metrics/targets.js";
import { InputError, UsageError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import { loadFor } from "../../session.js";
import { targetsReport } from "./render.js";

export interface MonitoringTargetsOptions {
  readonly inventory: readonly string[];
  readonly config: string;
  readonly runners: string;
  readonly json?: boolean;
}

export async function monitoringTargetsCommand(options: MonitoringTargetsOptions, io: Io): Promise<ExitCode> {
  const hasConfig = existsSync(resolve(io.cwd, options.config));
  const loaded: LoadedConfig | undefined = hasConfig ? await loadFor(options.config, io) : undefined;
  const { resolvePath } = await import("../../../config/load.js");
  const sources = options.inventory.length > 0 ? options.inventory : (loaded?.config.inventory.map((path) => resolvePath(loaded, path)) ?? []);
  if (sources.length === 0) {
    throw new InputError("RW_INVENTORY_MISSING", `no inventory: pass -i PATH, or run where ${options.config} names one in inventory:`);
  }
  const { loadInventory } = await import("../../../inventory/index.js");
  const inventory = loadInventory(sources, { cwd: io.cwd, playbookDir: io.cwd });
  const environments = new Map(Object.entries(loaded?.config.environments ?? {}).map(([name, environment]) => [name, environment.hosts]));
  const result = monitoringTargets({ inventory, runnerPattern: options.runners, environments });
  if (!result.groups.some((group) => group.labels["runwarden_role"] === "runner")) {
    io.stderr.write(`[WARNING]: no runner host: the pattern '${options.runners}' matches no host of the inventory (--runners names the runner hosts' group)\n`);
  }
  if (result.problems.length > 0) {
    const lines = result.problems.map((problem) => `${problem.host}: ${problem.message}`);
    throw new UsageError(`no scrape target for ${lines.length === 1 ? "a host" : `${lines.length} hosts`}:\n  ${lines.join("\n  ")}`, {
      hint: "set monitoring_host (a DNS name) and monitoring_port in the inventory (docs/metrics.md)",
    });
  }
  return emitReport(io, targetsReport(result.groups), { json: options.json === true });
}
