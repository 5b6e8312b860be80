/** Read routes of GitHub Actions: runners, runner groups, workflows, runs, jobs, annotations, job logs. */
import { findWorkflow } from "./engine.js";
import { listReply, json, notFound, fail, type RouteReply } from "./http.js";
import { minimalRepository } from "./render-common.js";
import { renderAnnotations, renderJob, renderRun, renderRunner, renderRunnerGroup, renderWorkflow } from "./render-actions.js";
import { isOrg, isRepo, jobParam, logSignature, numberParam, runParam, type RouteContext, type RouteDef } from "./route-context.js";
import { latestJobs, runStatus, type JobState, type RunnerGroupState, type RunState } from "./state.js";

const RUN_STATUSES = new Set(["queued", "in_progress", "completed", "requested", "waiting", "pending"]);

function runners(ctx: RouteContext, scope: "org" | "repo", groupId?: number): RouteReply {
  const name = ctx.url.searchParams.get("name");
  const items = [...ctx.engine.state.runners.values()]
    .filter((runner) => runner.scope === scope && (groupId === undefined || runner.groupId === groupId) && (name === null || runner.name === name))
    .map(renderRunner);
  return listReply(ctx, items, "runners");
}

function matchesCreated(filter: string, createdAt: number): boolean {
  const range = /^(.+)\.\.(.+)$/.exec(filter);
  if (range?.[1] !== undefined && range[2] !== undefined) return createdAt >= Date.parse(range[1]) && createdAt <= Date.parse(range[2]);
  const compare = /^(>=|<=|>|<)(.+)$/.exec(filter);
  if (compare?.[2] !== undefined) {
    const at = Date.parse(compare[2]);
    return compare[1] === ">=" ? createdAt >= at : compare[1] === "<=" ? createdAt <= at : compare[1] === ">" ? createdAt > at : createdAt < at;
  }
  return new Date(createdAt).toISOString().startsWith(filter);
}

function runMatches(ctx: RouteContext, run: RunState): boolean {
  const q = ctx.url.searchParams;
  const { status, conclusion } = runStatus(latestJobs(ctx.engine.state, run));
  const wanted = q.get("status");
  if (wanted !== null && (RUN_STATUSES.has(wanted) ? status !== wanted : conclusion !== wanted)) return false;
  if (q.get("branch") !== null && run.branch !== q.get("branch")) return false;
  if (q.get("event") !== null && run.event !== q.get("event")) return false;
  if (q.get("head_sha") !== null && run.sha !== q.get("head_sha")) return false;
  if (q.get("actor") !== null && run.actor !== q.get("actor")) return false;
  const created = q.get("created");
  return created === null || matchesCreated(created, run.createdAt);
}

function jobsOf(ctx: RouteContext, run: RunState, select: (job: JobState) => boolean): RouteReply {
  const items = [...ctx.engine.state.jobs.values()]
    .filter((job) => job.runId === run.id && select(job))
    .sort((a, b) => a.attempt - b.attempt || a.id - b.id)
    .map((job) => renderJob(ctx.urls, ctx.engine.state, job));
  return listReply(ctx, items, "jobs");
}

