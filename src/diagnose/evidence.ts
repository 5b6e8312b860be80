/**
 * The facts `classify` needs about one job of one run, read from GitHub: the job (latest attempt),
 * its annotations, its log (GitHub may have none), and its runner's state now. A runner that cannot
 * be read (a token without runner permissions) is "unknown", not an error: the classification then
 * rests on the rest. GitHub being unreachable is an error (exit 3): no classification, no failover.
 */
import type { CallOptions, GithubClient } from "../github/client.js";
import { findRunners, type RepoRef } from "../github/api/runners.js";
import { getJobLog, listAnnotations, listJobs } from "../github/api/runs.js";
import type { Job } from "../github/schemas.js";
import { InputError } from "../model/errors.js";
import type { JobFacts } from "./classify.js";

export interface JobEvidence {
  readonly job: Job;
  readonly facts: JobFacts;
  /** How the runner's state was learnt, or why it is unknown. */
  readonly runnerNote: string;
}

/**
 * The job of `runId` named `name` (or `name (…)`, a matrix leg; or `caller / name`, a job of a called
 * reusable workflow as GitHub names it), latest attempt.
 */
export async function findJob(client: GithubClient, repo: RepoRef, runId: number, name: string, options: CallOptions = {}): Promise<Job> {
  const jobs = await listJobs(client, repo, runId, { filter: "latest" }, options);
  const exact = jobs.filter((job) => job.name === name || job.name.endsWith(` / ${name}`));
  const found = exact.length > 0 ? exact : jobs.filter((job) => job.name.startsWith(`${name} (`));
  if (found.length === 1 && found[0] !== undefined) return found[0];
  const names = [...new Set(jobs.map((job) => job.name))].join(", ") || "(none)";
  if (found.length === 0) throw new InputError("RW_UNKNOWN_JOB", `run ${runId} has no job named '${name}'`, [], { hint: `its jobs: ${names}` });
  throw new InputError("RW_AMBIGUOUS_JOB", `run ${runId} has ${found.length} jobs matching '${name}': ${found.map((job) => job.name).join(", ")}`, [], {
    hint: "give the full job name",
  });
}

async function runnerState(client: GithubClient, repo: RepoRef, job: Job, options: CallOptions): Promise<{ runner: JobFacts["runner"]; note: string }> {
  const name = job.runner_name;
  if (name === null || name === "") return { runner: undefined, note: "the job never had a runner" };
  if (job.runner_group_id === 0 || job.runner_group_name === "GitHub Actions") return { runner: undefined, note: `${name} is a GitHub-hosted runner` };
  for (const scope of [
    { kind: "org" as const, org: repo.owner },
    { kind: "repo" as const, ...repo },
  ]) {
    try {
      const [runner] = await findRunners(client, scope, name, options);
      if (runner !== undefined)
        return { runner: { status: runner.status, busy: runner.busy }, note: `${name} is ${runner.status}${runner.busy ? " and busy" : ""} now` };
    } catch (e: unknown) {
      if (!(e instanceof InputError)) throw e;
    }
  }
  return { runner: undefined, note: `${name}: not found among the organization's or repository's runners (removed, or the token cannot read runners)` };
}

export async function gatherEvidence(client: GithubClient, repo: RepoRef, runId: number, name: string, options: CallOptions = {}): Promise<JobEvidence> {
  const job = await findJob(client, repo, runId, name, options);
  const failed = job.status === "completed" && job.conclusion !== "success" && job.conclusion !== "skipped" && job.conclusion !== "neutral";
  const [annotations, log, state] = await Promise.all([
    listAnnotations(client, repo, job.id, options),
    failed ? getJobLog(client, repo, job.id, options) : Promise.resolve(undefined),
    runnerState(client, repo, job, options),
  ]);
  return {
    job,
    runnerNote: state.note,
    facts: {
      status: job.status,
      conclusion: job.conclusion,
      started: job.runner_id !== null && job.runner_id !== 0,
      annotations: annotations.map((a) => ({ message: a.message ?? "", title: a.title })),
      log,
      runner: state.runner,
    },
  };
}
