/**
 * Carries out a watchdog plan for one run: cancel → wait until the run completes (force-cancel if a
 * cancel hangs) → re-run the route job. Before each write it re-reads the run and stops when the
 * world moved on (a newer attempt, the job picked up, the run finished): compare, then act.
 */
import type { GithubClient } from "../github/client.js";
import { cancelRun, rerunJob } from "../github/api/run-control.js";
import type { RepoRef } from "../github/api/runners.js";
import { getRun, listJobs } from "../github/api/runs.js";
import type { WorkflowRun } from "../github/schemas.js";
import { InputError, UnreachableError } from "../model/errors.js";
import type { RunPlan } from "./watchdog-plan.js";

export interface ExecuteDeps {
  readonly client: GithubClient;
  readonly repo: RepoRef;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => number;
  /** Time between two looks at a cancelled run. */
  readonly pollMs: number;
  readonly cancelTimeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface Outcome {
  readonly run_id: number;
  readonly attempt: number;
  readonly result: "rerouted" | "skipped" | "failed";
  /** What was done, in order. */
  readonly steps: readonly string[];
  readonly detail: string;
  readonly new_attempt: number | null;
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

export async function executeReroute(deps: ExecuteDeps, plan: Extract<RunPlan, { action: "reroute" }>): Promise<Outcome> {
  const steps: string[] = [];
  const call = deps.signal === undefined ? {} : { signal: deps.signal };
  const done = (result: Outcome["result"], detail: string, newAttempt: number | null = null): Outcome => ({ run_id: plan.run_id, attempt: plan.attempt, result, steps, detail, new_attempt: newAttempt });

  const before = await getRun(deps.client, deps.repo, plan.run_id, call);
  if ((before.run_attempt ?? 1) !== plan.attempt) return done("skipped", `the run is at attempt ${before.run_attempt ?? 1} now: someone re-ran it`);
  if (before.status === "completed") return done("skipped", `the run finished meanwhile (${before.conclusion ?? "no conclusion"})`);
  const jobs = await listJobs(deps.client, deps.repo, plan.run_id, { filter: "latest" }, call);
  const still = plan.stuck.filter((stuck) => jobs.some((job) => job.id === stuck.id && job.status === "queued"));
  if (still.length === 0) return done("skipped", "the queued job was picked up meanwhile");

  try {
    await cancelRun(deps.client, deps.repo, plan.run_id, false, call);
    steps.push(`cancelled run ${plan.run_id}`);
  } catch (e: unknown) {
    if (!conflict(e)) throw e;
    steps.push(`run ${plan.run_id} was already completing`);
  }
  let completed = await waitCompleted(deps, plan.run_id, deps.cancelTimeoutMs);
  if (completed === undefined) {
    await cancelRun(deps.client, deps.repo, plan.run_id, true, call);
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
