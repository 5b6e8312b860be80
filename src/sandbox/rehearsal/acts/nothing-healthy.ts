/**
 * Act 4 — nothing healthy: both groups' runners are offline. `route` fails fast (measured, printed)
 * instead of leaving the deploy job queued for GitHub's 24 hours, and the watchdog decides what to
 * do with the run that has sat in the queue since before the sandbox started.
 */
import type { SandboxContext } from "../context.js";
import { jobEnv } from "../context.js";
import { COMMITS, PRIMARY_RUNNER, SECONDARY_RUNNER } from "../layout.js";
import { seconds } from "../narrate.js";
import type { Checks } from "../types.js";
import { route, sayRoute } from "./jobs.js";

interface WatchdogJson {
  plans?: { action?: string; run_id?: number; reason?: string; stuck?: { name?: string; waited_ms?: number }[] }[];
  results?: unknown[];
  [key: string]: unknown;
}

export async function nothingHealthy(ctx: SandboxContext, checks: Checks): Promise<Record<string, unknown>> {
  const { style } = ctx.say;
  const sha = COMMITS.C.sha;
  await ctx.github.setRunner(PRIMARY_RUNNER, { status: "offline", busy: false });
  await ctx.github.setRunner(SECONDARY_RUNNER, { status: "offline", busy: false });
  ctx.say.fact("GitHub", `${PRIMARY_RUNNER} and ${SECONDARY_RUNNER} are offline: no runner can take a production job`);
  const run = await ctx.github.startRun(sha);
  const routed = await route(ctx, run.id, sha, "route");
  sayRoute(ctx, routed);
  ctx.say.fact(
    "",
    `exit ${routed.code} after ${style.bold(seconds(routed.ms))} (the runwarden process, start to end) — GitHub would have queued the job for up to 24 h`,
  );
  checks.expect("route finds no healthy group", routed.group === null, routed.group);
  checks.expect("route exits 1 (a negative verdict, not an error)", routed.code === 1, routed.code);
  await ctx.github.advance(run.id, "route", { runner: "GitHub Actions 1", conclusion: "failure" });

  const watchdog = await ctx.steps.run(["watchdog", "-c", ctx.paths.config, "-e", "production", "--once", "--json"], {
    env: jobEnv(ctx, { sha, runId: run.id + 1000, job: "watchdog" }),
    cwd: ctx.paths.dir,
  });
  const json = (watchdog.json ?? {}) as WatchdogJson;
  const plans = json.plans ?? [];
  for (const plan of plans) {
    const stuck = (plan.stuck ?? []).map((s) => `${s.name ?? "?"} queued ${seconds(s.waited_ms ?? 0)}`).join(", ");
    ctx.say.fact("watchdog", `run ${String(plan.run_id)} (${stuck}): ${style.bold(plan.action ?? "?")} — ${plan.reason ?? ""}`);
  }
  if (plans.length === 0) ctx.say.fact("watchdog", `no stuck run found (exit ${watchdog.code})`);
  ctx.say.fact("", style.dim(`exit ${watchdog.code}, ${seconds(watchdog.ms)}`));
  checks.expect("the watchdog finds the queued run", plans.length > 0, json);
  return { route: routed, watchdog: { code: watchdog.code, ms: watchdog.ms, plans } };
}
