/**
 * Re-runs, the way GitHub makes them ("Re-running workflows and jobs",
 * https://docs.github.com/actions/managing-workflow-runs/re-running-workflows-and-jobs): a re-run is a
 * new attempt of the run in which the re-run jobs and the jobs that depend on them execute again,
 * while every other job keeps its result and the outputs of the previous attempt; a run can be
 * re-run at most 50 times.
 */
import { createJobs, settle, type Engine } from "./engine.js";
import { EmulatorError } from "./errors.js";
import { latestJobs, runStatus, type Conclusion, type JobState, type RunState, type WorkflowState } from "./state.js";

const FAILED: readonly (Conclusion | null)[] = ["failure", "cancelled", "timed_out"];

function dependents(workflow: WorkflowState, roots: ReadonlySet<string>): Set<string> {
  const result = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const def of workflow.jobs) {
      if (!result.has(def.name) && def.needs.some((need) => result.has(need))) {
        result.add(def.name);
        grew = true;
      }
    }
  }
  return result;
}

/** A new attempt: `names` execute again; every other job is carried over with its result and outputs. */
function newAttempt(engine: Engine, run: RunState, names: ReadonlySet<string>, runningMessage: string): void {
  const workflow = engine.state.workflows.get(run.workflowId);
  if (workflow === undefined) throw new EmulatorError(404, "Not Found");
  const jobs = latestJobs(engine.state, run);
  if (runStatus(jobs).status !== "completed") throw new EmulatorError(403, runningMessage);
  if (run.attempt >= 50) throw new EmulatorError(403, "This workflow run cannot be retried");
  run.attempt += 1;
  run.cancelRequested = false;
  for (const job of jobs) {
    if (names.has(job.def.name)) continue;
    const id = engine.ids.take("job");
    engine.state.jobs.set(id, { ...job, id, attempt: run.attempt, annotations: [...job.annotations], outputs: { ...job.outputs } });
  }
  createJobs(engine, run, workflow, names, run.attempt);
  run.runStartedAt = engine.now();
  settle(engine, run);
}

export function rerunRun(engine: Engine, run: RunState): void {
  const workflow = engine.state.workflows.get(run.workflowId);
  newAttempt(engine, run, new Set(workflow?.jobs.map((def) => def.name) ?? []), "This workflow is already running");
}

export function rerunFailedJobs(engine: Engine, run: RunState): void {
  const workflow = engine.state.workflows.get(run.workflowId);
  const jobs = latestJobs(engine.state, run);
  if (runStatus(jobs).status !== "completed") throw new EmulatorError(403, "This workflow is already running");
  const failed = new Set(jobs.filter((job) => FAILED.includes(job.conclusion)).map((job) => job.def.name));
  if (failed.size === 0 || workflow === undefined) throw new EmulatorError(403, "This workflow run cannot be retried");
  newAttempt(engine, run, dependents(workflow, failed), "This workflow is already running");
}

export function rerunJob(engine: Engine, job: JobState): void {
  const run = engine.state.runs.get(job.runId);
  const workflow = run === undefined ? undefined : engine.state.workflows.get(run.workflowId);
  if (run === undefined || workflow === undefined) throw new EmulatorError(404, "Not Found");
  newAttempt(engine, run, dependents(workflow, new Set([job.def.name])), "The workflow run containing this job is already running");
}
