/** `runwarden deploy`: the guarded, serialized, masked, verified deploy (docs/deploy.md). */
import { Command } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { common } from "../../options.js";

function build(ctx: CliContext) {
  return common(new Command("deploy"), ctx)
    .description(
      "deploy to an environment: guards → environment lock → GitHub deployment → preflight → the deploy command (masked, live, timed out) → gates → deployment status; exit 0 deployed (or skipped), 1 failed or refused, 3 could not decide",
    )
    .requiredOption("-e, --environment <name>", "the environment of runwarden.yml to deploy to (also its GitHub environment)")
    .option("--sha <commit>", "the commit to deploy, {{ sha }} in templates (default: $GITHUB_SHA)")
    .option("--ref <ref>", "the ref being deployed, for the branch guards (default: $GITHUB_REF)")
    .option("--dry-run", "print the plan — guards' verdicts, who holds the lock, hosts, the command (masked), checks and gates — and act on nothing", false)
    .option("--skip-if-live", "deploy nothing when the version gates already pass for this commit on every host (re-running is safe)", false)
    .option("--log-file <path>", "where the command's masked log goes (default: $RUNNER_TEMP, else .runwarden/logs/ beside runwarden.yml)")
    .addHelpText(
      "after",
      `
Stages, in order: guards (branch, protected branch, environment approval, change ticket, runner
group, not a pull request) → environment lock (one deploy per environment at a time, first come
first served, up to deploy.lock_timeout) → GitHub deployment (in_progress, log = this run) →
preflight checks → pre-deploy gates → deploy.run in its own process group (output live and
masked; deploy.timeout → SIGTERM, then SIGKILL after deploy.kill_grace) → post-deploy gates →
deployment status → lock released. Fix-forward only: nothing is rolled back.

A failure gets a class from the diagnose signatures (runner, infrastructure, target, application,
guard, unknown) and failover: true only for runner and infrastructure (docs/adr/0007). Inside
GitHub Actions the result also goes to step outputs (outcome, failure_class, failover,
deployment_id) and the step summary (stages, per-host PLAY RECAP).

Examples:
  $ runwarden deploy --environment production
  $ runwarden deploy -e production --dry-run
  $ runwarden deploy -e production --skip-if-live --json | jq '{outcome, failure_class, failover}'

Docs: docs/deploy.md`,
    )
    .action(async (options) => {
      const { deploy } = await import("./run.js");
      ctx.exitCode = await deploy(options, ctx.io);
    });
}

export const deployCommand = defineCommand({
  name: "deploy",
  json: "all",
  negative: "the deploy failed or was refused",
  action: [
    {
      id: "deploy",
      argv: ["deploy"],
      inputs: ["environment", "sha", "dry-run", "skip-if-live"],
      outputs: ["outcome", "failure_class", "failover", "deployment_id", "attempt_id"],
    },
  ],
  build,
});
