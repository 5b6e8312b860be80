/**
 * `systemd`: a unit is active (or inactive), per `systemctl is-active`. When systemctl is missing
 * or systemd is not running, the answer is `error` (could not tell), never a pass.
 */
import type { PreflightCheckOf } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { findOnPath, runProgram } from "./exec.js";
import { errorText, excerpt } from "./format.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Env, type Outcome, type Probe } from "./types.js";

export interface SystemdProbeOptions {
  readonly unit: string;
  /** Must be active (default true); `false`: must be inactive. */
  readonly active?: boolean;
  readonly timeoutMs: number;
}

/** States `systemctl is-active` prints (man systemctl). Anything else means we could not ask. */
const STATES = new Set(["active", "reloading", "inactive", "failed", "activating", "deactivating", "maintenance", "refreshing"]);

export type UnitState = { readonly state: string } | { readonly problem: string };

/** The unit's state, or why it could not be read. */
export async function unitState(unit: string, env: Env, signal: AbortSignal): Promise<UnitState> {
  const systemctl = await findOnPath("systemctl", env);
  if (systemctl === undefined) return { problem: "systemctl not found on PATH (not a systemd host?)" };
  let result;
  try {
    result = await runProgram(systemctl, ["is-active", "--", unit], { env, signal, maxChars: 4096 });
  } catch (e: unknown) {
    if (signal.aborted) throw e;
    return { problem: `cannot run systemctl: ${errorText(e)}` };
  }
  const state = result.stdout.trim().split("\n")[0]?.trim() ?? "";
  if (STATES.has(state)) return { state };
  const why = excerpt(result.stderr.trim().split("\n")[0] ?? "", 200);
  return { problem: `systemctl could not tell${why === "" ? ` (exit ${String(result.code)})` : `: ${why}`}` };
}

export function systemdProbe(options: SystemdProbeOptions): Probe {
  const wantActive = options.active ?? true;
  return {
    timeoutMs: options.timeoutMs,
    async body(ctx, signal): Promise<Outcome> {
      const found = await unitState(options.unit, ctx.env, signal);
      if ("problem" in found) return { status: "error", summary: `${options.unit}: ${found.problem}` };
      const isActive = found.state === "active" || found.state === "reloading" || found.state === "refreshing";
      const wanted = wantActive ? "active" : "inactive";
      if (isActive === wantActive) return { status: "pass", summary: `${options.unit} is ${found.state}` };
      return { status: "fail", summary: `${options.unit} is ${found.state}, expected ${wanted}` };
    },
  };
}

type SystemdSpec = Omit<PreflightCheckOf<"systemd">, "name" | "warn_only">;

export const systemdKind: KindDefinition<SystemdSpec> = {
  kind: "systemd",
  description: "A systemd unit on the runner host is active (or inactive).",
  label: (spec) => `systemd ${spec.unit}`,
  perHost: () => false,
  probe: (spec, target) =>
    systemdProbe({ unit: spec.unit, active: spec.active, timeoutMs: target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS }),
};
