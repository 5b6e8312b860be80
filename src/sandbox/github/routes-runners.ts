/**
 * The runner lifecycle, as the Ansible role in ansible/roles/runner drives it: registration and
 * removal tokens (org and repository forms), forced deletion of a runner, and draining by custom
 * labels. GitHub's pages: https://docs.github.com/en/rest/actions/self-hosted-runners (tokens,
 * deletion, labels: "Create a registration token for an organization", "… for a repository",
 * "Create a remove token for an organization", "… for a repository", "Delete a self-hosted runner
 * from an organization", "Add custom labels to a self-hosted runner for an organization", "Remove all
 * custom labels from a self-hosted runner for an organization").
 *
 * The real runner registers itself through a private endpoint that is not part of the REST API; the
 * emulator offers a control route in its place (`/_emulator/runner-registrations`, below, next to the
 * other `/_emulator` routes), which the stand-in `config.sh` of the tests calls.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { Engine } from "./engine.js";
import { errorBody, fail, json, notFound, type RouteReply } from "./http.js";
import { renderRunner } from "./render-actions.js";
import { renderLabels, renderRunnerToken, TOKEN_LIFETIME_MS } from "./render-runners.js";
import { bodyRecord, isOrg, isRepo, numberParam, type RouteContext, type RouteDef } from "./route-context.js";
import type { LabelState, RunnerState } from "./state.js";

export type RunnerTokenKind = "registration" | "remove";

export interface RunnerToken {
  readonly value: string;
  readonly kind: RunnerTokenKind;
  readonly scope: "org" | "repo";
  readonly expiresAt: number;
}

/** Tokens minted per emulator (kept beside its state, not in it: they exist only for these routes). */
const minted = new WeakMap<Engine, Map<string, RunnerToken>>();

function tokensOf(engine: Engine): Map<string, RunnerToken> {
  let tokens = minted.get(engine);
  if (tokens === undefined) {
    tokens = new Map();
    minted.set(engine, tokens);
  }
  return tokens;
}

/** Every registration and remove token this emulator minted (tests look for them where they must not be). */
export function mintedRunnerTokens(engine: Engine): readonly RunnerToken[] {
  return [...tokensOf(engine).values()];
}

function mint(ctx: RouteContext, kind: RunnerTokenKind, scope: "org" | "repo"): RouteReply {
  if (scope === "org" ? !isOrg(ctx) : !isRepo(ctx)) return notFound();
  // GitHub's registration tokens look like 29 upper-case alphanumerics and expire after one hour.
  const value = `A${randomBytes(21)
    .toString("base64url")
    .replace(/[^A-Za-z0-9]/g, "X")
    .toUpperCase()
    .slice(0, 28)}`;
  const token: RunnerToken = { value, kind, scope, expiresAt: ctx.engine.now() + TOKEN_LIFETIME_MS };
  tokensOf(ctx.engine).set(value, token);
  return json(renderRunnerToken(token), 201);
}

function orgRunner(ctx: RouteContext): RunnerState | undefined {
  const runner = ctx.engine.state.runners.get(numberParam(ctx, "runner_id") ?? -1);
  return isOrg(ctx) && runner?.scope === "org" ? runner : undefined;
}

export const runnerRoutes: readonly RouteDef[] = [
  { key: "createOrgRegistrationToken", handle: (ctx) => mint(ctx, "registration", "org") },
  { key: "createRepoRegistrationToken", handle: (ctx) => mint(ctx, "registration", "repo") },
  { key: "createOrgRemoveToken", handle: (ctx) => mint(ctx, "remove", "org") },
  { key: "createRepoRemoveToken", handle: (ctx) => mint(ctx, "remove", "repo") },
  {
    key: "deleteOrgRunner",
    handle: (ctx) => {
      const runner = orgRunner(ctx);
      if (runner === undefined) return notFound();
      // GitHub refuses to delete a runner that is running a job (422).
      if (runner.busy) return fail(422, "Runner is currently running a job and cannot be deleted.");
      ctx.engine.state.runners.delete(runner.id);
      return { kind: "empty", status: 204 };
    },
  },
  {
    key: "addOrgRunnerLabels",
    handle: (ctx) => {
      const runner = orgRunner(ctx);
      if (runner === undefined) return notFound();
      const labels = bodyRecord(ctx)["labels"];
      if (!Array.isArray(labels) || labels.length === 0 || labels.length > 100 || !labels.every((l) => typeof l === "string" && l.length > 0))
        return fail(422, "Invalid request.\n\nlabels: 1 to 100 non-empty strings are required.");
      for (const name of labels as string[]) {
        if (!runner.labels.some((label) => label.name.toLowerCase() === name.toLowerCase()))
          runner.labels.push({ id: ctx.engine.ids.take("label"), name, type: "custom" });
      }
      return json(renderLabels(runner.labels));
    },
  },
  {
    key: "removeOrgRunnerLabels",
    handle: (ctx) => {
      const runner = orgRunner(ctx);
      if (runner === undefined) return notFound();
      runner.labels = runner.labels.filter((label) => label.type === "read-only");
      return json(renderLabels(runner.labels));
    },
  },
];

