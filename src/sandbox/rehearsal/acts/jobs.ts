/**
 * The deploy workflow's jobs as the sandbox plays them (examples/workflows/deploy.yml): GitHub's
 * part through the emulator's control API (a run starts, a job is taken by a runner, concludes),
 * runwarden's part by the built CLI with the job's environment — `route`, `deploy`,
 * `diagnose --classify` and `route --exclude`, exactly the steps the Action runs.
 */
import { join } from "node:path";
import type { Tracked } from "../processes.js";
import { checkAborted, jobEnv, type SandboxContext } from "../context.js";
import { PRIMARY_RUNNER } from "../layout.js";
import type { Checks } from "../types.js";
import { seconds } from "../narrate.js";

export interface RouteOutcome {
  readonly code: number;
  readonly ms: number;
  /** The runwarden group chosen, or null when none was healthy. */
  readonly group: string | null;
  readonly github_group: string | null;
  readonly labels: readonly string[];
  readonly failover: boolean;
  readonly reasons: readonly string[];
}

interface RouteJson {
  group?: string | null;
  github_group?: string | null;
  labels?: string[];
  failover?: boolean;
  reasons?: string[];
}

export async function route(ctx: SandboxContext, runId: number, sha: string, job: string, exclude?: string): Promise<RouteOutcome> {
  checkAborted(ctx);
  const argv = ["route", "-c", ctx.paths.config, "-e", "production", "--json", ...(exclude === undefined ? [] : ["--exclude", exclude])];
  const step = await ctx.steps.run(argv, { env: jobEnv(ctx, { sha, runId, job }), cwd: ctx.paths.dir });
  const json = (step.json ?? {}) as RouteJson;
  return {
    code: step.code,
    ms: step.ms,
    group: json.group ?? null,
    github_group: json.github_group ?? null,
    labels: json.labels ?? [],
    failover: json.failover ?? false,
    reasons: json.reasons ?? [],
  };
}

export function sayRoute(ctx: SandboxContext, outcome: RouteOutcome, label = "route"): void {
  const { style } = ctx.say;
  const chosen = outcome.group === null ? style.red("no healthy runner group") : `${style.bold(outcome.group)} (${outcome.github_group ?? ""})`;
  ctx.say.fact(label, `→ ${chosen}   ${style.dim(seconds(outcome.ms))}`);
  for (const reason of outcome.reasons) ctx.say.fact("", style.dim(`· ${reason}`));
}

/** The route job concludes with the outputs the workflow's later jobs read. */
export async function concludeRoute(ctx: SandboxContext, runId: number, outcome: RouteOutcome, job = "route"): Promise<void> {
  await ctx.github.advance(runId, job, {
    runner: "GitHub Actions 1",
    conclusion: outcome.group === null ? "failure" : "success",
    outputs: outcome.group === null ? {} : { group: outcome.github_group ?? "", labels: JSON.stringify(outcome.labels), name: outcome.group },
  });
}

export interface StageJson {
  readonly name: string;
  readonly status: string;
  readonly durationMs: number;
  readonly detail?: string;
}

export interface HostJson {
  readonly host: string;
  readonly status: string;
  readonly ok: number;
  readonly changed: number;
  readonly unreachable: number;
  readonly failed: number;
}

export interface DeployOutcome {
  readonly code: number;
  readonly ms: number;
  readonly outcome: string | null;
  readonly failure_class: string | null;
  readonly failover: boolean;
  readonly reason: string;
  readonly signature: { id: string; title: string; remediation: string } | null;
  readonly stages: readonly StageJson[];
  readonly hosts: readonly HostJson[];
  readonly deployment_id: number | null;
  readonly attempt_id: number | null;
  readonly runner: string;
}

/** The deploy's own output (what the job's log would hold), kept apart from the record. */
const logs = new WeakMap<DeployOutcome, string>();

export function deployLog(outcome: DeployOutcome): string {
  return logs.get(outcome) ?? "";
}

export interface DeployHooks {
  readonly extraEnv?: Record<string, string>;
  readonly started?: (tracked: Tracked) => void;
}

