/**
 * `systemd`: a unit is active (or inactive), per `systemctl is-active`. Without a unit, the unit is
 * the runner's own service (`actions.runner.*`, named in the runner folder's `.service` file). When
 * systemctl is missing or systemd is not running, the answer is `error` (could not tell), never a pass.
 */
import type { PreflightCheckOf } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { findOnPath, runProgram } from "./exec.js";
import { errorText, excerpt } from "./format.js";
import { resolveFrom, runnerRoot, runnerServiceUnit } from "./runner-folder.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Env, type Outcome, type Probe } from "./types.js";

export interface SystemdProbeOptions {
  /** Default: the runner's service, from `<runnerRoot>/.service`. */
  readonly unit?: string;
  /** The runner's folder, for the default unit. Default: from `$RUNWARDEN_RUNNER_ROOT` / `$RUNNER_WORKSPACE`. */
  readonly runnerRoot?: string;
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
  let result: Awaited<ReturnType<typeof runProgram>>;
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
      let unit = options.unit;
      if (unit === undefined) {
        const root = options.runnerRoot ?? runnerRoot(ctx.env);
        if (root === undefined)
          return { status: "error", summary: "runner folder unknown: set unit, runner_root or RUNWARDEN_RUNNER_ROOT (or run inside a job: RUNNER_WORKSPACE)" };
        unit = await runnerServiceUnit(root);
        if (unit === undefined)
          return {
            status: "fail",
            summary: `the runner in ${root} is not installed as a service (no .service file): it will not restart on its own`,
            evidence: ["install it with ./svc.sh install"],
          };
      }
      const found = await unitState(unit, ctx.env, signal);
      if ("problem" in found) return { status: "error", summary: `${unit}: ${found.problem}` };
      const isActive = found.state === "active" || found.state === "reloading" || found.state === "refreshing";
      const wanted = wantActive ? "active" : "inactive";
      if (isActive === wantActive) return { status: "pass", summary: `${unit} is ${found.state}` };
      return { status: "fail", summary: `${unit} is ${found.state}, expected ${wanted}` };
    },
  };
}

type SystemdSpec = Omit<PreflightCheckOf<"systemd">, "name" | "warn_only">;

export const systemdKind: KindDefinition<SystemdSpec> = {
  kind: "systemd",
  description: "A systemd unit on the runner host is active (or inactive).",
  label: (spec) => `systemd ${spec.unit ?? "runner service"}`,
  perHost: () => false,
  probe: (spec, target) =>
    systemdProbe({
      ...(spec.unit === undefined ? {} : { unit: spec.unit }),
      ...(spec.runner_root === undefined ? {} : { runnerRoot: resolveFrom(target.context.baseDir, spec.runner_root) }),
      active: spec.active,
      timeoutMs: target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    }),
};