export const actionsReadRoutes: readonly RouteDef[] = [
  { key: "listRepoRunners", handle: (ctx) => (isRepo(ctx) ? runners(ctx, "repo") : notFound()) },
  { key: "listOrgRunners", handle: (ctx) => (isOrg(ctx) ? runners(ctx, "org") : notFound()) },
  {
    key: "listRunnerGroups",
    handle: (ctx) => {
      if (!isOrg(ctx)) return notFound();
      const visibleTo = ctx.url.searchParams.get("visible_to_repository");
      const { state } = ctx.engine;
      // GitHub: `all` groups serve every repository, `private` ones every private repository, `selected` ones those listed.
      const visible = (group: RunnerGroupState, repo: string) =>
        group.visibility === "all" ||
        (group.visibility === "private" && repo === state.repo.name && state.repo.private) ||
        (group.visibility === "selected" && group.repositories.includes(repo));
      const groups = [...state.groups.values()].filter((group) => visibleTo === null || visible(group, visibleTo));
      return listReply(
        ctx,
        groups.map((group) => renderRunnerGroup(ctx.urls, ctx.engine.state, group)),
        "runner_groups",
      );
    },
  },
  {
    key: "getRunnerGroup",
    handle: (ctx) => {
      const group = ctx.engine.state.groups.get(numberParam(ctx, "runner_group_id") ?? -1);
      return isOrg(ctx) && group !== undefined ? json(renderRunnerGroup(ctx.urls, ctx.engine.state, group)) : notFound();
    },
  },
  {
    key: "listGroupRunners",
    handle: (ctx) => {
      const group = ctx.engine.state.groups.get(numberParam(ctx, "runner_group_id") ?? -1);
      return isOrg(ctx) && group !== undefined ? runners(ctx, "org", group.id) : notFound();
    },
  },
  {
    key: "listGroupRepositories",
    handle: (ctx) => {
      const { state } = ctx.engine;
      const group = state.groups.get(numberParam(ctx, "runner_group_id") ?? -1);
      if (!isOrg(ctx) || group === undefined) return notFound();
      const names = group.visibility === "selected" ? group.repositories : [];
      const repos = names.map((name) => minimalRepository(ctx.urls, state, name, name === state.repo.name ? state.repo.id : (state.otherRepos.get(name) ?? 0)));
      return listReply(ctx, repos, "repositories");
    },
  },
  {
    key: "listWorkflows",
    handle: (ctx) =>
      isRepo(ctx)
        ? listReply(
            ctx,
            [...ctx.engine.state.workflows.values()].map((w) => renderWorkflow(ctx.urls, ctx.engine.state, w)),
            "workflows",
          )
        : notFound(),
  },
  {
    key: "listRuns",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const runs = [...ctx.engine.state.runs.values()].filter((run) => runMatches(ctx, run)).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      return listReply(
        ctx,
        runs.map((run) => renderRun(ctx.urls, ctx.engine.state, run)),
        "workflow_runs",
      );
    },
  },
  {
    key: "listWorkflowRuns",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const workflow = findWorkflow(ctx.engine, ctx.params["workflow_id"] ?? "");
      if (workflow === undefined) return notFound();
      const runs = [...ctx.engine.state.runs.values()]
        .filter((run) => run.workflowId === workflow.id && runMatches(ctx, run))
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
      return listReply(
        ctx,
        runs.map((run) => renderRun(ctx.urls, ctx.engine.state, run)),
        "workflow_runs",
      );
    },
  },
  {
    key: "getRun",
    handle: (ctx) => {
      const run = runParam(ctx);
      return run === undefined ? notFound() : json(renderRun(ctx.urls, ctx.engine.state, run));
    },
  },
  {
    key: "listRunJobs",
    handle: (ctx) => {
      const run = runParam(ctx);
      if (run === undefined) return notFound();
      const filter = ctx.url.searchParams.get("filter") ?? "latest";
      if (filter !== "latest" && filter !== "all") return fail(422, `Invalid filter: ${filter}`);
      const latest = new Set(latestJobs(ctx.engine.state, run));
      return jobsOf(ctx, run, (job) => filter === "all" || latest.has(job));
    },
  },
  {
    key: "listAttemptJobs",
    handle: (ctx) => {
      const run = runParam(ctx);
      const attempt = numberParam(ctx, "attempt_number");
      if (run === undefined || attempt === undefined || attempt < 1 || attempt > run.attempt) return notFound();
      return jobsOf(ctx, run, (job) => job.attempt === attempt);
    },
  },
  {
    key: "getJob",
    handle: (ctx) => {
      const job = jobParam(ctx);
      return job === undefined ? notFound() : json(renderJob(ctx.urls, ctx.engine.state, job));
    },
  },
  {
    key: "downloadJobLogs",
    handle: (ctx) => {
      const job = jobParam(ctx);
      if (job === undefined || job.log === null) return notFound();
      const expires = Math.floor(ctx.engine.now() / 1000) + 60;
      const location = `${ctx.urls.web}/_emulator/blobs/job-logs/${job.id}?expires=${expires}&sig=${logSignature(ctx.secret, job.id, expires)}`;
      return { kind: "redirect", location };
    },
  },
  {
    key: "listAnnotations",
    handle: (ctx) => {
      const job = jobParam(ctx, "check_run_id");
      return job === undefined ? notFound() : listReply(ctx, renderAnnotations(ctx.urls, ctx.engine.state, job));
    },
  },
];
