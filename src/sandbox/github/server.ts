/**
 * The GitHub API emulator: a fastify server on 127.0.0.1 serving the routes in routes-*.ts at `/`
 * (like api.github.com) and at `/api/v3` (like GHES), behind GitHub's gates (auth, faults, primary
 * rate limit, permissions), plus the `/_emulator` control API. It writes nothing itself; an optional
 * `log` sink receives one line per request.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { ENDPOINTS, type Endpoint } from "../../github/endpoints.js";
import type { Engine } from "./engine.js";
import { FaultBook, type ActiveFault } from "./faults.js";
import { authenticate, authorize, RateLimits, SECONDARY_LIMIT_MESSAGE, type Identity } from "./gate.js";
import { errorBody, etagOf, fail, matchesEtag, type RouteReply } from "./http.js";
import { registerControlRoutes } from "./routes-control.js";
import { actionsReadRoutes } from "./routes-actions.js";
import { actionsWriteRoutes } from "./routes-writes.js";
import { commitRoutes } from "./routes-commits.js";
import { gitRoutes } from "./routes-git.js";
import { repoRoutes } from "./routes-repos.js";
import { reviewRoutes } from "./routes-reviews.js";
import { registerRunnerControlRoutes, runnerRoutes } from "./routes-runners.js";
import type { RouteContext, RouteDef } from "./route-context.js";
import type { Scenario } from "./scenario-schema.js";
import { seedEngine } from "./seed.js";

export const GHES_PREFIX = "/api/v3";

/** Every GitHub route the emulator serves (the fidelity test covers each). */
export const ROUTES: readonly RouteDef[] = [
  ...actionsReadRoutes,
  ...actionsWriteRoutes,
  ...repoRoutes,
  ...commitRoutes,
  ...gitRoutes,
  ...reviewRoutes,
  ...runnerRoutes,
];

export interface RequestRecord {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly status: number | "reset";
  readonly fault: string | undefined;
  readonly notModified: boolean;
}

export interface EmulatorOptions {
  readonly scenario: Scenario;
  /** 0 (default): any free port. */
  readonly port?: number;
  /** The token printed for users; default: a random one. Scenario tokens work too. */
  readonly token?: string;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT — the API root, like https://api.github.com. */
  readonly url: string;
  /** The same API under /api/v3, like GitHub Enterprise Server. */
  readonly ghesUrl: string;
  readonly token: string;
  readonly engine: Engine;
  readonly faults: FaultBook;
  readonly rateLimits: RateLimits;
  readonly requests: RequestRecord[];
  close(): Promise<void>;
}

const MAX_RECORDS = 10_000;

