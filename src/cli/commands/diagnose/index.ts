/** `runwarden diagnose`: the ranked incident report, and `--classify` (one job's failure class, which gates failover). */
import { Command } from "@commander-js/extra-typings";
import { common, durationOption } from "../../options.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  return common(new Command("diagnose"), ctx)
    .description(
      "the incident report: gather the evidence of a failed or stuck deploy (GitHub runs, jobs and annotations, the runner fleet, this runner host, the targets, Prometheus, the deploy history) in parallel under a hard time budget, and rank the probable causes with their evidence and the next step; --classify decides one job's failure class and whether a failover may follow",
    )
    .option("-e, --environment <name>", "the environment (default: the only one in runwarden.yml)")
    .option("--run <id>", "one workflow run (default: the environment's recent deploy runs)")
    .option("--run-id <id>", "the workflow run for --classify (default: $GITHUB_RUN_ID)")
    .option("--job <name|id>", "one job of the run: its name (e.g. deploy-primary, latest attempt) or its id")
    .addOption(durationOption("--since <duration>", "how far back to look for deploy runs (default 6h)").default(6 * 3_600_000))
    .addOption(durationOption("--budget <duration>", "the report is printed by then with what was collected (default 60s)").default(60_000))
    .option("--bundle <file>", "also write everything collected to a .tar.gz (masked, with a SHA-256 manifest)")
    .option("--classify", "only classify --job of --run-id: the failure class and whether a failover may follow (the deploy workflow's step)", false)
    .addHelpText(
      "after",
      `
The report ranks causes most likely first, each with its confidence, the evidence lines (masked)
and where each came from, and what to do; --json prints {causes: [{signature, class, confidence,
evidence: [{source, text}], remediation}], failover, collected, missing}. The newest failed deploy
job's classification leads, so causes[0].class is the class --classify gives it: a failover only
for a specific runner or infrastructure cause, never beside application evidence (a failed task, a
gate, a step that exited by itself) and never for "runner offline after the failure" alone.
Sources that did not answer within --budget are listed under missing (reason: budget).
docs/diagnose.md lists every signature with what it means and what to do.

Inside GitHub Actions it writes the outputs class, failover (true/false) and signature, and a step
summary. Needs Actions: read and Checks: read; runner state also needs the runner read permission.

Examples:
  $ runwarden diagnose -e production
  $ runwarden diagnose -e production --run 30433601 --job deploy-primary --json
  $ runwarden diagnose -e production --since 2h --budget 30s --bundle incident.tar.gz
  $ runwarden diagnose --run-id 30433601 --job deploy-primary --classify

Exit codes: 0 a cause was found (--classify: classified, whatever the class) · 1 nothing explains
the failure · 2 bad input · 3 the runs and jobs on GitHub could not be read (then no failover).`,
    )
    .action(async (options) => {
      const { diagnose } = await import("./run.js");
      ctx.exitCode = await diagnose(options, ctx.io);
    });
}

export const diagnoseCommand = defineCommand({
  name: "diagnose",
  json: "all",
  negative: "nothing explains the failure",
  action: [{ id: "diagnose", argv: ["diagnose"], inputs: ["run-id", "job", "classify"], outputs: ["class", "failover", "signature"] }],
  build,
});
