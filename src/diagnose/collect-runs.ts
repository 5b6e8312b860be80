/**
 * The runs collector: the deploy workflow's recent runs (or one run), the latest attempt of their
 * deploy jobs, and for the jobs that failed, timed out or were cancelled the evidence the classifier
 * reads — annotations (the primary signal), the log while GitHub still has it, the runner's state.
 * Requests are bounded for a large organisation: jobs are listed only for runs that did not succeed,
 * the newest first, and annotations and logs only for the newest failed deploy jobs.
 */
import type { GithubClient } from "../github/client.js";
import type { RepoRef } from "../github/api/runners.js";
import { getRun, getJobLog, listAnnotations, listJobs, listWorkflowRuns } from "../github/api/runs.js";
import type { Job, Runner, WorkflowRun } from "../github/schemas.js";
import type { CollectorContext } from "./budget.js";
import type { JobFacts } from "./classify.js";

export const LIMITS = { runs: 20, annotated: 10, logs: 3 } as const;

export interface RunsQuery {
  /** The deploy workflow's file name (`deploy.yml`); undefined: every workflow of the repository is not searched, only `runId`. */
  readonly workflow: string | undefined;
  readonly runId: number | undefined;
  /** A job name (or `name (…)` matrix legs) or a job id. */
  readonly job: string | undefined;
  readonly sinceMs: number;
  /** Job names that deploy; undefined: every job asking for `self-hosted`. */
  readonly deployJobs: readonly string[] | undefined;
}

export interface JobRecord {
  readonly run_id: number;
  readonly run_attempt: number;
  readonly run_title: string;
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly runner_id: number | null;
  readonly runner_name: string | null;
  readonly runner_group_name: string | null;
  readonly created_at: string;
  readonly completed_at: string | null;
  /** Queued now: for how long; started: how long it waited. */
  readonly queued_ms: number | null;
  readonly annotations_source: string;
  readonly log_source: string;
  /** What the classifier reads (failed jobs only; `log` undefined when not read). */
  facts: JobFacts | undefined;
}

export interface RunsFindings {
  readonly runs: readonly {
    readonly id: number;
    readonly attempt: number;
    readonly title: string;
    readonly status: string | null;
    readonly conclusion: string | null;
    readonly created_at: string;
    readonly sha: string;
  }[];
  readonly jobs: JobRecord[];
  /** Runs that looked fine and whose jobs were not listed. */
  readonly skipped_runs: number;
}

const FAILED = new Set(["failure", "cancelled", "timed_out"]);

function isDeployJob(job: Job, query: RunsQuery): boolean {
  if (query.job !== undefined) return job.name === query.job || job.name.startsWith(`${query.job} (`) || String(job.id) === query.job;
  if (query.deployJobs !== undefined) return query.deployJobs.some((name) => job.name === name || job.name.startsWith(`${name} (`));
  return job.labels.some((label) => label.toLowerCase() === "self-hosted");
}

function record(job: Job, run: WorkflowRun, repo: RepoRef, now: number): JobRecord {
  const created = Date.parse(job.created_at);
  const started = Date.parse(job.started_at);
  const queued = job.status === "queued" ? Math.max(0, now - created) : job.runner_id !== null && job.runner_id !== 0 ? Math.max(0, started - created) : null;
  return {
    run_id: run.id,
    run_attempt: job.run_attempt ?? run.run_attempt ?? 1,
    run_title: run.display_title,
    id: job.id,
    name: job.name,
    status: job.status,
    conclusion: job.conclusion,
    runner_id: job.runner_id === null || job.runner_id === 0 || job.runner_group_id === 0 ? null : job.runner_id,
    runner_name: job.runner_name,
    runner_group_name: job.runner_group_name,
    created_at: job.created_at,
    completed_at: job.completed_at,
    queued_ms: queued,
    annotations_source: `GET /repos/${repo.owner}/${repo.repo}/check-runs/${job.id}/annotations`,
    log_source: `GET /repos/${repo.owner}/${repo.repo}/actions/jobs/${job.id}/logs`,
    facts: undefined,
  };
}

