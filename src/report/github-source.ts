/**
 * Executions from GitHub: the deploy workflow's runs created within the window and the deploy jobs
 * of each run's latest attempt, so a team gets its baseline before it deploys with runwarden.
 * Through runwarden's GitHub client (paginated, ETag-cached, retried). GitHub's REST docs ("List
 * workflow runs for a workflow"): a search with `created` returns at most 1,000 runs, so a window
 * that holds more is split in halves until each part holds fewer.
 *
 * A deploy job is a job of the workflow named in `route.watchdog.deploy_jobs`; else one whose id
 * starts with `deploy` (a job of a called workflow is named `caller / job`; the last part counts);
 * else, when no job is so named, one that asked for a `self-hosted` runner. Queue time is the job's `started_at − created_at`;
 * a job cancelled counts as cancelled, `skipped` as not run, any other conclusion as a failure.
 */
import type { GithubClient } from "../github/client.js";
import type { RepoRef } from "../github/api/runners.js";
import { listJobs, listWorkflowRuns } from "../github/api/runs.js";
import type { Job, WorkflowRun } from "../github/schemas.js";
import type { AttemptOutcome, DeployAttempt } from "./types.js";

/** GitHub answers at most this many runs to one search with `created`. */
export const SEARCH_CAP = 1000;
const CONCURRENCY = 6;

export interface GithubSourceEnvironment {
  readonly environment: string;
  /** `.github/workflows/deploy.yml` (optionally `owner/repo/` before and `@ref` after). */
  readonly workflow: string;
  /** Job ids that deploy; undefined: self-hosted jobs and jobs named deploy*. */
  readonly deployJobs: readonly string[] | undefined;
}

export interface GithubSourceRequest {
  readonly client: GithubClient;
  readonly repo: RepoRef;
  readonly environments: readonly GithubSourceEnvironment[];
  readonly since: number;
  readonly until: number;
  readonly signal?: AbortSignal;
}

export interface GithubSourceResult {
  readonly attempts: DeployAttempt[];
  /** Runs read, per workflow file. */
  readonly runs: ReadonlyMap<string, number>;
}

/** `deploy.yml` from `owner/repo/.github/workflows/deploy.yml@ref`. */
export function workflowFile(workflow: string): string {
  return (workflow.split("@")[0] ?? workflow).split("/").at(-1) ?? workflow;
}

const jobId = (job: Job): string => job.name.split(" / ").at(-1) ?? job.name;

/** The run's deploy jobs: those named in `deployJobs`; else those whose id starts with `deploy`; else (none) the self-hosted ones. */
function deployJobsOf(jobs: readonly Job[], deployJobs: readonly string[] | undefined): Job[] {
  if (deployJobs !== undefined) return jobs.filter((job) => deployJobs.includes(jobId(job)));
  const named = jobs.filter((job) => /^deploy/i.test(jobId(job)));
  return named.length > 0 ? named : jobs.filter((job) => job.labels.includes("self-hosted"));
}

function outcomeOf(job: Job): AttemptOutcome | undefined {
  if (job.status !== "completed") return "running";
  switch (job.conclusion) {
    case "success":
      return "success";
    case "cancelled":
      return "cancelled";
    case "skipped":
    case null:
      return undefined;
    default:
      return "failure";
  }
}

/** The deploy jobs of one run's latest attempt, in the order they started. */
export function attemptsOfRun(environment: string, run: WorkflowRun, jobs: readonly Job[], deployJobs: readonly string[] | undefined): DeployAttempt[] {
  const ran = deployJobsOf(jobs, deployJobs)
    .flatMap((job) => {
      const outcome = outcomeOf(job);
      return outcome === undefined ? [] : [{ job, outcome }];
    })
    .sort((a, b) => Date.parse(a.job.started_at) - Date.parse(b.job.started_at) || a.job.id - b.job.id);
  return ran.map(({ job, outcome }, seq) => ({
    environment,
    runId: String(run.id),
    runAttempt: run.run_attempt ?? 1,
    seq,
    outcome,
    failureClass: null,
    queuedAt: Date.parse(job.created_at),
    startedAt: Date.parse(job.started_at),
    finishedAt: job.completed_at === null ? null : Date.parse(job.completed_at),
  }));
}

/** GitHub's timestamps are whole seconds: `2026-12-02T17:00:00Z`. */
const second = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Runs created in [from, to] (whole seconds), the range halved while GitHub's search cap may hide some. */
async function runsBetween(request: GithubSourceRequest, workflow: string, from: number, to: number): Promise<WorkflowRun[]> {
  const created = `${second(from)}..${second(to)}`;
  const runs = await listWorkflowRuns(request.client, request.repo, workflow, { created }, { maxPages: SEARCH_CAP / 100, ...signalOf(request) });
  if (runs.length < SEARCH_CAP || to - from < 2000) return runs;
  const middle = from + Math.floor((to - from) / 2000) * 1000;
  const [older, newer] = await Promise.all([runsBetween(request, workflow, from, middle), runsBetween(request, workflow, middle + 1000, to)]);
  return [...newer, ...older];
}

function signalOf(request: GithubSourceRequest): { signal?: AbortSignal } {
  return request.signal === undefined ? {} : { signal: request.signal };
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function githubAttempts(request: GithubSourceRequest): Promise<GithubSourceResult> {
  const byWorkflow = new Map<string, GithubSourceEnvironment[]>();
  for (const environment of request.environments) {
    const file = workflowFile(environment.workflow);
    byWorkflow.set(file, [...(byWorkflow.get(file) ?? []), environment]);
  }
  const attempts: DeployAttempt[] = [];
  const counts = new Map<string, number>();
  for (const [file, environments] of byWorkflow) {
    const runs = await runsBetween(request, file, Math.floor(request.since / 1000) * 1000, Math.ceil(request.until / 1000) * 1000);
    counts.set(file, runs.length);
    const jobs = await pool(runs, CONCURRENCY, (run) => listJobs(request.client, request.repo, run.id, { filter: "latest" }, signalOf(request)));
    runs.forEach((run, index) => {
      for (const environment of environments) attempts.push(...attemptsOfRun(environment.environment, run, jobs[index] ?? [], environment.deployJobs));
    });
  }
  return { attempts, runs: counts };
}
