/**
 * How runs and jobs move, the way GitHub moves them: jobs wait for their `needs`, take a matching
 * online idle runner, finish with a conclusion; cancel stops what has not finished. (Re-runs:
 * reruns.ts.)
 */
import { randomBytes } from "node:crypto";
import { pickRunner, releaseRunner } from "./assignment.js";
import { addDeployment, addDeploymentStatus } from "./deployment-records.js";
import { EmulatorError } from "./errors.js";
import { ExpressionError, jobCondition, resolveRunsOn, type ExpressionContext } from "./expressions.js";
import { CANCELED_FOR_PRIORITY, groupState, MAX_QUEUE, nextSeq, reviewHold, waitingJobs } from "./holds.js";
import {
  latestJobs,
  runStatus,
  type AnnotationState,
  type Conclusion,
  type EmulatorState,
  type IdSequence,
  type JobState,
  type RunState,
  type WorkflowState,
} from "./state.js";

export interface Engine {
  readonly state: EmulatorState;
  readonly ids: IdSequence;
  now(): number;
}

export const LOST_RUNNER_MESSAGE = (runner: string) =>
  `The self-hosted runner: ${runner} lost communication with the server. Verify the machine is running and has a healthy network connection. Anything in your workflow that terminates the runner process, starves it for CPU/Memory, or blocks its network access can cause this error.`;

export function defaultLog(job: JobState): string {
  const at = new Date(job.startedAt ?? job.createdAt).toISOString();
  const lines = [`${at} Requested labels: ${job.runsOn.join(", ")}`, `${at} Job defined at: .github/workflows/${job.def.name}`];
  if (job.runner !== null)
    lines.push(`${at} Job is about to start running on the runner: ${job.runner.name} (${job.runner.groupId === 0 ? "hosted" : "organization"})`);
  for (const step of job.def.steps) lines.push(`${at} ##[group]${step}`, `${at} ##[endgroup]`);
  if (job.conclusion !== null) lines.push(`${at} Job completed with conclusion: ${job.conclusion}`);
  return `${lines.join("\n")}\n`;
}

/** New executions of `names` in attempt `attempt` (pending until their needs finish). */
export function createJobs(engine: Engine, run: RunState, workflow: WorkflowState, names: ReadonlySet<string>, attempt: number): void {
  for (const def of workflow.jobs) {
    if (!names.has(def.name)) continue;
    const id = engine.ids.take("job");
    engine.state.jobs.set(id, {
      id,
      runId: run.id,
      attempt,
      def,
      runsOn: def.runsOn,
      group: def.group,
      // Every job starts pending; settle() queues those whose needs are met (through their holds).
      status: "pending",
      conclusion: null,
      createdAt: engine.now(),
      startedAt: null,
      completedAt: null,
      runner: null,
      annotations: [],
      log: null,
      outputs: {},
      heldBy: undefined,
      queuedSeq: 0,
      deploymentId: undefined,
    });
  }
}

/** What a job's expressions see: its needs' results and outputs, and whether the run was cancelled. */
export function expressionContext(engine: Engine, run: RunState, job: JobState): ExpressionContext {
  const byName = new Map(latestJobs(engine.state, run).map((other) => [other.def.name, other]));
  const needs: Record<string, { result: string; outputs: Record<string, string> }> = {};
  for (const name of job.def.needs) {
    const need = byName.get(name);
    needs[name] = { result: need?.conclusion ?? "", outputs: need?.outputs ?? {} };
  }
  return { needs, cancelled: run.cancelRequested };
}

/** Resolves a job's `runs-on` from its needs' outputs, as GitHub does when the job is queued; false: it failed the job. */
export function resolveJobRunsOn(engine: Engine, run: RunState, job: JobState): boolean {
  try {
    const resolved = resolveRunsOn(job.def.runsOn, job.def.group, expressionContext(engine, run, job));
    job.runsOn = resolved.labels;
    job.group = resolved.group;
    return true;
  } catch (e: unknown) {
    if (!(e instanceof ExpressionError)) throw e;
    job.runsOn = [];
    job.group = undefined;
    job.annotations.push({
      level: "failure",
      message: `Error when evaluating 'runs-on' for job '${job.def.name}'. ${e.message}`,
      title: undefined,
      path: ".github",
      line: 1,
    });
    finish(engine, job, "failure");
    return false;
  }
}