/** `runwarden deploy` as the deploy job runs it on `runner`; its live stages narrated as they end. */
export async function deploy(ctx: SandboxContext, runId: number, sha: string, job: string, runner: string, hooks: DeployHooks = {}): Promise<DeployOutcome> {
  checkAborted(ctx);
  const { style } = ctx.say;
  const step = await ctx.steps.run(["deploy", "-c", ctx.paths.config, "-e", "production", "--json"], {
    env: jobEnv(ctx, { sha, runId, job, runner, ...(hooks.extraEnv === undefined ? {} : { extra: hooks.extraEnv }) }),
    cwd: ctx.paths.dir,
    ...(hooks.started === undefined ? {} : { started: hooks.started }),
  });
  ctx.files.write(join(ctx.paths.dir, "steps", `${job}-${sha.slice(0, 7)}.log`), `$ runwarden ${step.argv.join(" ")}\n${step.stderr}`);
  const json = (step.json ?? {}) as Partial<DeployOutcome>;
  const outcome: DeployOutcome = {
    code: step.code,
    ms: step.ms,
    outcome: json.outcome ?? null,
    failure_class: json.failure_class ?? null,
    failover: json.failover ?? false,
    reason: json.reason ?? step.stderr.trim().split("\n").pop() ?? "",
    signature: json.signature ?? null,
    stages: json.stages ?? [],
    hosts: json.hosts ?? [],
    deployment_id: json.deployment_id ?? null,
    attempt_id: json.attempt_id ?? null,
    runner,
  };
  logs.set(outcome, step.stderr);
  const mark = (status: string): string => (status === "success" ? style.green("✓") : status === "skipped" ? style.dim("·") : style.red("✗"));
  const stages = outcome.stages
    .filter((s) => s.status !== "skipped")
    .map((s) => `${mark(s.status)} ${s.name} ${style.dim(seconds(s.durationMs))}`)
    .join("  ");
  ctx.say.fact(
    "deploy",
    `on ${runner}: ${outcome.outcome === null ? style.red("no result") : style.bold(outcome.outcome)}   ${style.dim(seconds(outcome.ms))}`,
  );
  if (stages !== "") ctx.say.fact("", stages);
  return outcome;
}

export function sayHosts(ctx: SandboxContext, outcome: DeployOutcome): void {
  const { style } = ctx.say;
  for (const host of outcome.hosts) {
    const mark = host.status === "ok" ? style.green("✓") : style.red("✗");
    ctx.say.fact("", `${mark} ${host.host.padEnd(7)} ok=${host.ok} changed=${host.changed} unreachable=${host.unreachable} failed=${host.failed}`);
  }
}

/** The gates stage's verdicts, from the deploy's JSON. */
export function gateVerdicts(outcome: DeployOutcome): { name: string; status: string; detail: string | null } {
  const gates = outcome.stages.find((s) => s.name === "gates");
  return { name: "gates", status: gates?.status ?? "not reached", detail: gates?.detail ?? null };
}

export interface ClassifyOutcome {
  readonly code: number;
  readonly ms: number;
  readonly class: string | null;
  readonly failover: boolean;
  readonly signature: string | null;
  readonly remediation: string | null;
}

interface ClassifyJson {
  class?: string;
  failover?: boolean;
  signature?: string | { id?: string; remediation?: string } | null;
  remediation?: string;
  causes?: { signature?: string | { id?: string }; class?: string; remediation?: string }[];
}

/** The workflow's classify job: `diagnose --classify` of the failed deploy job. */
export async function classify(ctx: SandboxContext, runId: number, sha: string, job: string): Promise<ClassifyOutcome> {
  checkAborted(ctx);
  const step = await ctx.steps.run(["diagnose", "-c", ctx.paths.config, "-e", "production", "--run-id", String(runId), "--job", job, "--classify", "--json"], {
    env: jobEnv(ctx, { sha, runId, job: "classify" }),
    cwd: ctx.paths.dir,
  });
  const json = (step.json ?? {}) as ClassifyJson;
  const signature = typeof json.signature === "string" ? json.signature : (json.signature?.id ?? null);
  const remediation = typeof json.signature === "object" && json.signature !== null ? (json.signature.remediation ?? null) : (json.remediation ?? null);
  return { code: step.code, ms: step.ms, class: json.class ?? null, failover: json.failover ?? false, signature, remediation };
}

export function sayClassify(ctx: SandboxContext, outcome: ClassifyOutcome): void {
  const { style } = ctx.say;
  ctx.say.fact(
    "diagnose",
    `${style.bold(outcome.signature ?? "no signature")} → class ${style.bold(outcome.class ?? "?")}, failover ${outcome.failover ? style.bold("yes") : "no"}   ${style.dim(seconds(outcome.ms))}`,
  );
}

/**
 * A deploy run of `sha` the way GitHub starts it while the primary is healthy: the run starts, route
 * picks the primary (checked, as `expectation`), the approval passes, and the primary's runner takes
 * the deploy job.
 */
export async function startOnPrimary(
  ctx: SandboxContext,
  checks: Checks,
  sha: string,
  expectation = "route picks the primary",
): Promise<{ readonly runId: number; readonly routed: RouteOutcome }> {
  const run = await ctx.github.startRun(sha);
  const routed = await route(ctx, run.id, sha, "route");
  sayRoute(ctx, routed);
  checks.expect(expectation, routed.group === "primary", routed.group);
  await concludeRoute(ctx, run.id, routed);
  await ctx.github.advance(run.id, "approve", { conclusion: "success", runner: "GitHub Actions 2" });
  await ctx.github.advance(run.id, "deploy-primary", { runner: PRIMARY_RUNNER });
  return { runId: run.id, routed };
}

/** `startOnPrimary`, then `runwarden deploy` on the primary's runner. */
export async function deployOnPrimary(
  ctx: SandboxContext,
  checks: Checks,
  sha: string,
): Promise<{ readonly runId: number; readonly routed: RouteOutcome; readonly result: DeployOutcome }> {
  const { runId, routed } = await startOnPrimary(ctx, checks, sha);
  const result = await deploy(ctx, runId, sha, "deploy-primary", PRIMARY_RUNNER);
  sayHosts(ctx, result);
  return { runId, routed, result };
}
