/**
 * Act 2 — the runner dies: sha B starts deploying on the primary's runner; while its playbook drains
 * the load balancer, the runner is lost (its processes end, GitHub marks it offline and concludes
 * the job with the runner-lost annotation, no log). `diagnose --classify` names the cause,
 * `route --exclude primary` picks the secondary, and the deploy of B completes there (fix-forward):
 * the gates pass.
 */
import type { Tracked } from "../processes.js";
import type { SandboxContext } from "../context.js";
import { COMMITS, PRIMARY_RUNNER, SECONDARY_RUNNER } from "../layout.js";
import { seconds } from "../narrate.js";
import type { Checks } from "../types.js";
import { classify, deploy, gateVerdicts, route, sayClassify, sayHosts, sayRoute, startOnPrimary } from "./jobs.js";

/** How long the primary's playbook holds in its drain step: the runner dies during it. */
const DRAIN_SECONDS = "60";

export async function runnerDies(ctx: SandboxContext, checks: Checks): Promise<Record<string, unknown>> {
  const { style } = ctx.say;
  const { sha, message } = COMMITS.B;
  await ctx.github.setRunner(PRIMARY_RUNNER, { status: "online", busy: false });
  await ctx.github.setRunner(SECONDARY_RUNNER, { status: "online", busy: false });
  ctx.say.fact("commit", `${sha.slice(0, 7)} "${message}"`);
  const { runId, routed } = await startOnPrimary(ctx, checks, sha, "route first picks the primary");

  // The runner dies while the playbook drains the load balancer: the sandbox waits for that line.
  let lostAt = 0;
  let killed: Promise<void> = Promise.resolve();
  const watch = (tracked: Tracked): void => {
    killed = tracked.waitForLine(/TASK \[drain the load balancer\]/, 120_000).then(async () => {
      lostAt = performance.now();
      ctx.say.fact("", style.yellow(`✗ ${PRIMARY_RUNNER} is lost mid-deploy (during "drain the load balancer"): its processes end, GitHub marks it offline`));
      ctx.registry.signal(tracked, "SIGTERM");
      await ctx.github.setRunner(PRIMARY_RUNNER, { status: "offline", busy: true });
    });
  };
  const first = await deploy(ctx, runId, sha, "deploy-primary", PRIMARY_RUNNER, { extraEnv: { SANDBOX_DRAIN_SECONDS: DRAIN_SECONDS }, started: watch });
  await killed;
  checks.expect("the primary's deploy is cut short", first.outcome !== "success", first.outcome);
  await ctx.github.advance(runId, "deploy-primary", { lost_runner: true });
  const job = await ctx.github.job(runId, "deploy-primary");
  ctx.say.fact(
    "GitHub",
    `job deploy-primary: ${job.conclusion ?? job.status} — "The self-hosted runner: ${PRIMARY_RUNNER} lost communication with the server." (no log)`,
  );

  const classified = await classify(ctx, runId, sha, "deploy-primary");
  sayClassify(ctx, classified);
  checks.expect("diagnose names the lost runner (class runner)", classified.class === "runner", classified);
  checks.expect("diagnose allows a failover", classified.failover, classified.failover);
  const rerouted = await route(ctx, runId, sha, "classify", "primary");
  sayRoute(ctx, rerouted, "re-route");
  checks.expect("route (excluding the primary) picks the secondary", rerouted.group === "secondary", rerouted.group);
  await ctx.github.advance(runId, "classify", {
    runner: "GitHub Actions 3",
    conclusion: "success",
    outputs: { failover: String(classified.failover), group: rerouted.github_group ?? "", labels: JSON.stringify(rerouted.labels) },
  });
  await ctx.github.advance(runId, "deploy-secondary", { runner: SECONDARY_RUNNER });
  const second = await deploy(ctx, runId, sha, "deploy-secondary", SECONDARY_RUNNER);
  sayHosts(ctx, second);
  await ctx.github.advance(runId, "deploy-secondary", { conclusion: second.outcome === "success" ? "success" : "failure" });
  const gates = gateVerdicts(second);
  ctx.say.fact("gates", `${gates.status === "success" ? style.green("✓") : style.red("✗")} ${gates.detail ?? gates.status}`);
  const recoveredMs = lostAt === 0 ? null : Math.round(performance.now() - lostAt);
  if (recoveredMs !== null) ctx.say.fact("recovered", `${sha.slice(0, 7)} live on every host ${seconds(recoveredMs)} after the runner was lost`);
  checks.expect("the deploy of B completes on the secondary", second.outcome === "success", `${String(second.outcome)}: ${second.reason}`);
  checks.expect("the gates pass", gates.status === "success", gates);
  // The runner host comes back (restarted) for what follows.
  await ctx.github.setRunner(PRIMARY_RUNNER, { status: "online", busy: false });
  return { run_id: runId, sha, route: routed, lost: first, classify: classified, reroute: rerouted, deploy: second, gates, recovered_ms: recoveredMs };
}
