/**
 * The queue watchdog's plan, pure: given the in-progress runs of the deploy workflow with their
 * latest jobs, which deploy jobs have waited in the queue longer than `queue_timeout`, and for each
 * such run whether to re-route it — cancel the run, wait until it completes, re-run its route job
 * (re-running the failed jobs would reuse the old route output) — or leave it and say why.
 *
 * The record of what was done is GitHub's own state: a recovery makes a new run attempt, and only
 * the latest attempt of a run is ever planned for, so an attempt is acted on at most once
 * (docs/adr/0008-watchdog-state-is-github.md).
 */
import type { Job, WorkflowRun } from "../github/schemas.js";

/** GitHub re-runs a run at most this often (attempts 2 … 50). */
export const GITHUB_MAX_ATTEMPTS = 50;

export interface WatchdogRules {
  readonly queueTimeoutMs: number;
  readonly routeJob: string;
  /** Job names to watch; undefined: every job asking for a `self-hosted` runner. */
  readonly deployJobs: readonly string[] | undefined;
  readonly maxReroutes: number;
}

export interface WatchedRun {
  readonly run: WorkflowRun;
  /** The run's latest jobs. */
  readonly jobs: readonly Job[];
}

export interface StuckJob {
  readonly id: number;
  readonly name: string;
  readonly labels: readonly string[];
  /** When it was queued, as far as GitHub's timestamps tell (ISO 8601). */
  readonly queued_since: string;
  readonly queued_ms: number;
}

export type RunPlan =
  | { readonly action: "reroute"; readonly run_id: number; readonly attempt: number; readonly title: string; readonly stuck: readonly StuckJob[]; readonly route_job_id: number; readonly reason: string }
  | { readonly action: "leave"; readonly run_id: number; readonly attempt: number; readonly title: string; readonly stuck: readonly StuckJob[]; readonly reason: string };

export interface WatchdogPlan {
  readonly watched_runs: number;
  readonly plans: readonly RunPlan[];
}

function watched(job: Job, rules: WatchdogRules): boolean {
  if (rules.deployJobs !== undefined) return rules.deployJobs.some((name) => job.name === name || job.name.startsWith(`${name} (`));
  return job.labels.some((label) => label.toLowerCase() === "self-hosted");
}

/**
 * When a job entered the queue: its `created_at`, or — when a job it needed finished later — the
 * latest completion among the run's other jobs. Erring late means waiting a little longer, never
 * acting early.
 */
export function queuedSince(job: Job, jobs: readonly Job[]): number {
  let since = Date.parse(job.created_at);
  for (const other of jobs) {
    if (other.id === job.id || other.completed_at === null) continue;
    since = Math.max(since, Date.parse(other.completed_at));
  }
  return since;
}

function minutes(ms: number): string {
  const total = Math.round(ms / 1000);
  return total < 120 ? `${total} s` : `${Math.round(total / 60)} min`;
}

export function planWatchdog(runs: readonly WatchedRun[], rules: WatchdogRules, now: number): WatchdogPlan {
  const plans: RunPlan[] = [];
  for (const { run, jobs } of runs) {
    if (run.status === "completed") continue;
    const stuck: StuckJob[] = jobs
      .filter((job) => job.status === "queued" && watched(job, rules))
      .map((job) => {
        const since = queuedSince(job, jobs);
        return { id: job.id, name: job.name, labels: job.labels, queued_since: new Date(since).toISOString(), queued_ms: Math.max(0, now - since) };
      })
      .filter((job) => job.queued_ms > rules.queueTimeoutMs);
    if (stuck.length === 0) continue;
    const attempt = run.run_attempt ?? 1;
    const base = { run_id: run.id, attempt, title: run.display_title, stuck };
    const waited = `${stuck.map((job) => `${job.name} queued for ${minutes(job.queued_ms)}`).join(", ")} (queue_timeout ${minutes(rules.queueTimeoutMs)})`;
    const route = jobs.find((job) => job.name === rules.routeJob);
    if (route === undefined) {
      plans.push({ ...base, action: "leave", reason: `${waited}; the run has no job '${rules.routeJob}' to re-run (watchdog.route_job)` });
    } else if (attempt >= GITHUB_MAX_ATTEMPTS) {
      plans.push({ ...base, action: "leave", reason: `${waited}; GitHub allows no re-run past attempt ${GITHUB_MAX_ATTEMPTS}: start a new run` });
    } else if (attempt - 1 >= rules.maxReroutes) {
      plans.push({ ...base, action: "leave", reason: `${waited}; already re-run ${attempt - 1} time(s) (watchdog.max_reroutes ${rules.maxReroutes}): needs a person` });
    } else {
      plans.push({ ...base, action: "reroute", route_job_id: route.id, reason: `${waited}: cancel the run, then re-run '${route.name}' so routing is decided again` });
    }
  }
  return { watched_runs: runs.length, plans };
}
