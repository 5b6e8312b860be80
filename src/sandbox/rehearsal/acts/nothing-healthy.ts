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
import { type RouteOutcome, route, sayRoute } from "./jobs.js";

interface WatchdogPlan {
  action?: string;
  run_id?: number;
  reason?: string;
  stuck?: { name?: string; waited_ms?: number }[];
}

interface WatchdogJson {
  workflows?: { plans?: WatchdogPlan[] }[];
  outcomes?: { run_id?: number; result?: string; detail?: string; new_attempt?: number }[];
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
    `exit ${routed.code} after ${style.bold(seconds(routed.ms))} (the whole runwarden process, Node start included) — GitHub would have queued the job for up to 24 h`,
  );
  checks.expect("route finds no healthy group", routed.group === null, routed.group);
  checks.expect("route exits 1 (a negative verdict, not an error)", routed.code === 1, routed.code);
  await ctx.github.advance(run.id, "route", { runner: "GitHub Actions 1", conclusion: "failure" });

  const watchdog = await ctx.steps.run(["watchdog", "-c", ctx.paths.config, "-e", "production", "--once", "--json"], {
    env: jobEnv(ctx, { sha, runId: run.id + 1000, job: "watchdog" }),
    cwd: ctx.paths.dir,
  });
  const json = (watchdog.json ?? {}) as WatchdogJson;
  const plans = (json.workflows ?? []).flatMap((w) => w.plans ?? []);
  const outcomes = json.outcomes ?? [];
  for (const plan of plans) {
    const stuck = (plan.stuck ?? []).map((s) => `${s.name ?? "?"} queued ${seconds(s.waited_ms ?? 0)}`).join(", ");
    ctx.say.fact("watchdog", `run ${String(plan.run_id)}: ${stuck}`);
    ctx.say.fact("", `→ ${style.bold(plan.action ?? "?")}: ${plan.reason ?? ""}`);
  }
  for (const outcome of outcomes) ctx.say.fact("", `${style.bold(outcome.result ?? "?")}: ${outcome.detail ?? ""}`);
  if (plans.length === 0) ctx.say.fact("watchdog", `no stuck run found (exit ${watchdog.code})`);
  ctx.say.fact("", style.dim(`watchdog exit ${watchdog.code}, ${seconds(watchdog.ms)}`));
  const stuckRun = plans[0]?.run_id;
  checks.expect("the watchdog re-routes the run queued past queue_timeout", plans[0]?.action === "reroute" && outcomes[0]?.result === "rerouted", {
    plans,
    outcomes,
  });

  // The run's new attempt decides its route again: with nothing healthy, it fails fast too.
  let rerouted: RouteOutcome | null = null;
  if (stuckRun !== undefined && outcomes[0]?.result === "rerouted") {
    rerouted = await route(ctx, stuckRun, COMMITS.A.sha, "route");
    await ctx.github.advance(stuckRun, "route", { runner: "GitHub Actions 1", conclusion: "failure" });
    const run = await ctx.github.run(stuckRun);
    ctx.say.fact(
      "attempt 2",
      `its route job: ${rerouted.group ?? "no healthy runner group"} after ${seconds(rerouted.ms)} — the run ends ${run.jobs.find((j) => j.name === "deploy-primary")?.conclusion ?? "?"}, not queued`,
    );
    checks.expect("the re-routed run's route fails fast as well", rerouted.group === null && rerouted.code === 1, rerouted);
  }
  return { route: routed, watchdog: { code: watchdog.code, ms: watchdog.ms, plans, outcomes }, reroute: rerouted };
}
