/** `runwarden preflight`: prove the runner and the targets are ready before a deploy. */
import { Command } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { common, countOption, durationOption } from "../../options.js";

function build(ctx: CliContext) {
  return common(new Command("preflight"), ctx)
    .description(
      "prove the runner and the targets are ready: tools, disk, load, inventory sanity, reachability of every host, secrets present (by name), monitoring up; exit 0 ready, 1 a check failed, 3 some checks could not tell",
    )
    .requiredOption("-e, --environment <name>", "the environment of runwarden.yml whose preflight checks to run")
    .option("--sha <commit>", "the commit being deployed, for {{ sha }} in templates (default: $GITHUB_SHA)")
    .addOption(
      durationOption(
        "--deadline <duration>",
        "the whole preflight ends by then; unfinished checks report error (default: the environment's preflight_deadline, else 60s)",
      ),
    )
    .addOption(countOption("--concurrency <n>", "checks in flight at once (default 32)"))
    .option(
      "--local",
      "only the checks of this runner host (disk, memory, load, command, file, systemd, runner without GitHub lookups): what a runner's job-started hook runs",
    )
    .addHelpText(
      "after",
      `
Checks come from environments.<name>.preflight in runwarden.yml; hosts and their variables from the
Ansible inventory (inventory:, relative to runwarden.yml) and the environment's hosts pattern.
Every check runs concurrently under one deadline, each with its own timeout. warn_only checks are
reported but never fail the preflight. Inside GitHub Actions the results also go to the step
summary, annotations and step outputs (verdict, passed, warnings, failed, errors, failed_checks).

Examples:
  $ runwarden preflight --environment production
  $ runwarden preflight -e production --json | jq '.results[] | select(.status != "pass")'
  $ runwarden preflight -e production --deadline 30s --config deploy/runwarden.yml
  $ runwarden preflight --local -e production --config /etc/runwarden/runwarden.yml   # a job-started hook

Docs: docs/checks.md (every check kind, with examples)`,
    )
    .action(async (options) => {
      const { preflight } = await import("./run.js");
      ctx.exitCode = await preflight(options, ctx.io);
    });
}

export const preflightCommand = defineCommand({
  name: "preflight",
  json: "all",
  negative: "a check failed",
  action: [
    {
      id: "preflight",
      argv: ["preflight"],
      inputs: ["environment", "sha", "deadline"],
      outputs: ["verdict", "passed", "warnings", "failed", "errors", "failed_checks"],
    },
  ],
  build,
});
