/**
 * Environment reviews of a workflow run, as GitHub documents them:
 *
 * - `GET …/actions/runs/{run_id}/pending_deployments`: the environments the run's jobs wait on for
 *   a required reviewer ("Get pending deployments for a workflow run").
 * - `POST …/actions/runs/{run_id}/pending_deployments` (`environment_ids`, `state`, `comment`): a
 *   required reviewer approves or rejects them ("Review pending deployments for a workflow run";
 *   not available to GitHub Apps; with "prevent self-reviews" the person who started the run cannot
 *   approve it). Approved jobs go on to their concurrency group and runner; rejected ones fail.
 * - `GET …/actions/runs/{run_id}/approvals`: the run's review history ("Get the review history
 *   for a workflow run") — what runwarden's approval guard reads.
 *
 * https://docs.github.com/rest/actions/workflow-runs#get-pending-deployments-for-a-workflow-run
 * https://docs.github.com/rest/actions/workflow-runs#review-pending-deployments-for-a-workflow-run
 * https://docs.github.com/rest/actions/workflow-runs#get-the-review-history-for-a-workflow-run
 * https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/reviewing-deployments
 */
import { reviewRun } from "./engine.js";
import { EmulatorError } from "./errors.js";
import { waitingJobs } from "./holds.js";
import { fail, json, notFound, type RouteReply } from "./http.js";
import { nodeId, repoApi, repoWeb, simpleUser, type Json, type Urls } from "./render-common.js";
import { renderDeployment } from "./render-repos.js";
import { bodyRecord, runParam, type RouteContext, type RouteDef } from "./route-context.js";
import { iso, type EmulatorState, type EnvironmentState, type RunState } from "./state.js";

function environmentRef(urls: Urls, state: EmulatorState, env: EnvironmentState, dates: boolean): { [key: string]: Json } {
  return {
    id: env.id,
    node_id: nodeId("Environment", env.id),
    name: env.name,
    url: `${repoApi(urls, state)}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${repoWeb(urls, state)}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    ...(dates ? { created_at: iso(env.createdAt), updated_at: iso(env.createdAt) } : {}),
  };
}

/** The environments the run waits on, each once. */
function pendingEnvironments(ctx: RouteContext, run: RunState): EnvironmentState[] {
  const names = new Set(waitingJobs(ctx.engine, run).map((job) => job.def.environment?.name ?? ""));
  return [...names].map((name) => ctx.engine.state.environments.get(name)).filter((env): env is EnvironmentState => env !== undefined);
}

function canApprove(ctx: RouteContext, run: RunState, env: EnvironmentState): boolean {
  if (ctx.identity.kind !== "token") return false;
  if (env.preventSelfReview && run.actor === ctx.identity.login) return false;
  return env.reviewers.includes(ctx.identity.login);
}

function review(ctx: RouteContext, run: RunState): RouteReply {
  if (ctx.identity.kind !== "token") return fail(403, "Resource not accessible by integration");
  const body = bodyRecord(ctx);
  const ids = body["environment_ids"];
  const state = body["state"];
  const comment = body["comment"];
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== "number") || (state !== "approved" && state !== "rejected") || typeof comment !== "string") {
    return fail(422, 'Invalid request.\n\n"environment_ids", "state" and "comment" are required.');
  }
  const pending = pendingEnvironments(ctx, run);
  const chosen = pending.filter((env) => ids.includes(env.id));
  if (chosen.length !== ids.length) return fail(422, "No pending deployment requests to approve or reject");
  const refused = chosen.find((env) => !canApprove(ctx, run, env));
  if (refused !== undefined) return fail(422, `${ctx.identity.login} is not allowed to review deployments to ${refused.name}`);
  try {
    const before = new Set(ctx.engine.state.deployments.keys());
    reviewRun(
      ctx.engine,
      run,
      chosen.map((env) => env.name),
      { state, comment, user: ctx.identity.login },
    );
    const created = [...ctx.engine.state.deployments.values()].filter((d) => !before.has(d.id));
    return json(created.map((d) => renderDeployment(ctx.urls, ctx.engine.state, d, "github-actions[bot]")));
  } catch (e: unknown) {
    if (e instanceof EmulatorError) return fail(e.status, e.message);
    throw e;
  }
}

export const reviewRoutes: readonly RouteDef[] = [
  {
    key: "listPendingDeployments",
    handle: (ctx) => {
      const run = runParam(ctx);
      if (run === undefined) return notFound();
      const { state } = ctx.engine;
      return json(
        pendingEnvironments(ctx, run).map((env) => ({
          environment: environmentRef(ctx.urls, state, env, false),
          wait_timer: env.waitTimer ?? 0,
          wait_timer_started_at: null,
          current_user_can_approve: canApprove(ctx, run, env),
          reviewers: env.reviewers.map((login) => ({ type: "User", reviewer: simpleUser(ctx.urls, login) })),
        })),
      );
    },
  },
  {
    key: "reviewPendingDeployments",
    handle: (ctx) => {
      const run = runParam(ctx);
      return run === undefined ? notFound() : review(ctx, run);
    },
  },
  {
    key: "listRunApprovals",
    handle: (ctx) => {
      const run = runParam(ctx);
      if (run === undefined) return notFound();
      const { state } = ctx.engine;
      return json(
        run.reviews.map((entry) => ({
          environments: entry.environments
            .map((name) => state.environments.get(name))
            .filter((env): env is EnvironmentState => env !== undefined)
            .map((env) => environmentRef(ctx.urls, state, env, true)),
          state: entry.state,
          user: simpleUser(ctx.urls, entry.user),
          comment: entry.comment,
        })),
      );
    },
  },
];