export async function startGithubEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const engine = seedEngine(options.scenario, now);
  const token = options.token ?? `rw_sandbox_${randomBytes(16).toString("hex")}`;
  engine.state.tokens.set(token, { value: token, kind: "token", permissions: undefined, expiresAt: undefined });
  const faults = new FaultBook();
  const rateLimits = new RateLimits(engine.state.rateLimit.limit, now);
  const requests: RequestRecord[] = [];
  const secret = randomBytes(32);
  const closing = new AbortController();
  const app = Fastify({ logger: false, forceCloseConnections: true });

  const record = (entry: Omit<RequestRecord, "at">) => {
    requests.push({ at: now(), ...entry });
    if (requests.length > MAX_RECORDS) requests.splice(0, requests.length - MAX_RECORDS);
    options.log?.(
      `${entry.method} ${entry.path} → ${entry.status}${entry.notModified ? " (not modified)" : ""}${entry.fault === undefined ? "" : ` [fault: ${entry.fault}]`}`,
    );
  };

  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (e: unknown) {
      done(Object.assign(new Error("Problems parsing JSON"), { statusCode: 400, cause: e }), undefined);
    }
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    void reply.code(status).send(errorBody(status, status === 500 ? "Server Error" : error.message));
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send(errorBody(404, "Not Found"));
  });

  interface SendOptions {
    readonly base: Record<string, string>;
    /** Headers that win over the computed rate-limit headers (a rate-limit fault's). */
    readonly override?: Record<string, string>;
    /** Not counted against the primary rate limit. */
    readonly free: boolean;
    readonly identity: Identity | undefined;
  }

  const send = (request: FastifyRequest, reply: FastifyReply, result: RouteReply, options: SendOptions): { status: number; notModified: boolean } => {
    let status = result.kind === "redirect" ? 302 : result.status;
    const headers: Record<string, string> = { ...options.base };
    let text: string | undefined;
    if (result.kind === "json") {
      text = JSON.stringify(result.body);
      if (request.method === "GET" && result.status === 200) {
        const etag = etagOf(text);
        headers["etag"] = etag;
        if (matchesEtag(request.headers["if-none-match"], etag)) status = 304;
      }
    }
    if (options.identity !== undefined) {
      const bucket = rateLimits.bucket(options.identity.bucket);
      if (!options.free && status !== 304 && bucket.remaining > 0) bucket.remaining -= 1;
      Object.assign(headers, rateLimits.headers(options.identity.bucket));
    }
    Object.assign(headers, options.override ?? {}, "headers" in result ? (result.headers ?? {}) : {});
    void reply.headers(headers);
    if (status === 304) void reply.code(304).send();
    else if (result.kind === "json") void reply.code(status).type("application/json; charset=utf-8").send(text);
    else if (result.kind === "text") void reply.code(status).type("text/plain; charset=utf-8").send(result.body);
    else if (result.kind === "redirect") void reply.code(302).header("location", result.location).send();
    else void reply.code(status).send();
    return { status, notModified: status === 304 };
  };

  const faultReply = (fault: ActiveFault): { result: RouteReply; headers: Record<string, string> } => {
    const spec = fault.spec;
    switch (spec.kind) {
      case "primary_rate_limit": {
        const reset = Math.floor(now() / 1000) + spec.reset_in_s;
        const limit = String(rateLimits.limit);
        return {
          result: fail(403, "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID."),
          headers: { "x-ratelimit-remaining": "0", "x-ratelimit-used": limit, "x-ratelimit-reset": String(reset) },
        };
      }
      case "secondary_rate_limit":
        return {
          result: fail(spec.status, SECONDARY_LIMIT_MESSAGE),
          headers: spec.retry_after_s === undefined ? {} : { "retry-after": String(spec.retry_after_s) },
        };
      case "status":
        return {
          result: fail(
            spec.status,
            spec.status === 500 ? "Server Error" : spec.status === 502 ? "Bad Gateway" : spec.status === 503 ? "Service Unavailable" : "Gateway Timeout",
          ),
          headers: {},
        };
      default:
        return { result: fail(500, "Server Error"), headers: {} };
    }
  };

  const handler = (route: RouteDef, prefix: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const endpoint: Endpoint = ENDPOINTS[route.key];
    const url = new URL(request.url, `http://${request.headers.host ?? "127.0.0.1"}`);
    const path = url.pathname.slice(prefix.length) || "/";
    const headers: Record<string, string> = {
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
      vary: "Accept, Authorization, Cookie, X-GitHub-OTP",
    };
    const who = authenticate(engine, request.headers.authorization, endpoint);
    if (!("bucket" in who)) {
      const sent = send(request, reply, who, { base: headers, free: true, identity: undefined });
      record({ method: request.method, path, status: sent.status, fault: undefined, notModified: false });
      return reply;
    }
    const identity = who;
    const plan = faults.plan(request.method, path);
    if (plan.delayMs > 0) {
      try {
        await delay(plan.delayMs, undefined, { signal: closing.signal });
      } catch (e: unknown) {
        if (!closing.signal.aborted) throw e;
      }
    }
    if (plan.terminal?.spec.kind === "reset" || closing.signal.aborted) {
      reply.hijack();
      request.raw.socket.destroy();
      record({ method: request.method, path, status: "reset", fault: "reset", notModified: false });
      return reply;
    }
    if (plan.terminal !== undefined) {
      const { result, headers: extra } = faultReply(plan.terminal);
      const sent = send(request, reply, result, { base: headers, override: extra, free: true, identity });
      record({ method: request.method, path, status: sent.status, fault: plan.terminal.spec.kind, notModified: false });
      return reply;
    }
    const free = route.key === "getRateLimit";
    const bucket = rateLimits.bucket(identity.bucket);
    const denied = !free && bucket.remaining <= 0 ? rateLimits.exhaustedReply(identity, engine.state.app?.installationId) : authorize(identity, endpoint);
    const rate = { limit: rateLimits.limit, remaining: bucket.remaining, reset: Math.floor(bucket.resetAt / 1000) };
    // A Git ref's name may span path segments (`/git/refs/heads/a/b`): the route's wildcard is `ref`.
    const { "*": rest, ...named } = request.params as Record<string, string>;
    const params = rest === undefined ? named : { ...named, ref: rest };
    const context: RouteContext = { engine, urls: { api: `${url.origin}${prefix}`, web: url.origin }, url, params, body: request.body, identity, secret, rate };
    const result = denied ?? route.handle(context);
    const sent = send(request, reply, result, { base: headers, free: free || denied !== undefined, identity });
    record({ method: request.method, path, status: sent.status, fault: undefined, notModified: sent.notModified });
    return reply;
  };

  for (const prefix of ["", GHES_PREFIX]) {
    for (const route of ROUTES) {
      const endpoint: Endpoint = ENDPOINTS[route.key];
      const path = endpoint.path.replace(/\/git\/(refs?)\/\{ref\}$/, "/git/$1/*").replace(/\{([a-z_]+)\}/g, ":$1");
      app.route({ method: endpoint.method, url: prefix + path, handler: handler(route, prefix) });
    }
  }
  registerControlRoutes(app, { engine, faults, rateLimits, requests, secret, token });
  registerRunnerControlRoutes(app, engine);

  await app.listen({ host: "127.0.0.1", port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    ghesUrl: `${base}${GHES_PREFIX}`,
    token,
    engine,
    faults,
    rateLimits,
    requests,
    async close() {
      closing.abort();
      await app.close();
    },
  };
}
