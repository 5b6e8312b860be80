/** Write routes of GitHub Actions: cancel, force-cancel, re-run (run, failed jobs, one job), dispatch. */
import { cancelRun, findWorkflow, startRun } from "./engine.js";
import { EmulatorError } from "./errors.js";
import { rerunFailedJobs, rerunJob, rerunRun } from "./reruns.js";
import { fail, json, notFound, type RouteReply } from "./http.js";
import { repoApi, repoWeb } from "./render-common.js";
import { bodyRecord, isRepo, jobParam, runParam, type RouteContext, type RouteDef } from "./route-context.js";
import type { RunState } from "./state.js";

/** Runs `change`; an `EmulatorError` becomes GitHub's error response. */
function attempt(change: () => RouteReply): RouteReply {
  try {
    return change();
  } catch (e: unknown) {
    if (e instanceof EmulatorError) return fail(e.status, e.message);
    throw e;
  }
}

function onRun(ctx: RouteContext, change: (run: RunState) => void, status: number): RouteReply {
  const run = runParam(ctx);
  if (run === undefined) return notFound();
  return attempt(() => {
    change(run);
    return json({}, status);
  });
}

export const actionsWriteRoutes: readonly RouteDef[] = [
  { key: "cancelRun", handle: (ctx) => onRun(ctx, (run) => cancelRun(ctx.engine, run, ctx.identity.login), 202) },
  { key: "forceCancelRun", handle: (ctx) => onRun(ctx, (run) => cancelRun(ctx.engine, run, ctx.identity.login), 202) },
  { key: "rerunRun", handle: (ctx) => onRun(ctx, (run) => rerunRun(ctx.engine, run), 201) },
  { key: "rerunFailedJobs", handle: (ctx) => onRun(ctx, (run) => rerunFailedJobs(ctx.engine, run), 201) },
  {
    key: "rerunJob",
    handle: (ctx) => {
      const job = jobParam(ctx);
      if (job === undefined) return notFound();
      return attempt(() => {
        rerunJob(ctx.engine, job);
        return json({}, 201);
      });
    },
  },
  {
    key: "dispatchWorkflow",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const workflow = findWorkflow(ctx.engine, ctx.params["workflow_id"] ?? "");
      if (workflow === undefined) return notFound();
      const body = bodyRecord(ctx);
      const ref = body["ref"];
      if (typeof ref !== "string" || ref === "") return fail(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
      const inputs = body["inputs"];
      if (inputs !== undefined && (typeof inputs !== "object" || inputs === null || Array.isArray(inputs) || Object.keys(inputs).length > 25)) {
        return fail(422, "Invalid request.\n\nFor 'properties/inputs', it must be an object with at most 25 properties.");
      }
      const branch = ref.replace(/^refs\/heads\//, "");
      if (!ctx.engine.state.branches.has(branch)) return fail(422, `No ref found for: ${ref}`);
      if (workflow.state !== "active") return fail(422, "Cannot trigger a 'workflow_dispatch' on a disabled workflow");
      const run = startRun(ctx.engine, workflow, { event: "workflow_dispatch", branch, actor: ctx.identity.login });
      if (body["return_run_details"] !== true) return { kind: "empty", status: 204 };
      return json(
        {
          workflow_run_id: run.id,
          run_url: `${repoApi(ctx.urls, ctx.engine.state)}/actions/runs/${run.id}`,
          html_url: `${repoWeb(ctx.urls, ctx.engine.state)}/actions/runs/${run.id}`,
        },
        200,
      );
    },
  },
];
