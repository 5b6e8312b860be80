/**
 * The emulator's state: everything GitHub would know about one organization and one repository.
 * Responses are rendered from here (render-*.ts); writes and the control API change it (engine.ts).
 * Ids come from per-kind counters, so runner, run and job ids stay consistent across endpoints.
 */
import type { Access, PermissionName } from "../../github/endpoints.js";

export type JobStatus = "queued" | "in_progress" | "completed" | "pending" | "waiting";
export type Conclusion = "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required";
export type Permissions = Partial<Record<PermissionName, Access>>;

export interface RunnerGroupState {
  readonly id: number;
  name: string;
  visibility: "all" | "selected" | "private";
  readonly default: boolean;
  repositories: string[];
  restrictedToWorkflows: boolean;
  selectedWorkflows: string[];
  allowsPublicRepositories: boolean;
}

export interface LabelState {
  readonly id: number;
  readonly name: string;
  readonly type: "read-only" | "custom";
}

export interface RunnerState {
  readonly id: number;
  readonly name: string;
  readonly scope: "org" | "repo";
  groupId: number;
  labels: LabelState[];
  status: "online" | "offline";
  busy: boolean;
  version: string;
  os: string;
  ephemeral: boolean;
}

export interface JobDefState {
  /** The job's id in the workflow (what `needs` names). */
  readonly name: string;
  /** The name GitHub shows and lists, when not the id: `caller / job` for a called reusable workflow's job. */
  readonly displayName?: string;
  readonly needs: readonly string[];
  readonly runsOn: readonly string[];
  readonly group: string | undefined;
  readonly outputs: Readonly<Record<string, string>>;
  readonly steps: readonly string[];
  /** The job's `if:` (GitHub's expression language, the subset in expressions.ts). */
  readonly if: string | undefined;
  /** `environment:` — its protection rules hold the job; `deployment: false`: no deployment object. */
  readonly environment: JobEnvironmentDef | undefined;
  /** `concurrency:` of the job (its group already a literal). */
  readonly concurrency: JobConcurrencyDef | undefined;
}

export interface JobEnvironmentDef {
  readonly name: string;
  readonly deployment: boolean;
}

export interface JobConcurrencyDef {
  readonly group: string;
  readonly cancelInProgress: boolean;
  /** `single` (GitHub's default): one pending job per group; `max`: up to 100, in order. */
  readonly queue: "single" | "max";
}

export interface WorkflowState {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  state: "active" | "disabled_manually";
  readonly jobs: readonly JobDefState[];
  readonly createdAt: number;
}

export interface AnnotationState {
  readonly level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title: string | undefined;
  readonly path: string;
  readonly line: number;
}

export interface AssignedRunner {
  readonly id: number;
  readonly name: string;
  readonly groupId: number;
  readonly groupName: string;
}

/** One execution of one job (a re-run creates a new one with a new id and attempt). */
export interface JobState {
  readonly id: number;
  readonly runId: number;
  readonly attempt: number;
  readonly def: JobDefState;
  /** `runs-on` labels and group as resolved when the job was queued (from `needs.*.outputs`). */
  runsOn: readonly string[];
  group: string | undefined;
  status: JobStatus;
  conclusion: Conclusion | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  runner: AssignedRunner | null;
  annotations: AnnotationState[];
  /** null: GitHub has no log for this job. */
  log: string | null;
  outputs: Record<string, string>;
  /**
   * Why a job whose needs are met is not queued yet: `review` (status `waiting`: its environment's
   * required reviewers), `concurrency` (status `pending`: another job holds its concurrency group).
   */
  heldBy: "review" | "concurrency" | undefined;
  /** Order of arrival in its concurrency group's queue. */
  queuedSeq: number;
  /** The deployment object GitHub created for the job's environment (none with `deployment: false`). */
  deploymentId: number | undefined;
}

export interface RunState {
  readonly id: number;
  readonly workflowId: number;
  readonly runNumber: number;
  readonly event: string;
  readonly branch: string;
  readonly sha: string;
  readonly title: string;
  readonly actor: string;
  attempt: number;
  readonly createdAt: number;
  updatedAt: number;
  runStartedAt: number;
  /** A cancel was requested for the current attempt (`cancelled()` in job conditions). */
  cancelRequested: boolean;
  /** The run's environment reviews, oldest first (`GET …/runs/{run_id}/approvals`). */
  reviews: ReviewState[];
}

export interface ReviewState {
  readonly state: "approved" | "rejected";
  readonly comment: string;
  readonly environments: readonly string[];
  readonly user: string;
  readonly at: number;
}

export interface DeploymentStatusState {
  readonly id: number;
  readonly deploymentId: number;
  readonly state: "error" | "failure" | "inactive" | "pending" | "success" | "queued" | "in_progress";
  readonly description: string;
  readonly environment: string;
  readonly logUrl: string;
  readonly environmentUrl: string;
  readonly createdAt: number;
}

export interface DeploymentState {
  readonly id: number;
  readonly sha: string;
  readonly ref: string;
  readonly task: string;
  readonly environment: string;
  readonly description: string | null;
  readonly payload: Record<string, unknown>;
  readonly productionEnvironment: boolean;
  readonly transientEnvironment: boolean;
  readonly createdAt: number;
  updatedAt: number;
}

