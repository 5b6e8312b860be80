/** Repository routes: deployments and statuses, environments, branch rules and protection, rate limit, App installation. */
import { createHash, randomBytes } from "node:crypto";
import { fail, json, listReply, notFound, type RouteReply } from "./http.js";
import {
  renderBranchRules,
  renderDeployment,
  renderDeploymentStatus,
  renderEnvironment,
  renderInstallation,
  renderInstallationToken,
  renderProtection,
  renderRateLimit,
} from "./render-repos.js";
import { bodyRecord, isOrg, isRepo, numberParam, type RouteContext, type RouteDef } from "./route-context.js";
import { addDeployment, addDeploymentStatus, statusesOf } from "./deployment-records.js";
import type { DeploymentState, DeploymentStatusState } from "./state.js";

const STATES = new Set(["error", "failure", "inactive", "pending", "success", "queued", "in_progress"]);
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The commit a ref names: a 40-hex sha as is, a branch's latest run's sha, or a stable sha per branch. */
function resolveRef(ctx: RouteContext, ref: string): string | undefined {
  if (/^[0-9a-f]{40}$/.test(ref)) return ref;
  const branch = ref.replace(/^refs\/heads\//, "");
  if (!ctx.engine.state.branches.has(branch)) return undefined;
  const runs = [...ctx.engine.state.runs.values()].filter((run) => run.branch === branch).sort((a, b) => b.createdAt - a.createdAt);
  return runs[0]?.sha ?? createHash("sha1").update(`${ctx.engine.state.repo.name}:${branch}`).digest("hex");
}

function creatorOf(ctx: RouteContext): string {
  return ctx.identity.login;
}

function createDeployment(ctx: RouteContext): RouteReply {
  const body = bodyRecord(ctx);
  const ref = body["ref"];
  if (typeof ref !== "string" || ref === "") return fail(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
  const sha = resolveRef(ctx, ref);
  if (sha === undefined) return fail(422, `No ref found for: ${ref}`);
  const text = (name: string, fallback: string) => (typeof body[name] === "string" ? (body[name] as string) : fallback);
  const payload = body["payload"];
  const environment = text("environment", "production");
  const deployment = addDeployment(ctx.engine, {
    sha,
    ref,
    task: text("task", "deploy"),
    environment,
    description: typeof body["description"] === "string" ? body["description"] : null,
    payload: typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {},
    productionEnvironment: typeof body["production_environment"] === "boolean" ? body["production_environment"] : environment === "production",
    transientEnvironment: body["transient_environment"] === true,
  });
  return json(renderDeployment(ctx.urls, ctx.engine.state, deployment, creatorOf(ctx)), 201);
}

function createStatus(ctx: RouteContext): RouteReply {
  const deployment = isRepo(ctx) ? ctx.engine.state.deployments.get(numberParam(ctx, "deployment_id") ?? -1) : undefined;
  if (deployment === undefined) return notFound();
  const body = bodyRecord(ctx);
  const state = body["state"];
  if (typeof state !== "string" || !STATES.has(state)) return fail(422, `Invalid request.\n\nstate must be one of: ${[...STATES].join(", ")}.`);
  const description = typeof body["description"] === "string" ? body["description"] : "";
  if (Array.from(description).length > 140) return fail(422, "Validation Failed: description is too long (maximum is 140 characters)");
  const url = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  // GitHub marks earlier successful deployments to the same environment inactive (auto_inactive, default true).
  const created = addDeploymentStatus(ctx.engine, deployment, {
    state: state as DeploymentStatusState["state"],
    description,
    logUrl: url("log_url") || url("target_url"),
    environmentUrl: url("environment_url"),
    ...(typeof body["environment"] === "string" ? { environment: body["environment"] } : {}),
    autoInactive: body["auto_inactive"] !== false,
  });
  return json(renderDeploymentStatus(ctx.urls, ctx.engine.state, created, creatorOf(ctx)), 201);
}

export const repoRoutes: readonly RouteDef[] = [
  {
    key: "listDeployments",
    handle: (ctx) => {
      if (!isRepo(ctx)) return notFound();
      const q = ctx.url.searchParams;
      const keep = (d: DeploymentState) =>
        (q.get("environment") === null || d.environment === q.get("environment")) &&
        (q.get("ref") === null || d.ref === q.get("ref")) &&
        (q.get("sha") === null || d.sha === q.get("sha")) &&
        (q.get("task") === null || d.task === q.get("task"));
      const items = [...ctx.engine.state.deployments.values()].filter(keep).sort((a, b) => b.id - a.id);
      return listReply(
        ctx,
        items.map((d) => renderDeployment(ctx.urls, ctx.engine.state, d, "octocat")),
      );
    },
  },
  { key: "createDeployment", handle: (ctx) => (isRepo(ctx) ? createDeployment(ctx) : notFound()) },
  {
    key: "listDeploymentStatuses",
    handle: (ctx) => {
      const deployment = isRepo(ctx) ? ctx.engine.state.deployments.get(numberParam(ctx, "deployment_id") ?? -1) : undefined;
      if (deployment === undefined) return notFound();
      return listReply(
        ctx,
        statusesOf(ctx.engine, deployment.id).map((s) => renderDeploymentStatus(ctx.urls, ctx.engine.state, s, "octocat")),
      );
    },
  },
  { key: "createDeploymentStatus", handle: createStatus },
  {
    key: "getEnvironment",
    handle: (ctx) => {
      const env = isRepo(ctx) ? ctx.engine.state.environments.get(ctx.params["environment_name"] ?? "") : undefined;
      return env === undefined ? notFound() : json(renderEnvironment(ctx.urls, ctx.engine.state, env));
    },
  },
  {
    key: "getBranchRules",
    handle: (ctx) =>
      isRepo(ctx) ? listReply(ctx, renderBranchRules(ctx.engine.state, ctx.engine.state.branches.get(ctx.params["branch"] ?? ""))) : notFound(),
  },
  {
    key: "getBranchProtection",
    handle: (ctx) => {
      const branch = isRepo(ctx) ? ctx.engine.state.branches.get(ctx.params["branch"] ?? "") : undefined;
      if (branch === undefined) return fail(404, isRepo(ctx) ? "Branch not found" : "Not Found");
      if (branch.protection === undefined) return fail(404, "Branch not protected");
      return json(renderProtection(ctx.urls, ctx.engine.state, branch));
    },
  },
  { key: "getRateLimit", handle: (ctx) => json(renderRateLimit(ctx.rate.limit, ctx.rate.remaining, ctx.rate.reset)) },
  {
    key: "getRepoInstallation",
    handle: (ctx) =>
      isRepo(ctx) && ctx.engine.state.app !== undefined ? json(renderInstallation(ctx.urls, ctx.engine.state, ctx.engine.state.app)) : notFound(),
  },
  {
    key: "getOrgInstallation",
    handle: (ctx) =>
      isOrg(ctx) && ctx.engine.state.app !== undefined ? json(renderInstallation(ctx.urls, ctx.engine.state, ctx.engine.state.app)) : notFound(),
  },
  {
    key: "createInstallationToken",
    handle: (ctx) => {
      const app = ctx.engine.state.app;
      if (app === undefined || numberParam(ctx, "installation_id") !== app.installationId) return notFound();
      const token = `ghs_${Array.from(randomBytes(36), (byte) => BASE62[byte % 62]).join("")}`;
      const expiresAt = ctx.engine.now() + 3_600_000;
      ctx.engine.state.tokens.set(token, { value: token, kind: "installation", permissions: app.permissions, expiresAt });
      return json(renderInstallationToken(app, token, expiresAt), 201);
    },
  },
];
