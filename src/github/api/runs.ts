/** Workflow runs and jobs (latest attempt by default), job annotations and job logs. */
import type { CallOptions, GithubClient, ListOptions } from "../client.js";
import { annotationSchema, jobSchema, workflowRunSchema, workflowSchema, type Annotation, type Job, type Workflow, type WorkflowRun } from "../schemas.js";
import type { RepoRef } from "./runners.js";

export interface RunFilters {
  /** `queued`, `in_progress`, `completed`, or a conclusion such as `failure`. */
  readonly status?: string;
  readonly branch?: string;
  readonly event?: string;
  readonly head_sha?: string;
  /** GitHub's date filter, e.g. `>=2026-01-01T00:00:00Z`. */
  readonly created?: string;
}

export function listWorkflows(client: GithubClient, repo: RepoRef, options: CallOptions = {}): Promise<Workflow[]> {
  return client.list("listWorkflows", { ...repo }, "workflows", workflowSchema, options);
}

export function listRuns(client: GithubClient, repo: RepoRef, filters: RunFilters = {}, options: ListOptions = {}): Promise<WorkflowRun[]> {
  return client.list("listRuns", { ...repo, ...filters }, "workflow_runs", workflowRunSchema, options);
}

/** Runs of one workflow (its id or file name, e.g. `deploy.yml`), newest first. */
export function listWorkflowRuns(
  client: GithubClient,
  repo: RepoRef,
  workflow: number | string,
  filters: RunFilters = {},
  options: ListOptions = {},
): Promise<WorkflowRun[]> {
  return client.list("listWorkflowRuns", { ...repo, workflow_id: workflow, ...filters }, "workflow_runs", workflowRunSchema, options);
}

export function getRun(client: GithubClient, repo: RepoRef, runId: number, options: CallOptions = {}): Promise<WorkflowRun> {
  return client.get("getRun", { ...repo, run_id: runId }, workflowRunSchema, options);
}

/** Jobs of a run: the latest attempt of each job (default), every attempt, or one attempt. */
export type JobSelection = { readonly filter: "latest" | "all" } | { readonly attempt: number };

export function listJobs(
  client: GithubClient,
  repo: RepoRef,
  runId: number,
  selection: JobSelection = { filter: "latest" },
  options: CallOptions = {},
): Promise<Job[]> {
  if ("attempt" in selection) {
    return client.list("listAttemptJobs", { ...repo, run_id: runId, attempt_number: selection.attempt }, "jobs", jobSchema, options);
  }
  return client.list("listRunJobs", { ...repo, run_id: runId, filter: selection.filter }, "jobs", jobSchema, options);
}

export function getJob(client: GithubClient, repo: RepoRef, jobId: number, options: CallOptions = {}): Promise<Job> {
  return client.get("getJob", { ...repo, job_id: jobId }, jobSchema, options);
}

/** Annotations of a job (a job's id is its check run's id). */
export function listAnnotations(client: GithubClient, repo: RepoRef, jobId: number, options: CallOptions = {}): Promise<Annotation[]> {
  return client.list("listAnnotations", { ...repo, check_run_id: jobId }, undefined, annotationSchema, options);
}

/**
 * A job's log as text, following GitHub's redirect to the short-lived log URL; `null` when GitHub
 * has no log (404/410: the runner died before uploading it, or it expired).
 */
export async function getJobLog(client: GithubClient, repo: RepoRef, jobId: number, options: CallOptions = {}): Promise<string | null> {
  try {
    const response = await client.raw("downloadJobLogs", { ...repo, job_id: jobId }, options);
    if (typeof response.data === "string") return response.data;
    return response.data instanceof ArrayBuffer ? new TextDecoder().decode(response.data) : "";
  } catch (e: unknown) {
    if (isGone(e)) return null;
    throw e;
  }
}

function isGone(e: unknown): boolean {
  const cause = e instanceof Error ? e.cause : undefined;
  if (typeof cause !== "object" || cause === null || !("status" in cause)) return false;
  return cause.status === 404 || cause.status === 410;
}