/**
 * Pending jobs whose needs have all finished: their `if:` decides (default `success()`: every need
 * succeeded) whether they are queued — with `runs-on` resolved — or skipped.
 */
export function settle(engine: Engine, run: RunState): void {
  for (let changed = true; changed; ) {
    changed = false;
    const latest = latestJobs(engine.state, run);
    const byName = new Map(latest.map((job) => [job.def.name, job]));
    for (const job of latest) {
      if (job.status !== "pending" || job.heldBy !== undefined) continue;
      const needs = job.def.needs.map((name) => byName.get(name));
      if (!needs.every((need) => need?.status === "completed")) continue;
      changed = true;
      let runs: boolean;
      try {
        runs = jobCondition(job.def.if, expressionContext(engine, run, job));
      } catch (e: unknown) {
        if (!(e instanceof ExpressionError)) throw e;
        job.annotations.push({
          level: "failure",
          message: `Error when evaluating 'if' for job '${job.def.name}'. ${e.message}`,
          title: undefined,
          path: ".github",
          line: 1,
        });
        finish(engine, job, "failure");
        continue;
      }
      if (!runs) {
        finish(engine, job, "skipped");
        continue;
      }
      // A job with needs is queued when they finish; a first job, when the run starts.
      if (job.def.needs.length > 0) job.createdAt = engine.now();
      if (resolveJobRunsOn(engine, run, job)) admit(engine, run, job);
    }
  }
  run.updatedAt = engine.now();
}

/** A job whose needs are met: held for its environment's reviewers, else on to its concurrency group. */
function admit(engine: Engine, run: RunState, job: JobState): void {
  if (reviewHold(engine, job) !== undefined) {
    job.status = "waiting";
    job.heldBy = "review";
    return;
  }
  enterGroup(engine, run, job);
}

/** Into its concurrency group (pending while another job holds it), or straight to the queue. */
function enterGroup(engine: Engine, run: RunState, job: JobState): void {
  const concurrency = job.def.concurrency;
  if (concurrency === undefined) {
    queueJob(engine, run, job);
    return;
  }
  const { holder, pending } = groupState(engine, concurrency.group);
  if (holder === undefined && pending.length === 0) {
    queueJob(engine, run, job);
    return;
  }
  if (holder !== undefined && concurrency.cancelInProgress) {
    holder.annotations.push({ level: "failure", message: CANCELED_FOR_PRIORITY(concurrency.group), title: undefined, path: ".github", line: 1 });
    finish(engine, holder, "cancelled");
    if (groupState(engine, concurrency.group).holder === undefined) {
      queueJob(engine, run, job);
      return;
    }
  }
  const keep = concurrency.queue === "max" ? MAX_QUEUE - 1 : 0;
  for (const older of pending.slice(0, Math.max(0, pending.length - keep))) {
    older.annotations.push({ level: "failure", message: CANCELED_FOR_PRIORITY(concurrency.group), title: undefined, path: ".github", line: 1 });
    finish(engine, older, "cancelled");
  }
  job.status = "pending";
  job.heldBy = "concurrency";
  job.queuedSeq = nextSeq(engine);
}

/** Queued for a runner; a job referencing an environment gets its deployment object (unless `deployment: false`). */
function queueJob(engine: Engine, run: RunState, job: JobState): void {
  if (job.heldBy !== undefined) job.createdAt = engine.now();
  job.status = "queued";
  job.heldBy = undefined;
  const env = job.def.environment;
  if (env === undefined || !env.deployment) return;
  const deployment = addDeployment(engine, {
    sha: run.sha,
    ref: run.branch,
    task: "deploy",
    environment: env.name,
    description: null,
    payload: {},
    productionEnvironment: env.name === "production",
    transientEnvironment: false,
  });
  job.deploymentId = deployment.id;
  addDeploymentStatus(engine, deployment, { state: "queued", description: "", logUrl: "", environmentUrl: "" });
}