/**
 * Adds each failed job's runner state once the runners are known. Separate from `collectRuns`, so
 * the jobs' evidence is kept even when the runner listing does not answer within the budget.
 */
export function addRunnerStates(findings: RunsFindings, runners: readonly Runner[]): void {
  for (const job of findings.jobs) {
    if (job.facts === undefined || job.runner_id === null) continue;
    const runner = runners.find((candidate) => candidate.id === job.runner_id);
    if (runner !== undefined) job.facts = { ...job.facts, runner: { status: runner.status, busy: runner.busy } };
  }
}

export async function collectRuns(
  ctx: CollectorContext,
  client: GithubClient,
  repo: RepoRef,
  query: RunsQuery,
  now: number,
): Promise<RunsFindings | undefined> {
  const base = `/repos/${repo.owner}/${repo.repo}/actions`;
  let runs: WorkflowRun[] | undefined;
  if (query.runId !== undefined) {
    const id = query.runId;
    const run = await ctx.track(`runs: GET ${base}/runs/${id}`, (signal) => getRun(client, repo, id, { signal }));
    runs = run === undefined ? undefined : [run];
  } else if (query.workflow !== undefined) {
    const workflow = query.workflow;
    const created = `>=${new Date(now - query.sinceMs).toISOString().replace(/\.\d{3}Z$/, "Z")}`;
    runs = await ctx.track(
      `runs: GET ${base}/workflows/${workflow}/runs`,
      (signal) => listWorkflowRuns(client, repo, workflow, { created }, { signal, maxPages: 2 }),
      (list) => list.length,
    );
  }
  if (runs === undefined) return undefined;
  // Runs that succeeded say nothing about an incident (their deploy jobs did not fail).
  const troubled = runs.filter((run) => query.runId !== undefined || run.status !== "completed" || run.conclusion !== "success").slice(0, LIMITS.runs);
  const listed = await Promise.all(
    troubled.map(async (run) => ({
      run,
      jobs:
        (await ctx.track(
          `runs: GET ${base}/runs/${run.id}/jobs`,
          (signal) => listJobs(client, repo, run.id, { filter: "latest" }, { signal }),
          (list) => list.length,
        )) ?? [],
    })),
  );
  const jobs: { record: JobRecord; job: Job }[] = [];
  for (const { run, jobs: list } of listed) {
    for (const job of list)
      if (isDeployJob(job, query) && (job.status !== "completed" || FAILED.has(job.conclusion ?? ""))) jobs.push({ record: record(job, run, repo, now), job });
  }
  const failed = jobs
    .filter(({ job }) => job.status === "completed")
    .sort((a, b) => Date.parse(b.job.completed_at ?? b.job.created_at) - Date.parse(a.job.completed_at ?? a.job.created_at));
  await Promise.all(
    failed.slice(0, LIMITS.annotated).map(async ({ record: entry, job }, index) => {
      const [annotations, log] = await Promise.all([
        ctx.track(
          `runs: ${entry.annotations_source}`,
          (signal) => listAnnotations(client, repo, job.id, { signal }),
          (list) => list.length,
        ),
        index < LIMITS.logs
          ? ctx.track(
              `runs: ${entry.log_source}`,
              (signal) => getJobLog(client, repo, job.id, { signal }),
              (text) => (text === null ? 0 : 1),
            )
          : Promise.resolve(undefined),
      ]);
      entry.facts = {
        status: job.status,
        conclusion: job.conclusion,
        started: job.runner_id !== null && job.runner_id !== 0,
        annotations: (annotations ?? []).map((a) => ({ message: a.message ?? "", title: a.title })),
        log,
        runner: undefined,
      };
    }),
  );
  const summary = runs.map((run) => ({
    id: run.id,
    attempt: run.run_attempt ?? 1,
    title: run.display_title,
    status: run.status,
    conclusion: run.conclusion,
    created_at: run.created_at,
    sha: run.head_sha,
  }));
  return { runs: summary, jobs: jobs.map(({ record: entry }) => entry), skipped_runs: runs.length - troubled.length };
}
