/**
 * Carries out a watchdog plan for one run: cancel → wait until the run completes (force-cancel if a
 * cancel hangs) → for a deploy job that had started on a runner that died, wait until the
 * environment lock's lease held by this run has expired → re-run the route job. Before each write it
 * re-reads the run and stops when the world moved on (a newer attempt, the job picked up or
 * finished, the runner back): compare, then act. Without a readable store it does nothing for a
 * started job: the deploy may still be running there (fail closed).
 */
import type { GithubClient } from "../github/client.js";
import { cancelRun, rerunJob } from "../github/api/run-control.js";
import type { RepoRef } from "../github/api/runners.js";
import { getRun, listJobs } from "../github/api/runs.js";
import type { Job, WorkflowRun } from "../github/schemas.js";
import { InputError, UnreachableError } from "../model/errors.js";
import type { LockHolder } from "../store/types.js";
import type { RunnerStates, RunPlan, StuckJob } from "./watchdog-plan.js";

/** The environment lock as the watchdog sees it: the leases a run holds now (expired ones are not held). */
export type LeaseWatch = { readonly holdersOf: (runId: number) => Promise<readonly LockHolder[]> } | { readonly unavailable: string };

export interface ExecuteDeps {
  readonly client: GithubClient;
  readonly repo: RepoRef;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => number;
  /** Time between two looks at a cancelled run. */
  readonly pollMs: number;
  readonly cancelTimeoutMs: number;
  readonly signal?: AbortSignal;
  /** The environment lock, for jobs that had started (re-read before acting). */
  readonly leases?: LeaseWatch;
  /** Re-reads the runners' states (a runner that came back online is not dead). */
  readonly runners?: () => Promise<RunnerStates | undefined>;
}

export interface Outcome {
  readonly run_id: number;
  readonly attempt: number;
  readonly result: "rerouted" | "skipped" | "failed";
  /** What was done, in order. */
  readonly steps: readonly string[];
  readonly detail: string;
  readonly new_attempt: number | null;
  /** The watchdog cancelled the run (false when it was completing already, or was left alone). */
  readonly cancelled: boolean;
}

async function waitCompleted(deps: ExecuteDeps, runId: number, timeoutMs: number): Promise<WorkflowRun | undefined> {
  const until = deps.now() + timeoutMs;
  for (;;) {
    const run = await getRun(deps.client, deps.repo, runId, deps.signal === undefined ? {} : { signal: deps.signal });
    if (run.status === "completed") return run;
    if (deps.now() >= until) return undefined;
    await deps.sleep(deps.pollMs, deps.signal);
  }
}

function conflict(e: unknown): boolean {
  return e instanceof InputError && e.code === "RW_GITHUB_REJECTED";
}

/** The stuck jobs that are still stuck: still queued, or still in progress on a runner that is still offline and busy. */
async function stillStuck(deps: ExecuteDeps, stuck: readonly StuckJob[], jobs: readonly Job[]): Promise<StuckJob[]> {
  const runners = stuck.some((job) => job.state === "in_progress") && deps.runners !== undefined ? await deps.runners() : undefined;
  return stuck.filter((entry) => {
    const job = jobs.find((candidate) => candidate.id === entry.id);
    if (job === undefined) return false;
    if (entry.state === "queued") return job.status === "queued";
    if (job.status !== "in_progress") return false;
    if (deps.runners === undefined) return true;
    const runner = job.runner_id === null ? undefined : runners?.get(job.runner_id);
    return runner !== undefined && runner.status === "offline" && runner.busy;
  });
}

function leaseText(holders: readonly LockHolder[]): string {
  return holders
    .map(
      (holder) => `${holder.owner.runner} (run ${holder.owner.runId} attempt ${holder.owner.attempt}, lease until ${new Date(holder.expiresAt).toISOString()})`,
    )
    .join(", ");
}

/** Waits until no lease of this run remains; false when one is still renewed at the deadline. */
async function waitLeases(
  deps: ExecuteDeps,
  leases: Extract<LeaseWatch, { holdersOf: unknown }>,
  runId: number,
  steps: string[],
): Promise<readonly LockHolder[]> {
  const until = deps.now() + deps.cancelTimeoutMs;
  let first = true;
  for (;;) {
    const holders = await leases.holdersOf(runId);
    if (holders.length === 0) {
      steps.push(first ? `run ${runId} holds no environment lock` : `the environment lock's lease of run ${runId} has expired`);
      return [];
    }
    if (first) steps.push(`waiting for the lease of ${leaseText(holders)} to expire`);
    first = false;
    if (deps.now() >= until) return holders;
    await deps.sleep(deps.pollMs, deps.signal);
  }
}

