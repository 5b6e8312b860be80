/**
 * Which runner a queued job starts on, as GitHub assigns them: a GitHub-hosted runner for a job
 * without the `self-hosted` label, else the first online idle self-hosted runner that has every
 * label of `runs-on` and, for `runs-on: { group }`, is in that runner group. GitHub: "If you
 * specify an array of strings or variables, your workflow will execute on any runner that matches
 * all of the specified runs-on values", and a group and labels together must both match
 * (https://docs.github.com/en/actions/using-jobs/choosing-the-runner-for-a-job). Labels compare
 * without regard to case, as GitHub compares them ("Labels are case-insensitive":
 * https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/using-labels-with-self-hosted-runners).
 * Which of several matching idle runners GitHub picks is not documented: here, the first seeded.
 */
import type { Engine } from "./engine.js";
import { EmulatorError } from "./errors.js";
import type { AssignedRunner, JobState, RunnerState } from "./state.js";

const HOSTED_GROUP = { id: 0, name: "GitHub Actions" };

export function isSelfHosted(labels: readonly string[]): boolean {
  return labels.some((label) => label.toLowerCase() === "self-hosted");
}

/** The GitHub-hosted runner `name` (by default one named after the job) as a job's runner. */
export function hostedRunner(job: JobState, name?: string): AssignedRunner {
  return { id: 1_000_000 + (job.id % 100_000), name: name ?? `GitHub Actions ${1 + (job.id % 1000)}`, groupId: HOSTED_GROUP.id, groupName: HOSTED_GROUP.name };
}

/** A self-hosted runner as a job's runner, with its group's name. */
export function assignedRunner(engine: Engine, runner: RunnerState): AssignedRunner {
  const group = engine.state.groups.get(runner.groupId);
  return { id: runner.id, name: runner.name, groupId: runner.groupId, groupName: group?.name ?? "Default" };
}

function runnerFits(engine: Engine, runner: RunnerState, job: JobState): boolean {
  const labels = new Set(runner.labels.map((label) => label.name.toLowerCase()));
  if (!job.runsOn.every((label) => labels.has(label.toLowerCase()))) return false;
  if (job.group === undefined) return true;
  return engine.state.groups.get(runner.groupId)?.name === job.group;
}

/** The runner a queued job would start on: a named one, a hosted one, or the first online idle match (then busy). */
export function pickRunner(engine: Engine, job: JobState, name: string | undefined): AssignedRunner {
  if (!isSelfHosted(job.runsOn)) return hostedRunner(job, name);
  const candidates = [...engine.state.runners.values()].filter((runner) => (name === undefined ? true : runner.name === name));
  if (name !== undefined && candidates.length === 0) throw new EmulatorError(422, `no runner named '${name}'`);
  const runner = candidates.find((r) => r.status === "online" && !r.busy && runnerFits(engine, r, job));
  if (runner === undefined) {
    throw new EmulatorError(
      409,
      `no online idle runner matches [${job.runsOn.join(", ")}]${job.group === undefined ? "" : ` in group ${job.group}`}: the job stays queued`,
    );
  }
  runner.busy = true;
  return assignedRunner(engine, runner);
}

/** The job's self-hosted runner is idle again. */
export function releaseRunner(engine: Engine, job: JobState): void {
  if (job.runner === null) return;
  const runner = engine.state.runners.get(job.runner.id);
  if (runner !== undefined) runner.busy = false;
}
