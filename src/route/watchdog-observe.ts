/** What the watchdog looks at: the deploy workflow's runs in progress, each with its latest jobs. */
import type { CallOptions, GithubClient } from "../github/client.js";
import type { RepoRef } from "../github/api/runners.js";
import { listJobs, listWorkflowRuns } from "../github/api/runs.js";
import type { WatchedRun } from "./watchdog-plan.js";

/** One listing of the workflow's runs in progress, then one job listing per such run (conditional on repeat). */
export async function observeRuns(client: GithubClient, repo: RepoRef, workflowFile: string, options: CallOptions = {}): Promise<WatchedRun[]> {
  const runs = await listWorkflowRuns(client, repo, workflowFile, { status: "in_progress" }, options);
  return Promise.all(runs.map(async (run) => ({ run, jobs: await listJobs(client, repo, run.id, { filter: "latest" }, options) })));
}