/** The next pending job of the group its finished holder leaves, queued. */
function promote(engine: Engine, group: string): void {
  const { holder, pending } = groupState(engine, group);
  const next = pending[0];
  if (holder !== undefined || next === undefined) return;
  const run = engine.state.runs.get(next.runId);
  if (run !== undefined) queueJob(engine, run, next);
}

/**
 * A required reviewer's decision on the environments `names` the run waits on: approved jobs go on
 * to their concurrency group; rejected ones fail. Recorded in the run's review history.
 */
export function reviewRun(
  engine: Engine,
  run: RunState,
  names: readonly string[],
  review: { state: "approved" | "rejected"; comment: string; user: string },
): void {
  const jobs = waitingJobs(engine, run).filter((job) => names.includes(job.def.environment?.name ?? ""));
  if (jobs.length === 0) throw new EmulatorError(422, "No pending deployment requests to approve or reject");
  run.reviews.push({ state: review.state, comment: review.comment, environments: [...names], user: review.user, at: engine.now() });
  for (const job of jobs) {
    if (review.state === "approved") {
      enterGroup(engine, run, job);
    } else {
      job.heldBy = undefined;
      job.annotations.push({
        level: "failure",
        message: `The deployment was rejected or didn't satisfy other protection rules.`,
        title: undefined,
        path: ".github",
        line: 1,
      });
      finish(engine, job, "failure");
    }
  }
  settle(engine, run);
}

function finish(engine: Engine, job: JobState, conclusion: Conclusion): void {
  const held = job.heldBy;
  const holding = held === undefined && (job.status === "queued" || job.status === "in_progress");
  job.heldBy = undefined;
  releaseRunner(engine, job);
  job.status = "completed";
  job.conclusion = conclusion;
  job.completedAt = engine.now();
  if (job.startedAt === null && conclusion !== "skipped") job.startedAt = job.completedAt;
  if (job.log === null && job.runner !== null) job.log = defaultLog(job);
  const deployment = job.deploymentId === undefined ? undefined : engine.state.deployments.get(job.deploymentId);
  if (deployment !== undefined)
    addDeploymentStatus(engine, deployment, {
      state: conclusion === "success" ? "success" : conclusion === "cancelled" ? "error" : "failure",
      description: "",
      logUrl: "",
      environmentUrl: "",
    });
  const group = job.def.concurrency?.group;
  if (group !== undefined && holding) promote(engine, group);
}

/** A new run of `workflow`; `settled: false` leaves every job pending (the seed sets their states itself). */
export function startRun(
  engine: Engine,
  workflow: WorkflowState,
  fields: { event: string; branch: string; sha?: string; actor: string; title?: string; id?: number; createdAt?: number },
  settled = true,
): RunState {
  const runNumber = 1 + [...engine.state.runs.values()].filter((r) => r.workflowId === workflow.id).length;
  const at = fields.createdAt ?? engine.now();
  const run: RunState = {
    id: engine.ids.take("run", fields.id),
    workflowId: workflow.id,
    runNumber,
    event: fields.event,
    branch: fields.branch,
    sha: fields.sha ?? randomBytes(20).toString("hex"),
    title: fields.title ?? workflow.name,
    actor: fields.actor,
    attempt: 1,
    createdAt: at,
    updatedAt: at,
    runStartedAt: at,
    cancelRequested: false,
    reviews: [],
  };
  engine.state.runs.set(run.id, run);
  createJobs(engine, run, workflow, new Set(workflow.jobs.map((def) => def.name)), 1);
  if (settled) settle(engine, run);
  return run;
}

