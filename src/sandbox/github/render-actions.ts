/** GitHub Actions objects rendered from state: runners, runner groups, workflows, runs, jobs, annotations. */
import {
  latestJobs,
  runStatus,
  iso,
  type EmulatorState,
  type JobState,
  type RunState,
  type RunnerGroupState,
  type RunnerState,
  type WorkflowState,
} from "./state.js";
import { mainRepository, nodeId, repoApi, repoWeb, simpleUser, type Json, type Urls } from "./render-common.js";

export function renderRunner(runner: RunnerState): { [key: string]: Json } {
  return {
    id: runner.id,
    name: runner.name,
    os: runner.os,
    status: runner.status,
    busy: runner.busy,
    ephemeral: runner.ephemeral,
    runner_group_id: runner.groupId,
    version: runner.version,
    labels: runner.labels.map((label) => ({ id: label.id, name: label.name, type: label.type })),
  };
}

export function renderRunnerGroup(urls: Urls, state: EmulatorState, group: RunnerGroupState): { [key: string]: Json } {
  const url = `${urls.api}/orgs/${state.org.login}/actions/runner-groups/${group.id}`;
  return {
    id: group.id,
    name: group.name,
    visibility: group.visibility,
    default: group.default,
    ...(group.visibility === "selected" ? { selected_repositories_url: `${url}/repositories` } : {}),
    runners_url: `${url}/runners`,
    hosted_runners_url: `${url}/hosted-runners`,
    inherited: false,
    allows_public_repositories: group.allowsPublicRepositories,
    restricted_to_workflows: group.restrictedToWorkflows,
    selected_workflows: group.selectedWorkflows,
    workflow_restrictions_read_only: false,
  };
}

export function renderWorkflow(urls: Urls, state: EmulatorState, workflow: WorkflowState): { [key: string]: Json } {
  return {
    id: workflow.id,
    node_id: nodeId("Workflow", workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: workflow.state,
    created_at: iso(workflow.createdAt),
    updated_at: iso(workflow.createdAt),
    url: `${repoApi(urls, state)}/actions/workflows/${workflow.id}`,
    html_url: `${repoWeb(urls, state)}/blob/${state.repo.defaultBranch}/${workflow.path}`,
    badge_url: `${repoWeb(urls, state)}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  };
}

export function renderRun(urls: Urls, state: EmulatorState, run: RunState): { [key: string]: Json } {
  const workflow = state.workflows.get(run.workflowId);
  const { status, conclusion } = runStatus(latestJobs(state, run));
  const api = `${repoApi(urls, state)}/actions/runs/${run.id}`;
  const actor = simpleUser(urls, run.actor);
  const repository = mainRepository(urls, state);
  return {
    id: run.id,
    name: workflow?.name ?? null,
    node_id: nodeId("WorkflowRun", run.id),
    check_suite_id: run.id + 7_000_000_000,
    check_suite_node_id: nodeId("CheckSuite", run.id + 7_000_000_000),
    head_branch: run.branch,
    head_sha: run.sha,
    path: workflow?.path ?? "",
    display_title: run.title,
    run_number: run.runNumber,
    run_attempt: run.attempt,
    referenced_workflows: [],
    event: run.event,
    status,
    conclusion,
    workflow_id: run.workflowId,
    url: api,
    html_url: `${repoWeb(urls, state)}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: iso(run.createdAt),
    updated_at: iso(run.updatedAt),
    actor,
    triggering_actor: actor,
    run_started_at: iso(run.runStartedAt),
    jobs_url: `${api}/jobs`,
    logs_url: `${api}/logs`,
    check_suite_url: `${repoApi(urls, state)}/check-suites/${run.id + 7_000_000_000}`,
    artifacts_url: `${api}/artifacts`,
    cancel_url: `${api}/cancel`,
    rerun_url: `${api}/rerun`,
    previous_attempt_url: run.attempt > 1 ? `${api}/attempts/${run.attempt - 1}` : null,
    workflow_url: `${repoApi(urls, state)}/actions/workflows/${run.workflowId}`,
    head_commit: {
      id: run.sha,
      tree_id: run.sha.split("").reverse().join(""),
      message: run.title,
      timestamp: iso(run.createdAt),
      author: { name: run.actor, email: `${run.actor}@users.noreply.github.com` },
      committer: { name: "GitHub", email: "noreply@github.com" },
    },
    repository,
    head_repository: repository,
  };
}

function stepsOf(job: JobState): Json[] {
  return job.def.steps.map((name, index) => {
    const done = job.status === "completed";
    const running = job.status === "in_progress";
    const status = done ? "completed" : running && index === 0 ? "in_progress" : "queued";
    const conclusion = done ? job.conclusion : null;
    return {
      name,
      status,
      conclusion,
      number: index + 1,
      started_at: job.startedAt === null ? null : iso(job.startedAt),
      completed_at: done && job.completedAt !== null ? iso(job.completedAt) : null,
    };
  });
}

export function renderJob(urls: Urls, state: EmulatorState, job: JobState): { [key: string]: Json } {
  const run = state.runs.get(job.runId);
  const workflow = run === undefined ? undefined : state.workflows.get(run.workflowId);
  const started = job.startedAt ?? job.createdAt;
  return {
    id: job.id,
    run_id: job.runId,
    workflow_name: workflow?.name ?? null,
    head_branch: run?.branch ?? null,
    run_url: `${repoApi(urls, state)}/actions/runs/${job.runId}`,
    run_attempt: job.attempt,
    node_id: nodeId("CheckRun", job.id),
    head_sha: run?.sha ?? "",
    url: `${repoApi(urls, state)}/actions/jobs/${job.id}`,
    html_url: `${repoWeb(urls, state)}/actions/runs/${job.runId}/job/${job.id}`,
    status: job.status,
    conclusion: job.conclusion,
    created_at: iso(job.createdAt),
    started_at: iso(started),
    completed_at: job.completedAt === null ? null : iso(job.completedAt),
    name: job.def.displayName ?? job.def.name,
    steps: stepsOf(job),
    check_run_url: `${repoApi(urls, state)}/check-runs/${job.id}`,
    labels: [...job.runsOn],
    runner_id: job.runner?.id ?? null,
    runner_name: job.runner?.name ?? null,
    runner_group_id: job.runner?.groupId ?? null,
    runner_group_name: job.runner?.groupName ?? null,
  };
}

export function renderAnnotations(urls: Urls, state: EmulatorState, job: JobState): Json[] {
  const run = state.runs.get(job.runId);
  return job.annotations.map((annotation) => ({
    path: annotation.path,
    blob_href: `${repoWeb(urls, state)}/blob/${run?.sha ?? state.repo.defaultBranch}/${annotation.path}`,
    start_line: annotation.line,
    end_line: annotation.line,
    start_column: null,
    end_column: null,
    annotation_level: annotation.level,
    title: annotation.title ?? null,
    message: annotation.message,
    raw_details: null,
  }));
}
