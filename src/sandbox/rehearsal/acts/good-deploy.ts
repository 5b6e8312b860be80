/**
 * Act 1 — a good deploy of sha A: route picks the primary; the deploy job on the primary's runner
 * runs `runwarden deploy` (guards, lock, GitHub deployment, preflight, ansible-playbook, the
 * version-live, health and Prometheus gates); the audit entry is in the chain; the GitHub
 * deployment's status is `success`.
 */
import { jobEnv, REPOSITORY, type SandboxContext } from "../context.js";
import { COMMITS } from "../layout.js";
import type { Checks } from "../types.js";
import { deployOnPrimary, gateVerdicts } from "./jobs.js";

export async function goodDeploy(ctx: SandboxContext, checks: Checks): Promise<Record<string, unknown>> {
  const { sha, message } = COMMITS.A;
  ctx.say.fact("commit", `${sha.slice(0, 7)} "${message}" pushed to main; the deploy workflow starts`);
  const { runId, routed, result: deployed } = await deployOnPrimary(ctx, checks, sha);
  await ctx.github.advance(runId, "deploy-primary", { conclusion: deployed.outcome === "success" ? "success" : "failure" });
  await ctx.github.advance(runId, "verify", { conclusion: "success", runner: "GitHub Actions 3" }).catch(() => undefined);
  const gates = gateVerdicts(deployed);
  ctx.say.fact("gates", `${gates.status === "success" ? ctx.say.style.green("✓") : ctx.say.style.red("✗")} ${gates.detail ?? gates.status}`);
  checks.expect("the deploy succeeds", deployed.outcome === "success", `${String(deployed.outcome)}: ${deployed.reason}`);
  checks.expect("the gates pass", gates.status === "success", gates);
  const state = deployed.deployment_id === null ? undefined : await ctx.github.deploymentState(REPOSITORY, deployed.deployment_id);
  ctx.say.fact("GitHub", `deployment ${String(deployed.deployment_id)} of ${sha.slice(0, 7)} to production: ${ctx.say.style.bold(state ?? "none")}`);
  checks.expect("the GitHub deployment is success", state === "success", state);
  const audit = await ctx.steps.run(["audit", "show", "-c", ctx.paths.config, "-e", "production", "--json", "--limit", "10"], {
    env: jobEnv(ctx, { sha, runId: runId, job: "deploy-primary" }),
    cwd: ctx.paths.dir,
  });
  const entries = ((audit.json ?? {}) as { entries?: { seq?: number; event?: { type?: string } }[] }).entries ?? [];
  const types = entries.map((e) => e.event?.type ?? "?");
  ctx.say.fact("audit", `chain entries so far: ${types.join(", ") || "none"}`);
  checks.expect("a deploy.attempt audit entry is recorded", types.includes("deploy.attempt"), types);
  return { run_id: runId, sha, route: routed, deploy: deployed, gates, deployment_status: state ?? null, audit_types: types };
}