export interface AdvanceRequest {
  readonly status?: "in_progress" | "completed" | undefined;
  readonly conclusion?: Conclusion | undefined;
  readonly runner?: string | undefined;
  readonly outputs?: Readonly<Record<string, string>> | undefined;
  readonly annotations?: readonly AnnotationState[] | undefined;
  readonly log?: string | undefined;
  /** The runner died: the job fails with GitHub's "lost communication" annotation, and no log. */
  readonly lostRunner?: boolean | undefined;
}

/** One step forward: queued → in_progress → completed (or straight to completed). */
export function advanceJob(engine: Engine, job: JobState, request: AdvanceRequest = {}): JobState {
  const run = engine.state.runs.get(job.runId);
  const latest = run === undefined ? [] : latestJobs(engine.state, run);
  if (!latest.includes(job)) throw new EmulatorError(409, `job ${job.id} is not the latest execution of '${job.def.name}'`);
  if (job.status === "completed") throw new EmulatorError(409, `job ${job.id} is already completed`);
  if (job.heldBy === "review") throw new EmulatorError(409, `job ${job.id} waits for a review of environment ${job.def.environment?.name ?? ""}`);
  if (job.heldBy === "concurrency") throw new EmulatorError(409, `job ${job.id} is pending in concurrency group ${job.def.concurrency?.group ?? ""}`);
  if (job.status === "pending") throw new EmulatorError(409, `job ${job.id} waits for ${job.def.needs.join(", ")}`);
  const target =
    request.status ?? (job.status === "in_progress" || request.conclusion !== undefined || request.lostRunner === true ? "completed" : "in_progress");
  const neverStarts = target === "completed" && (request.conclusion === "cancelled" || request.conclusion === "skipped");
  if (job.status !== "in_progress" && !neverStarts) {
    job.runner = pickRunner(engine, job, request.runner);
    job.startedAt = engine.now();
    job.status = "in_progress";
    const deployment = job.deploymentId === undefined ? undefined : engine.state.deployments.get(job.deploymentId);
    if (deployment !== undefined) addDeploymentStatus(engine, deployment, { state: "in_progress", description: "", logUrl: "", environmentUrl: "" });
  }
  if (request.outputs !== undefined) job.outputs = { ...job.outputs, ...request.outputs };
  if (request.annotations !== undefined) job.annotations = [...job.annotations, ...request.annotations];
  if (request.log !== undefined) job.log = request.log;
  if (target === "completed") {
    if (request.lostRunner === true) {
      job.annotations.push({ level: "failure", message: LOST_RUNNER_MESSAGE(job.runner?.name ?? "unknown"), title: undefined, path: ".github", line: 1 });
      finish(engine, job, "failure");
      job.log = null;
    } else {
      job.outputs = { ...job.def.outputs, ...job.outputs };
      finish(engine, job, request.conclusion ?? "success");
    }
  }
  if (run !== undefined) settle(engine, run);
  return job;
}

/** Cancels everything not finished. GitHub answers 409 for a completed run. */
export function cancelRun(engine: Engine, run: RunState, actor = "octocat"): void {
  const jobs = latestJobs(engine.state, run);
  if (runStatus(jobs).status === "completed") throw new EmulatorError(409, "Cannot cancel a workflow run that is completed.");
  run.cancelRequested = true;
  for (const job of jobs) {
    if (job.status === "completed") continue;
    const started = job.status === "in_progress";
    const queued = job.status === "queued" || job.heldBy !== undefined;
    finish(engine, job, started || queued ? "cancelled" : "skipped");
    if (started) job.annotations.push({ level: "failure", message: "The operation was canceled.", title: undefined, path: ".github", line: 1 });
    if (started || queued)
      job.annotations.push({ level: "failure", message: `The run was canceled by @${actor}.`, title: undefined, path: ".github", line: 1 });
  }
  run.updatedAt = engine.now();
}

export function findWorkflow(engine: Engine, key: string): WorkflowState | undefined {
  for (const workflow of engine.state.workflows.values()) {
    if (String(workflow.id) === key || workflow.path === key || workflow.path.endsWith(`/${key}`)) return workflow;
  }
  return undefined;
}
