/**
 * Act 3 — a failure that must not fail over: sha C's configuration is invalid on one host, so its
 * playbook task fails there. The class is `application` — another runner would fail the same way —
 * so there is no failover: the per-host recap says where, and the remediation says what to do
 * (fix forward).
 */
import type { SandboxContext } from "../context.js";
import { COMMITS, PRIMARY_RUNNER, SECONDARY_RUNNER } from "../layout.js";
import type { Checks } from "../types.js";
import { classify, deployLog, deployOnPrimary, sayClassify } from "./jobs.js";

export async function brokenTask(ctx: SandboxContext, checks: Checks): Promise<Record<string, unknown>> {
  const { style } = ctx.say;
  const { sha, message } = COMMITS.C;
  await ctx.github.setRunner(PRIMARY_RUNNER, { status: "online", busy: false });
  await ctx.github.setRunner(SECONDARY_RUNNER, { status: "online", busy: false });
  ctx.say.fact("commit", `${sha.slice(0, 7)} "${message}" (its configuration lacks a key on web-02)`);
  const { runId, routed, result: failed } = await deployOnPrimary(ctx, checks, sha);
  await ctx.github.advance(runId, "deploy-primary", {
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
  const classified = await classify(ctx, runId, sha, "deploy-primary");
  sayClassify(ctx, classified);
  checks.expect("the workflow's classify job agrees: no failover", classified.failover === false, classified);
  await ctx.github.advance(runId, "classify", { runner: "GitHub Actions 3", conclusion: "success", outputs: { failover: String(classified.failover) } });
  const secondary = await ctx.github.job(runId, "deploy-secondary");
  ctx.say.fact("GitHub", `job deploy-secondary: ${secondary.conclusion ?? secondary.status} (the secondary would fail the same way)`);
  checks.expect("deploy-secondary is skipped", secondary.conclusion === "skipped", secondary.conclusion ?? secondary.status);
  return {
    run_id: runId,
    sha,
    route: routed,
    deploy: failed,
    classify: classified,
    secondary_job: secondary.conclusion ?? secondary.status,
    failed_hosts: broken,
  };
}
