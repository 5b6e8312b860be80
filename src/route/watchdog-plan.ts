/**
 * The watchdog's plan, pure: given the in-progress runs of the deploy workflow with their latest
 * jobs (and the runners they run on), which deploy jobs are stuck — waiting in the queue longer than
 * `queue_timeout`, or `in_progress` on a runner that is offline but still busy (it died mid-job) for
 * longer than `orphan_grace` — and for each such run whether to re-route it — cancel the run, wait
 * until it completes (and, for a job that had started, until the environment lock's lease of that run
 * has expired), re-run its route job (re-running the failed jobs would reuse the old route output) —
 * or leave it and say why.
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
  /** An in-progress deploy job whose runner is offline and busy is stuck once it started longer ago than this. */
  readonly orphanGraceMs: number;
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

/** A self-hosted runner's state now, by id; `undefined` (the whole map): runners could not be read. */
export type RunnerStates = ReadonlyMap<number, { readonly name: string; readonly status: "online" | "offline"; readonly busy: boolean }>;

export interface StuckJob {
  readonly id: number;
  readonly name: string;
  readonly labels: readonly string[];
  /** `queued`: waiting for a runner; `in_progress`: its runner is offline and still busy (died mid-job). */
  readonly state: "queued" | "in_progress";
  /** When it was queued (`queued`) or started (`in_progress`), as far as GitHub's timestamps tell (ISO 8601). */
  readonly since: string;
  readonly waited_ms: number;
  /** The runner it is stuck on (`in_progress`). */
  readonly runner: string | null;
  /** Same as `since`/`waited_ms` for a queued job (kept for scripts reading them). */
  readonly queued_since?: string;
  readonly queued_ms?: number;
}

export type RunPlan =
  | {
      readonly action: "reroute";
      readonly run_id: number;
      readonly attempt: number;
      readonly title: string;
      readonly stuck: readonly StuckJob[];
      readonly route_job_id: number;
      readonly reason: string;
    }
  | {
      readonly action: "leave";
      readonly run_id: number;
      readonly attempt: number;
      readonly title: string;
      readonly stuck: readonly StuckJob[];
      readonly reason: string;
    };

export interface WatchdogPlan {
  readonly watched_runs: number;
  readonly plans: readonly RunPlan[];
  /** What could not be judged, e.g. in-progress jobs when the runners could not be read. */
  readonly notes: readonly string[];
}

/**
 * The job is the one configured as `name`: the same name, a matrix leg (`deploy (eu)`), or that job of a
 * called reusable workflow, which GitHub names `<caller job> / <called job>` (runwarden's own pattern,
 * .github/workflows/runwarden-deploy.yml, runs this way).
 */
export function jobIs(jobName: string, name: string): boolean {
  const own = jobName.includes(" / ") ? jobName.slice(jobName.lastIndexOf(" / ") + 3) : jobName;
  return jobName === name || own === name || own.startsWith(`${name} (`) || jobName.startsWith(`${name} (`);
}

function watched(job: Job, rules: WatchdogRules): boolean {
  if (rules.deployJobs !== undefined) return rules.deployJobs.some((name) => jobIs(job.name, name));
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

function stuckQueued(job: Job, jobs: readonly Job[], rules: WatchdogRules, now: number): StuckJob | undefined {
  const since = queuedSince(job, jobs);
  const waited = Math.max(0, now - since);
  if (waited <= rules.queueTimeoutMs) return undefined;
  const at = new Date(since).toISOString();
  return { id: job.id, name: job.name, labels: job.labels, state: "queued", since: at, waited_ms: waited, runner: null, queued_since: at, queued_ms: waited };
}

/** In progress on a runner that is offline and busy, started longer than `orphanGraceMs` ago. */
function stuckOrphan(job: Job, runners: RunnerStates, rules: WatchdogRules, now: number): StuckJob | undefined {
  const runner = job.runner_id === null ? undefined : runners.get(job.runner_id);
  if (runner === undefined || runner.status !== "offline" || !runner.busy) return undefined;
  const started = Date.parse(job.started_at);
  const waited = Math.max(0, now - started);
  if (waited <= rules.orphanGraceMs) return undefined;
  return {
    id: job.id,
    name: job.name,
    labels: job.labels,
    state: "in_progress",
    since: new Date(started).toISOString(),
    waited_ms: waited,
    runner: runner.name,
  };
}

function describe(job: StuckJob, rules: WatchdogRules): string {
  if (job.state === "queued") return `${job.name} queued for ${minutes(job.waited_ms)} (queue_timeout ${minutes(rules.queueTimeoutMs)})`;
  return `${job.name} in progress for ${minutes(job.waited_ms)} on ${job.runner ?? "?"}, which is offline but busy: it died mid-job (orphan_grace ${minutes(rules.orphanGraceMs)})`;
}

export function planWatchdog(runs: readonly WatchedRun[], rules: WatchdogRules, now: number, runners?: RunnerStates): WatchdogPlan {
  const plans: RunPlan[] = [];
  const notes: string[] = [];
  for (const { run, jobs } of runs) {
    if (run.status === "completed") continue;
    const watchedJobs = jobs.filter((job) => watched(job, rules));
    const stuck: StuckJob[] = watchedJobs.flatMap((job) => {
      if (job.status === "queued") return stuckQueued(job, jobs, rules, now) ?? [];
      if (job.status === "in_progress" && runners !== undefined) return stuckOrphan(job, runners, rules, now) ?? [];
      return [];
    });
    if (runners === undefined && watchedJobs.some((job) => job.status === "in_progress")) {
      notes.push(`run ${run.id}: the runners could not be read, so its in-progress deploy job was not checked for a dead runner`);
    }
    if (stuck.length === 0) continue;
    const attempt = run.run_attempt ?? 1;
    const base = { run_id: run.id, attempt, title: run.display_title, stuck };
    const waited = stuck.map((job) => describe(job, rules)).join(", ");
    const orphaned = stuck.some((job) => job.state === "in_progress");
    const route = jobs.find((job) => jobIs(job.name, rules.routeJob));
    if (route === undefined) {
      plans.push({ ...base, action: "leave", reason: `${waited}; the run has no job '${rules.routeJob}' to re-run (watchdog.route_job)` });
    } else if (attempt >= GITHUB_MAX_ATTEMPTS) {
      plans.push({ ...base, action: "leave", reason: `${waited}; GitHub allows no re-run past attempt ${GITHUB_MAX_ATTEMPTS}: start a new run` });
    } else if (attempt - 1 >= rules.maxReroutes) {
      plans.push({
        ...base,
        action: "leave",
        reason: `${waited}; already re-run ${attempt - 1} time(s) (watchdog.max_reroutes ${rules.maxReroutes}): needs a person`,
      });
    } else {
      const how = orphaned ? "cancel the run, wait until the environment lock's lease of this run has expired, then re-run" : "cancel the run, then re-run";
      plans.push({ ...base, action: "reroute", route_job_id: route.id, reason: `${waited}: ${how} '${route.name}' so routing is decided again` });
    }
  }
  return { watched_runs: runs.length, plans, notes };
}