export async function executeReroute(deps: ExecuteDeps, plan: Extract<RunPlan, { action: "reroute" }>): Promise<Outcome> {
  const steps: string[] = [];
  let cancelled = false;
  const call = deps.signal === undefined ? {} : { signal: deps.signal };
  const done = (result: Outcome["result"], detail: string, newAttempt: number | null = null): Outcome => ({
    run_id: plan.run_id,
    attempt: plan.attempt,
    result,
    steps,
    detail,
    new_attempt: newAttempt,
    cancelled,
  });

  const before = await getRun(deps.client, deps.repo, plan.run_id, call);
  if ((before.run_attempt ?? 1) !== plan.attempt) return done("skipped", `the run is at attempt ${before.run_attempt ?? 1} now: someone re-ran it`);
  if (before.status === "completed") return done("skipped", `the run finished meanwhile (${before.conclusion ?? "no conclusion"})`);
  const jobs = await listJobs(deps.client, deps.repo, plan.run_id, { filter: "latest" }, call);
  const still = await stillStuck(deps, plan.stuck, jobs);
  if (still.length === 0) {
    return done(
      "skipped",
      plan.stuck.some((job) => job.state === "in_progress") ? "the job finished or its runner came back meanwhile" : "the queued job was picked up meanwhile",
    );
  }
  const started = still.some((job) => job.state === "in_progress");
  const leases = deps.leases;
  if (started && (leases === undefined || "unavailable" in leases)) {
    const why = leases === undefined ? "no store given" : leases.unavailable;
    return done(
      "failed",
      `no store reachable (${why}): the deploy on ${still.find((job) => job.runner !== null)?.runner ?? "the dead runner"} may still hold the environment lock, so nothing was done`,
    );
  }

  try {
    await cancelRun(deps.client, deps.repo, plan.run_id, false, call);
    cancelled = true;
    steps.push(`cancelled run ${plan.run_id}`);
  } catch (e: unknown) {
    if (!conflict(e)) throw e;
    steps.push(`run ${plan.run_id} was already completing`);
  }
  let completed = await waitCompleted(deps, plan.run_id, deps.cancelTimeoutMs);
  if (completed === undefined) {
    await cancelRun(deps.client, deps.repo, plan.run_id, true, call);
    cancelled = true;
    steps.push(`force-cancelled run ${plan.run_id} (the cancel did not finish within the cancel timeout)`);
    completed = await waitCompleted(deps, plan.run_id, deps.cancelTimeoutMs);
  }
  if (completed === undefined) {
    throw new UnreachableError(`run ${plan.run_id} did not complete after a cancel and a force-cancel`, {
      hint: `re-run its route job by hand once it has completed: gh run rerun ${plan.run_id} --job ${plan.route_job_id}`,
    });
  }
  steps.push(`run ${plan.run_id} completed (${completed.conclusion ?? "no conclusion"})`);
  if ((completed.run_attempt ?? 1) !== plan.attempt) return done("skipped", `the run is at attempt ${completed.run_attempt ?? 1} now: someone re-ran it`);
  if (started && leases !== undefined && "holdersOf" in leases) {
    const left = await waitLeases(deps, leases, plan.run_id, steps);
    if (left.length > 0) {
      return done(
        "failed",
        `the lease of ${leaseText(left)} is still renewed after the cancel timeout: its deploy may still be running, so the route job was not re-run (gh run rerun ${plan.run_id} --job ${plan.route_job_id} once it has stopped)`,
      );
    }
  }
  try {
    await rerunJob(deps.client, deps.repo, plan.route_job_id, call);
  } catch (e: unknown) {
    if (!(e instanceof InputError)) throw e;
    const now = await getRun(deps.client, deps.repo, plan.run_id, call);
    if ((now.run_attempt ?? 1) !== plan.attempt) return done("skipped", `the run is at attempt ${now.run_attempt ?? 1} now: someone re-ran it`);
    return done("failed", `GitHub refused to re-run job ${plan.route_job_id}: ${e.message}`);
  }
  steps.push(`re-ran job ${plan.route_job_id} (the route job) and its dependents`);
  const after = await getRun(deps.client, deps.repo, plan.run_id, call);
  return done("rerouted", `attempt ${after.run_attempt ?? plan.attempt + 1} decides the route again`, after.run_attempt ?? null);
}