const registration = z.strictObject({
  token: z.string().min(1),
  /** `--url`: https://github.com/ORG or https://github.com/ORG/REPO (the emulator's origin in place of github.com). */
  url: z.string().url(),
  name: z.string().min(1).max(64),
  labels: z.array(z.string().min(1)).default([]),
  runner_group: z.string().min(1).optional(),
  replace: z.boolean().default(false),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/)
    .default("2.320.0"),
  os: z.string().default("Linux"),
});
const removal = z.strictObject({ token: z.string().min(1) });

function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send(errorBody(status, message));
}

function validToken(engine: Engine, value: string, kind: RunnerTokenKind): RunnerToken | undefined {
  const token = tokensOf(engine).get(value);
  return token !== undefined && token.kind === kind && token.expiresAt > engine.now() ? token : undefined;
}

/**
 * Control routes in place of the runner's private registration API (loopback, no auth beyond the
 * registration/remove token itself, like `config.sh`). What they model:
 * - an unknown, expired or wrong-kind token is refused (401), as config.sh reports it;
 * - `--runnergroup` names a group of the organization (404 otherwise); none: the default group;
 * - a name already registered is refused unless `replace` (config.sh --replace);
 * - `replace` keeps the replaced runner's id and runner group and takes the new labels: the failure
 *   reported against re-registration with --replace (the runner stays in, or falls back to, a group
 *   other than the one asked for), which the role's API verification exists to catch.
 */
export function registerRunnerControlRoutes(app: FastifyInstance, engine: Engine): void {
  app.post("/_emulator/runner-registrations", (request, reply) => {
    const body = registration.safeParse(request.body ?? {});
    if (!body.success) return refuse(reply, 422, body.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    const input = body.data;
    const token = validToken(engine, input.token, "registration");
    if (token === undefined)
      return refuse(reply, 401, "Http response code: Unauthorized from 'POST runner registration' (the registration token is invalid or expired)");
    const { state } = engine;
    const parts = new URL(input.url).pathname.split("/").filter((part) => part !== "");
    const scope = parts.length === 1 ? "org" : "repo";
    if (scope !== token.scope || parts[0]?.toLowerCase() !== state.org.login.toLowerCase())
      return refuse(reply, 401, "the registration token is not valid for this URL");
    const groups = [...state.groups.values()];
    const group =
      input.runner_group === undefined
        ? (groups.find((g) => g.default) ?? groups[0])
        : groups.find((g) => g.name.toLowerCase() === input.runner_group?.toLowerCase());
    if (scope === "org" && group === undefined)
      return refuse(reply, 404, `Could not find any self-hosted runner group named "${input.runner_group ?? "Default"}".`);
    const readOnly: LabelState[] = ["self-hosted", input.os, "X64"].map((name) => ({ id: engine.ids.take("label"), name, type: "read-only" }));
    const custom: LabelState[] = input.labels.map((name) => ({ id: engine.ids.take("label"), name, type: "custom" }));
    const existing = [...state.runners.values()].find((r) => r.scope === scope && r.name.toLowerCase() === input.name.toLowerCase());
    if (existing !== undefined && !input.replace) return refuse(reply, 409, `A runner exists with the same name ${input.name}.`);
    const runner: RunnerState = {
      id: existing?.id ?? engine.ids.take("runner"),
      name: input.name,
      scope,
      groupId: existing?.groupId ?? group?.id ?? 1,
      labels: [...readOnly, ...custom],
      status: "offline",
      busy: false,
      version: input.version,
      os: input.os,
      ephemeral: false,
    };
    state.runners.set(runner.id, runner);
    return reply.code(201).send({ ...renderRunner(runner), credential: randomBytes(16).toString("hex") });
  });

  app.delete<{ Params: { id: string } }>("/_emulator/runner-registrations/:id", (request, reply) => {
    const body = removal.safeParse(request.body ?? {});
    if (!body.success) return refuse(reply, 422, "token: required");
    if (validToken(engine, body.data.token, "remove") === undefined) return refuse(reply, 401, "the remove token is invalid or expired");
    const runner = engine.state.runners.get(Number(request.params.id));
    if (runner === undefined) return refuse(reply, 404, `no runner ${request.params.id}`);
    engine.state.runners.delete(runner.id);
    return reply.code(204).send();
  });
}
