/**
 * When GitHub queued this deploy's job — the `created_at` of the job in progress on this runner in
 * this run attempt (GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs,
 * https://docs.github.com/en/rest/actions/workflow-jobs#list-jobs-for-a-workflow-run-attempt) — so
 * history, `report` and the queue-time metric can tell waiting in the queue from running. Best
 * effort: a figure, not a gate; undefined when it cannot be told (outside Actions, no GitHub).
 */
import { listJobs } from "../github/index.js";
import type { GithubAccess, RunFacts } from "./types.js";

export async function jobQueuedAt(github: GithubAccess, facts: RunFacts, signal: AbortSignal): Promise<number | undefined> {
  const runId = Number(facts.runId);
  if ("unavailable" in github || !Number.isSafeInteger(runId) || runId <= 0 || facts.runnerName === undefined) return undefined;
  try {
    const jobs = await listJobs(github.client, github.repo, runId, { attempt: facts.runAttempt }, { signal });
    const mine = jobs.find((job) => job.runner_name === facts.runnerName && job.status === "in_progress");
    const at = mine === undefined ? Number.NaN : Date.parse(mine.created_at);
    return Number.isFinite(at) ? at : undefined;
  } catch {
    return undefined;
  }
}
