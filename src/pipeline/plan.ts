/**
 * `--dry-run`: the whole plan, acting on nothing — every stage the real deploy runs (plan-stages.ts,
 * from the same `STAGES`), the guards' verdicts (read-only GitHub calls),
 * who holds the lock now, the hosts, the rendered command (masked), the preflight checks and the
 * gates with their budgets. No lock is taken, no deployment created, nothing run, nothing recorded.
 */
import type { GatePlan } from "../gates/index.js";
import type { Io } from "../output/io.js";
import type { LockBackend, LockHolder } from "../store/types.js";
import { guardsVerdict, runGuards, type GuardsVerdict } from "./guards/index.js";
import { guardGithub } from "./guards/github.js";
import type { GuardResult } from "./guards/types.js";
import { planStages, type PlannedStage } from "./plan-stages.js";
import { prepare } from "./prepare.js";
import type { DeployRequest, GithubAccess } from "./types.js";

export interface PlannedGate {
  readonly name: string;
  readonly probe: string;
  /** Longest it can take: initial delay, then up to count × (consecutive errors + 1) intervals. */
  readonly at_most_ms: number;
}

export interface DeployPlan {
  readonly dry_run: true;
  readonly environment: string;
  readonly sha: string;
  readonly ref: string | null;
  readonly guards_verdict: GuardsVerdict;
  readonly guards: readonly GuardResult[];
  /** The real deploy's stages (`STAGES`), in order, each with what it would do here. */
  readonly stages: readonly PlannedStage[];
  readonly lock: { readonly backend: string; readonly holder: LockHolder | null; readonly timeout_ms: number; readonly ttl_ms: number };
  readonly hosts: readonly string[];
  readonly command: { readonly run: string; readonly cwd: string; readonly timeout_ms: number; readonly kill_grace_ms: number; readonly ansible: boolean };
  readonly preflight: readonly string[];
  readonly gates: { readonly pre: readonly PlannedGate[]; readonly post: readonly PlannedGate[] };
  readonly skip_if_live: boolean;
  /** What a real run would do now: deploy, or be refused by the guards. */
  readonly would: "deploy" | "refuse";
}

function planned(plan: GatePlan): PlannedGate {
  const p = plan.policy;
  return { name: plan.name, probe: plan.probe, at_most_ms: p.initialDelayMs + Math.max(0, p.count * (p.consecutiveErrorLimit + 1) - 1) * p.intervalMs };
}

export async function planDeploy(
  request: DeployRequest,
  deps: { readonly io: Io; readonly github: GithubAccess; readonly locks: LockBackend; readonly signal?: AbortSignal },
  configFile: string,
): Promise<DeployPlan> {
  const { setup, facts } = request;
  const { io } = deps;
  const prepared = prepare(setup, io, configFile, request.skipIfLive);
  const env = setup.environment;
  const github = "unavailable" in deps.github ? { unavailable: deps.github.unavailable } : guardGithub(deps.github.client, deps.github.repo, env.runner_groups);
  const signal = deps.signal ?? new AbortController().signal;
  const [guards, holder] = await Promise.all([
    runGuards({ environment: setup.name, guards: env.guards, runnerGroups: env.runner_groups, facts, github }, signal),
    deps.locks.holder(setup.name),
  ]);
  const verdict = guardsVerdict(guards);
  return {
    dry_run: true,
    environment: setup.name,
    sha: facts.sha,
    ref: facts.ref ?? null,
    guards_verdict: verdict,
    guards,
    stages: planStages({
      guards: guards.length,
      lockBackend: deps.locks.kind,
      liveGates: prepared.liveGates.length,
      skipIfLive: request.skipIfLive,
      githubAvailable: !("unavailable" in deps.github),
      preflight: env.preflight.length,
      preGates: prepared.preGates.length,
      postGates: prepared.postGates.length,
      hosts: setup.hosts.length,
    }),
    lock: { backend: deps.locks.kind, holder: holder ?? null, timeout_ms: request.lockTimeoutMs, ttl_ms: request.lockTtlMs },
    hosts: setup.hosts.map((host) => host.name),
    command: {
      run: io.masker.mask(prepared.command.run),
      cwd: prepared.command.cwd,
      timeout_ms: prepared.command.timeoutMs,
      kill_grace_ms: prepared.command.killGraceMs,
      ansible: prepared.command.ansible,
    },
    preflight: env.preflight.map((item) => item.kind),
    gates: { pre: prepared.preGates.map(planned), post: prepared.postGates.map(planned) },
    skip_if_live: request.skipIfLive,
    would: verdict === "pass" ? "deploy" : "refuse",
  };
}
