/** What a GitHub route handler gets, and the checks every repository/organization route starts with. */
import { createHmac } from "node:crypto";
import type { EndpointKey } from "../../github/endpoints.js";
import type { Engine } from "./engine.js";
import type { Identity } from "./gate.js";
import type { RouteReply } from "./http.js";
import type { Urls } from "./render-common.js";
import type { JobState, RunState } from "./state.js";

export interface RouteContext {
  readonly engine: Engine;
  readonly urls: Urls;
  /** Absolute URL as the client sent it (for Link headers). */
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly identity: Identity;
  /** Signs short-lived log URLs. */
  readonly secret: Buffer;
  /** The caller's primary rate limit (for `GET /rate_limit`). */
  readonly rate: { readonly limit: number; readonly remaining: number; readonly reset: number };
}

export interface RouteDef {
  readonly key: EndpointKey;
  readonly handle: (ctx: RouteContext) => RouteReply;
}

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** The request names the emulated repository (GitHub compares names case-insensitively). */
export function isRepo(ctx: RouteContext): boolean {
  return same(ctx.params["owner"], ctx.engine.state.org.login) && same(ctx.params["repo"], ctx.engine.state.repo.name);
}

export function isOrg(ctx: RouteContext): boolean {
  return same(ctx.params["org"], ctx.engine.state.org.login);
}

export function numberParam(ctx: RouteContext, name: string): number | undefined {
  const text = ctx.params[name];
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

export function runParam(ctx: RouteContext): RunState | undefined {
  const id = numberParam(ctx, "run_id");
  return id === undefined || !isRepo(ctx) ? undefined : ctx.engine.state.runs.get(id);
}

export function jobParam(ctx: RouteContext, name = "job_id"): JobState | undefined {
  const id = numberParam(ctx, name);
  return id === undefined || !isRepo(ctx) ? undefined : ctx.engine.state.jobs.get(id);
}

export function bodyRecord(ctx: RouteContext): Record<string, unknown> {
  return typeof ctx.body === "object" && ctx.body !== null && !Array.isArray(ctx.body) ? (ctx.body as Record<string, unknown>) : {};
}

/** Signature of a job log URL valid until `expires` (epoch seconds). */
export function logSignature(secret: Buffer, jobId: number, expires: number): string {
  return createHmac("sha256", secret).update(`${jobId}:${expires}`).digest("hex").slice(0, 32);
}