export interface EnvironmentState {
  readonly id: number;
  readonly name: string;
  readonly waitTimer: number | undefined;
  readonly reviewers: readonly string[];
  readonly preventSelfReview: boolean;
  readonly branchPolicy: "none" | "protected" | "custom";
  readonly createdAt: number;
}

export interface RuleState {
  readonly type: string;
  readonly rulesetId: number;
  readonly source: "Repository" | "Organization";
  readonly parameters: Record<string, unknown> | undefined;
}

export interface BranchState {
  readonly name: string;
  readonly protection:
    | {
        readonly reviews: number;
        readonly checks: readonly string[];
        readonly enforceAdmins: boolean;
        readonly linearHistory: boolean;
        readonly forcePushes: boolean;
        readonly deletions: boolean;
      }
    | undefined;
  readonly rules: readonly RuleState[];
}

export interface PullRequestState {
  readonly number: number;
  readonly title: string;
  readonly state: "open" | "closed";
  readonly merged: boolean;
  readonly author: string;
}

export interface CommitState {
  readonly sha: string;
  /** Parent commits (GitHub's compare walks them); empty: a root commit, or parents unknown. */
  readonly parents: readonly string[];
  readonly message: string;
  readonly author: string;
  readonly pullRequests: readonly PullRequestState[];
}

export interface TokenState {
  readonly value: string;
  readonly kind: "token" | "installation";
  /** undefined: every permission. */
  readonly permissions: Permissions | undefined;
  readonly expiresAt: number | undefined;
}

export interface AppState {
  readonly id: number;
  readonly slug: string;
  readonly installationId: number;
  readonly publicKey: string;
  readonly permissions: Permissions | undefined;
}

export interface EmulatorState {
  readonly org: { readonly login: string; readonly id: number };
  readonly repo: { readonly name: string; readonly id: number; readonly defaultBranch: string; readonly private: boolean };
  /** Other repositories of the org (known by name, for runner group access lists). */
  readonly otherRepos: Map<string, number>;
  readonly groups: Map<number, RunnerGroupState>;
  readonly runners: Map<number, RunnerState>;
  readonly workflows: Map<number, WorkflowState>;
  readonly runs: Map<number, RunState>;
  readonly jobs: Map<number, JobState>;
  readonly deployments: Map<number, DeploymentState>;
  readonly statuses: Map<number, DeploymentStatusState>;
  readonly environments: Map<string, EnvironmentState>;
  readonly branches: Map<string, BranchState>;
  readonly commits: Map<string, CommitState>;
  readonly tokens: Map<string, TokenState>;
  readonly app: AppState | undefined;
  readonly rateLimit: { readonly limit: number };
  readonly createdAt: number;
}

export type IdKind = "group" | "runner" | "label" | "workflow" | "run" | "job" | "deployment" | "status" | "environment" | "repo" | "ruleset";

const FIRST_ID: Record<IdKind, number> = {
  group: 2,
  runner: 11,
  label: 101,
  workflow: 161_001,
  run: 30_433_601,
  job: 84_120_001,
  deployment: 1_200_001,
  status: 2_400_001,
  environment: 161_088_001,
  repo: 1_296_269,
  ruleset: 42,
};

/** Id counters; a seeded id moves the counter past it. */
export class IdSequence {
  readonly #next = new Map<IdKind, number>();

  take(kind: IdKind, wanted?: number): number {
    const next = this.#next.get(kind) ?? FIRST_ID[kind];
    const id = wanted ?? next;
    this.#next.set(kind, Math.max(next, id + 1));
    return id;
  }
}

/** GitHub's timestamp format: ISO 8601, seconds, `Z`. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The latest execution of each job of a run, in workflow order. */
export function latestJobs(state: EmulatorState, run: RunState): JobState[] {
  const latest = new Map<string, JobState>();
  for (const job of state.jobs.values()) {
    if (job.runId !== run.id) continue;
    const current = latest.get(job.def.name);
    if (current === undefined || job.attempt > current.attempt) latest.set(job.def.name, job);
  }
  const workflow = state.workflows.get(run.workflowId);
  const order = new Map(workflow?.jobs.map((def, index) => [def.name, index]) ?? []);
  return [...latest.values()].sort((a, b) => (order.get(a.def.name) ?? 0) - (order.get(b.def.name) ?? 0));
}

/** A run's status from its jobs; `waiting`: nothing runs and a job waits for an environment's reviewers. */
export function runStatus(jobs: readonly JobState[]): { status: "queued" | "in_progress" | "completed" | "waiting"; conclusion: Conclusion | null } {
  if (jobs.length > 0 && jobs.every((job) => job.status === "completed")) {
    const conclusions = jobs.map((job) => job.conclusion);
    for (const worst of ["failure", "timed_out", "cancelled", "action_required"] as const) {
      if (conclusions.includes(worst)) return { status: "completed", conclusion: worst };
    }
    return { status: "completed", conclusion: "success" };
  }
  if (jobs.some((job) => job.status === "waiting") && !jobs.some((job) => job.status === "in_progress" || job.status === "queued"))
    return { status: "waiting", conclusion: null };
  if (jobs.some((job) => job.status === "in_progress" || job.status === "completed")) return { status: "in_progress", conclusion: null };
  return { status: "queued", conclusion: null };
}
