/**
 * What the watchdog looks at: the deploy workflow's runs in progress, each with its latest jobs, and
 * — only when a watched job is in progress on a self-hosted runner — the state of the runners (one
 * listing of the organization's runners, else the repository's), to tell a runner that died mid-job.
 */
import type { CallOptions, GithubClient } from "../github/client.js";
import { listRunners, type RepoRef } from "../github/api/runners.js";
import { listJobs, listWorkflowRuns } from "../github/api/runs.js";
import type { Runner } from "../github/schemas.js";
import { InputError } from "../model/errors.js";
import type { RunnerStates, WatchedRun } from "./watchdog-plan.js";

/** One listing of the workflow's runs in progress, then one job listing per such run (conditional on repeat). */
export async function observeRuns(client: GithubClient, repo: RepoRef, workflowFile: string, options: CallOptions = {}): Promise<WatchedRun[]> {
  const runs = await listWorkflowRuns(client, repo, workflowFile, { status: "in_progress" }, options);
  return Promise.all(runs.map(async (run) => ({ run, jobs: await listJobs(client, repo, run.id, { filter: "latest" }, options) })));
}

/** A job runs on a self-hosted runner (GitHub-hosted runners sit in group 0, "GitHub Actions"). */
function onSelfHosted(run: WatchedRun): boolean {
  return run.jobs.some(
    (job) =>
      job.status === "in_progress" && job.runner_id !== null && job.runner_id !== 0 && job.runner_group_id !== 0 && job.runner_group_name !== "GitHub Actions",
  );
}

/**
 * The runners' states by id when some job runs on a self-hosted runner (an empty map when none
 * does); `undefined` when neither the organization's nor the repository's runners can be read.
 */
export async function observeRunners(
  client: GithubClient,
  repo: RepoRef,
  runs: readonly WatchedRun[],
  options: CallOptions = {},
): Promise<RunnerStates | undefined> {
  if (!runs.some(onSelfHosted)) return new Map();
  const states = new Map<number, { name: string; status: "online" | "offline"; busy: boolean }>();
  let readable = false;
  for (const scope of [
    { kind: "org" as const, org: repo.owner },
    { kind: "repo" as const, owner: repo.owner, repo: repo.repo },
  ]) {
    let runners: Runner[];
    try {
      runners = await listRunners(client, scope, options);
    } catch (e: unknown) {
      if (e instanceof InputError) continue;
      throw e;
    }
    readable = true;
    for (const runner of runners) states.set(runner.id, { name: runner.name, status: runner.status, busy: runner.busy });
    const wanted = runs.flatMap((run) => run.jobs.flatMap((job) => (job.status === "in_progress" && job.runner_id !== null ? [job.runner_id] : [])));
    if (wanted.every((id) => states.has(id))) break;
  }
  return readable ? states : undefined;
}
