/** Writes to runs: cancel, re-run (all, failed jobs, one job with its dependents), dispatch. */
import type { CallOptions, GithubClient } from "../client.js";
import { dispatchResultSchema } from "../schemas.js";
import type { RepoRef } from "./runners.js";

/** Cancels a run; `force` skips `if: always()` steps (GitHub's force-cancel). */
export async function cancelRun(client: GithubClient, repo: RepoRef, runId: number, force = false, options: CallOptions = {}): Promise<void> {
  await client.raw(force ? "forceCancelRun" : "cancelRun", { ...repo, run_id: runId }, options);
}

/** Re-runs every job of a completed run (a new attempt). */
export async function rerunRun(client: GithubClient, repo: RepoRef, runId: number, options: CallOptions = {}): Promise<void> {
  await client.raw("rerunRun", { ...repo, run_id: runId }, options);
}

/** Re-runs the failed jobs of a completed run and their dependents; the other jobs keep their results and outputs. */
export async function rerunFailedJobs(client: GithubClient, repo: RepoRef, runId: number, options: CallOptions = {}): Promise<void> {
  await client.raw("rerunFailedJobs", { ...repo, run_id: runId }, options);
}

/** Re-runs one job and the jobs that depend on it (e.g. the route job, so routing is re-evaluated). */
export async function rerunJob(client: GithubClient, repo: RepoRef, jobId: number, options: CallOptions = {}): Promise<void> {
  await client.raw("rerunJob", { ...repo, job_id: jobId }, options);
}

export interface DispatchResult {
  /** The run created, when GitHub reports it (`return_run_details`). */
  readonly runId: number | undefined;
}

/** Starts a `workflow_dispatch` run of a workflow (id or file name such as `deploy.yml`) on `ref`. */
export async function dispatchWorkflow(
  client: GithubClient,
  repo: RepoRef,
  workflow: number | string,
  ref: string,
  inputs: Readonly<Record<string, string>> = {},
  options: CallOptions = {},
): Promise<DispatchResult> {
  const response = await client.raw("dispatchWorkflow", { ...repo, workflow_id: workflow, ref, inputs, return_run_details: true }, options);
  if (response.status !== 200) return { runId: undefined };
  const parsed = dispatchResultSchema.safeParse(response.data);
  return { runId: parsed.success ? parsed.data.workflow_run_id : undefined };
}
