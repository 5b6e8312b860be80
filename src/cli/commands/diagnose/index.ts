/** `runwarden diagnose`: for now, the failure class of one job (`--classify`), which gates failover. */
import { Command } from "@commander-js/extra-typings";
import { common } from "../../options.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  return common(new Command("diagnose"), ctx)
    .description(
      "classify why a job failed — runner, infrastructure, target, application, guard or unknown — from its annotations, log and runner state, and say whether a failover may follow (runner and infrastructure only)",
    )
    .option("--run-id <id>", "the workflow run (default: $GITHUB_RUN_ID)")
    .requiredOption("--job <name>", "the job's name in the run, e.g. deploy-primary (its latest attempt)")
    .option("--classify", "classify the job's failure (the only mode so far)", false)
    .addHelpText(
      "after",
      `
What it does today: --classify reads the job, its annotations, its log and its runner's current
state, matches them against the failure signatures (docs/failover.md lists them) and prints the
class, whether a failover may follow, the signature that decided and what to do. A failover is
allowed only with positive evidence of a runner or infrastructure failure ("lost communication
with the server", "received a shutdown signal", a runner offline after the failure, a job that
never got a runner); an application failure (a failed Ansible task), a target or a guard vetoes it,
and no evidence means no failover. The full incident report (fleet, logs, hosts, alerts, a bundle)
is not built yet.

Inside GitHub Actions it writes the outputs class, failover (true/false) and signature.

Needs Actions: read and Checks: read (annotations); runner state also needs the runner read
permission, and is reported as unknown without it.

Examples:
  $ runwarden diagnose --run-id 30433601 --job deploy-primary --classify
  $ runwarden diagnose --job deploy-primary --classify --json      # inside Actions: $GITHUB_RUN_ID

Exit codes: 0 classified (whatever the class) · 2 bad input (no such run or job) · 3 GitHub
unreachable (then no failover).`,
    )
    .action(async (options) => {
      const { diagnose } = await import("./run.js");
      ctx.exitCode = await diagnose(options, ctx.io);
    });
}

export const diagnoseCommand = defineCommand({
  name: "diagnose",
  json: "all",
  action: [{ id: "diagnose", argv: ["diagnose"], inputs: ["run-id", "job", "classify"], outputs: ["class", "failover", "signature"] }],
  build,
});
