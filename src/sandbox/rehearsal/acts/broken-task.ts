/**
 * Act 3 — a failure that must not fail over: sha C's configuration is invalid on one host, so its
 * playbook task fails there. The class is `application` — another runner would fail the same way —
 * so there is no failover: the per-host recap says where, and the remediation says what to do
 * (fix forward).
 */
import type { SandboxContext } from "../context.js";
import { COMMITS, PRIMARY_RUNNER, SECONDARY_RUNNER } from "../layout.js";
import type { Checks } from "../types.js";
import { classify, concludeRoute, deploy, deployLog, route, sayClassify, sayHosts, sayRoute } from "./jobs.js";

export async function brokenTask(ctx: SandboxContext, checks: Checks): Promise<Record<string, unknown>> {
  const { style } = ctx.say;
  const { sha, message } = COMMITS.C;
  await ctx.github.setRunner(PRIMARY_RUNNER, { status: "online", busy: false });
  await ctx.github.setRunner(SECONDARY_RUNNER, { status: "online", busy: false });
  ctx.say.fact("commit", `${sha.slice(0, 7)} "${message}" (its configuration lacks a key on web-02)`);
  const run = await ctx.github.startRun(sha);
  const routed = await route(ctx, run.id, sha, "route");
  sayRoute(ctx, routed);
  checks.expect("route picks the primary", routed.group === "primary", routed.group);
  await concludeRoute(ctx, run.id, routed);
  await ctx.github.advance(run.id, "approve", { conclusion: "success", runner: "GitHub Actions 2" });
  await ctx.github.advance(run.id, "deploy-primary", { runner: PRIMARY_RUNNER });
  const failed = await deploy(ctx, run.id, sha, "deploy-primary", PRIMARY_RUNNER);
  sayHosts(ctx, failed);
  await ctx.github.advance(run.id, "deploy-primary", {
    conclusion: "failure",
    log: `${deployLog(failed)}\n##[error]Process completed with exit code ${failed.code}.\n`,
  });
  ctx.say.fact("class", `${style.bold(failed.failure_class ?? "none")}, failover ${failed.failover ? style.bold("yes") : style.bold("no")} — ${failed.reason}`);
  if (failed.signature !== null) ctx.say.fact("remedy", failed.signature.remediation);
  checks.expect("the deploy fails", failed.outcome === "failure", failed.outcome);
  checks.expect("the failure class is application", failed.failure_class === "application", failed.failure_class);
  checks.expect("no failover", failed.failover === false, failed.failover);
  const broken = failed.hosts.filter((h) => h.failed > 0).map((h) => h.host);
  checks.expect("the recap names web-02 as the failed host", broken.length === 1 && broken[0] === "web-02", broken);
  const classified = await classify(ctx, run.id, sha, "deploy-primary");
  sayClassify(ctx, classified);
  checks.expect("the workflow's classify job agrees: no failover", classified.failover === false, classified);
  await ctx.github.advance(run.id, "classify", { runner: "GitHub Actions 3", conclusion: "success", outputs: { failover: String(classified.failover) } });
  const secondary = await ctx.github.job(run.id, "deploy-secondary");
  ctx.say.fact("GitHub", `job deploy-secondary: ${secondary.conclusion ?? secondary.status} (the secondary would fail the same way)`);
  checks.expect("deploy-secondary is skipped", secondary.conclusion === "skipped", secondary.conclusion ?? secondary.status);
  return {
    run_id: run.id,
    sha,
    route: routed,
    deploy: failed,
    classify: classified,
    secondary_job: secondary.conclusion ?? secondary.status,
    failed_hosts: broken,
  };
}
