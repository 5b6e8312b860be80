/**
 * The control API under `/_emulator` (docs/sandbox.md): change the world while the emulator runs —
 * runners offline/online/busy, jobs advanced, runs started, faults injected, tokens issued, the rate
 * limit drained — and look at state and the request log. Loopback only, no auth: it is a test double.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { advanceJob, findWorkflow, startRun, type Engine } from "./engine.js";
import { EmulatorError } from "./errors.js";
import { faultSchema, type FaultBook } from "./faults.js";
import { bucketKey, type RateLimits } from "./gate.js";
import { errorBody } from "./http.js";
import { renderJob, renderRun, renderRunner } from "./render-actions.js";
import { logSignature } from "./route-context.js";
import { PERMISSION_NAMES } from "./scenario-schema.js";
import type { RequestRecord } from "./server.js";
import { iso, latestJobs, runStatus, type RunnerState } from "./state.js";

export interface ControlParts {
  readonly engine: Engine;
  readonly faults: FaultBook;
  readonly rateLimits: RateLimits;
  readonly requests: RequestRecord[];
  readonly secret: Buffer;
  readonly token: string;
}

const runnerPatch = z.strictObject({
  status: z.enum(["online", "offline"]).optional(),
  busy: z.boolean().optional(),
  group: z.string().min(1).optional(),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/)
    .optional(),
  labels: z.array(z.string().min(1)).min(1).optional(),
});

const advanceBody = z.strictObject({
  status: z.enum(["in_progress", "completed"]).optional(),
  conclusion: z.enum(["success", "failure", "neutral", "cancelled", "skipped", "timed_out", "action_required"]).optional(),
  runner: z.string().min(1).optional(),
  outputs: z.record(z.string(), z.string()).optional(),
  annotations: z
    .array(z.strictObject({ level: z.enum(["notice", "warning", "failure"]).default("failure"), message: z.string().min(1), title: z.string().optional() }))
    .optional(),
  log: z.string().optional(),
  lost_runner: z.boolean().optional(),
});

const startBody = z.strictObject({
  workflow: z.string().min(1),
  branch: z.string().min(1).optional(),
  sha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  event: z.string().default("push"),
  actor: z.string().default("octocat"),
});
const tokenBody = z.strictObject({ permissions: z.partialRecord(z.enum(PERMISSION_NAMES), z.enum(["read", "write"])).optional() }).prefault({});
const rateBody = z.strictObject({ remaining: z.int().min(0), token: z.string().optional() });

function invalid(reply: FastifyReply, error: z.ZodError | string): FastifyReply {
  const message = typeof error === "string" ? error : error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
  return reply.code(422).send(errorBody(422, message));
}

function findRunner(engine: Engine, key: string): RunnerState | undefined {
  return [...engine.state.runners.values()].find((runner) => runner.name === key || String(runner.id) === key);
}

export function registerControlRoutes(app: FastifyInstance, parts: ControlParts): void {
  const { engine, faults } = parts;
  const urls = (host: string | undefined) => ({ api: `http://${host ?? "127.0.0.1"}`, web: `http://${host ?? "127.0.0.1"}` });

  app.get("/_emulator/state", (request) => {
    const u = urls(request.headers.host);
    return {
      org: engine.state.org.login,
      repository: `${engine.state.org.login}/${engine.state.repo.name}`,
      token: parts.token,
      runner_groups: [...engine.state.groups.values()].map((g) => ({ id: g.id, name: g.name, visibility: g.visibility })),
      runners: [...engine.state.runners.values()].map((r) => ({
        ...renderRunner(r),
        scope: r.scope,
        group: engine.state.groups.get(r.groupId)?.name ?? "Default",
      })),
      runs: [...engine.state.runs.values()].map((run) => ({
        ...renderRun(u, engine.state, run),
        jobs: latestJobs(engine.state, run).map((job) => ({ ...renderJob(u, engine.state, job), outputs: job.outputs })),
      })),
      deployments: [...engine.state.deployments.values()].map((d) => ({ id: d.id, ref: d.ref, environment: d.environment, created_at: iso(d.createdAt) })),
      faults: faults.list(),
    };
  });

  app.patch<{ Params: { runner: string } }>("/_emulator/runners/:runner", (request, reply) => {
    const runner = findRunner(engine, request.params.runner);
    if (runner === undefined) return reply.code(404).send(errorBody(404, `no runner '${request.params.runner}'`));
    const body = runnerPatch.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, body.error);
    const patch = body.data;
    if (patch.group !== undefined) {
      const group = [...engine.state.groups.values()].find((g) => g.name === patch.group);
      if (group === undefined) return invalid(reply, `no runner group '${patch.group}'`);
      runner.groupId = group.id;
    }
    if (patch.status !== undefined) runner.status = patch.status;
    if (patch.busy !== undefined) runner.busy = patch.busy;
    if (patch.version !== undefined) runner.version = patch.version;
    if (patch.labels !== undefined) runner.labels = patch.labels.map((name, index) => ({ id: 900 + index, name, type: "custom" }));
    return renderRunner(runner);
  });

  app.post<{ Params: { job: string } }>("/_emulator/jobs/:job/advance", (request, reply) => {
    const job = engine.state.jobs.get(Number(request.params.job));
    if (job === undefined) return reply.code(404).send(errorBody(404, `no job ${request.params.job}`));
    const body = advanceBody.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, body.error);
    const { lost_runner, annotations, ...rest } = body.data;
    try {
      advanceJob(engine, job, {
        ...rest,
        ...(lost_runner === undefined ? {} : { lostRunner: lost_runner }),
        ...(annotations === undefined
          ? {}
          : { annotations: annotations.map((a) => ({ level: a.level, message: a.message, title: a.title, path: ".github", line: 1 })) }),
      });
    } catch (e: unknown) {
      if (e instanceof EmulatorError) return reply.code(e.status).send(errorBody(e.status, e.message));
      throw e;
    }
    return { ...renderJob(urls(request.headers.host), engine.state, job), outputs: job.outputs };
  });

  app.post("/_emulator/runs", (request, reply) => {
    const body = startBody.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, body.error);
    const workflow = findWorkflow(engine, body.data.workflow);
    if (workflow === undefined) return invalid(reply, `no workflow '${body.data.workflow}'`);
    const run = startRun(engine, workflow, {
      event: body.data.event,
      branch: body.data.branch ?? engine.state.repo.defaultBranch,
      actor: body.data.actor,
      ...(body.data.sha === undefined ? {} : { sha: body.data.sha }),
    });
    const u = urls(request.headers.host);
    return reply.code(201).send({
      ...renderRun(u, engine.state, run),
      status: runStatus(latestJobs(engine.state, run)).status,
      jobs: latestJobs(engine.state, run).map((job) => renderJob(u, engine.state, job)),
    });
  });

  app.post("/_emulator/faults", (request, reply) => {
    const body = faultSchema.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, body.error);
    return reply.code(201).send(faults.add(body.data));
  });
  app.get("/_emulator/faults", () => faults.list());
  app.delete("/_emulator/faults", (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>("/_emulator/faults/:id", (request, reply) => reply.code(faults.remove(Number(request.params.id)) ? 204 : 404).send());

  app.post("/_emulator/tokens", (request, reply) => {
    const body = tokenBody.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, body.error);
    const value = `rw_sandbox_${randomBytes(16).toString("hex")}`;
    engine.state.tokens.set(value, { value, kind: "token", permissions: body.data.permissions, expiresAt: undefined });
    return reply.code(201).send({ token: value, permissions: body.data.permissions ?? "all" });
  });

  app.put("/_emulator/rate-limit", (request, reply) => {
    const body = rateBody.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, body.error);
    const token = engine.state.tokens.get(body.data.token ?? parts.token);
    if (token === undefined) return invalid(reply, "unknown token");
    const key = bucketKey(token);
    parts.rateLimits.set(key, body.data.remaining);
    return parts.rateLimits.headers(key);
  });

  app.get("/_emulator/requests", () => parts.requests);
  app.delete("/_emulator/requests", (_request, reply) => {
    parts.requests.length = 0;
    return reply.code(204).send();
  });

  app.get<{ Params: { job: string }; Querystring: { expires?: string; sig?: string } }>("/_emulator/blobs/job-logs/:job", (request, reply) => {
    const id = Number(request.params.job);
    const expires = Number(request.query.expires);
    const job = engine.state.jobs.get(id);
    if (job === undefined || job.log === null || request.query.sig !== logSignature(parts.secret, id, expires))
      return reply.code(403).type("text/plain").send("AuthenticationFailed");
    if (expires * 1000 < engine.now()) return reply.code(403).type("text/plain").send("AuthenticationFailed: the URL expired");
    return reply.code(200).type("text/plain; charset=utf-8").send(job.log);
  });
}
