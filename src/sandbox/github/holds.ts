/**
 * What holds a job whose needs are met before GitHub queues it for a runner, as GitHub documents it:
 *
 * - Environment protection: "Any protection rules configured for the environment must pass before a
 *   job referencing the environment is sent to a runner" — a job referencing an environment with
 *   required reviewers is `waiting` until one of them approves (or rejects) it.
 *   https://docs.github.com/en/actions/using-jobs/using-environments-for-jobs
 *   https://docs.github.com/en/actions/reference/workflows-and-actions/deployments-and-environments#required-reviewers
 * - Concurrency: "there can be at most one running job or workflow in a concurrency group at any
 *   time"; a job entering a busy group is pending, and "by default, any existing pending job or
 *   workflow in the same concurrency group will be canceled"; with `queue: max`, up to 100 wait in
 *   order (changelog 2026-05-07, "GitHub Actions concurrency groups now allow larger queues").
 *   https://docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency
 *   https://github.blog/changelog/2026-05-07-github-actions-concurrency-groups-now-allow-larger-queues
 *
 * Not documented, so chosen here and said so in docs/sandbox.md: the review comes before the
 * concurrency group; past 100 pending jobs, the oldest pending one is cancelled.
 */
import type { Engine } from "./engine.js";
import { latestJobs, type EnvironmentState, type JobState, type RunState } from "./state.js";

/** GitHub's limit of pending jobs per group with `queue: max`. */
export const MAX_QUEUE = 100;

export const CANCELED_FOR_PRIORITY = (group: string) => `Canceling since a higher priority waiting request for '${group}' exists`;

/** The environment whose required reviewers must still approve this job, if any. */
export function reviewHold(engine: Engine, job: JobState): EnvironmentState | undefined {
  const name = job.def.environment?.name;
  if (name === undefined) return undefined;
  const env = engine.state.environments.get(name);
  return env !== undefined && env.reviewers.length > 0 ? env : undefined;
}

/** Jobs of the latest attempts in `group`: its holder (queued or running) and its pending queue, oldest first. */
export function groupState(engine: Engine, group: string): { holder: JobState | undefined; pending: JobState[] } {
  let holder: JobState | undefined;
  const pending: JobState[] = [];
  for (const run of engine.state.runs.values()) {
    for (const job of latestJobs(engine.state, run)) {
      if (job.def.concurrency?.group !== group) continue;
      if (job.heldBy === "concurrency") pending.push(job);
      else if (job.heldBy === undefined && (job.status === "queued" || job.status === "in_progress")) holder = job;
    }
  }
  pending.sort((a, b) => a.queuedSeq - b.queuedSeq);
  return { holder, pending };
}

const sequences = new WeakMap<object, number>();

/** A number that grows with every job entering a concurrency queue. */
export function nextSeq(engine: Engine): number {
  const next = (sequences.get(engine.state) ?? 0) + 1;
  sequences.set(engine.state, next);
  return next;
}

/** The jobs of `run` waiting for a review of an environment. */
export function waitingJobs(engine: Engine, run: RunState): JobState[] {
  return latestJobs(engine.state, run).filter((job) => job.heldBy === "review");
}
