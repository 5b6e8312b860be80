/** `runwarden gate`: health gates that fail closed. */
import { Command, Option } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { common, durationOption } from "../../options.js";

function build(ctx: CliContext) {
  return common(new Command("gate"), ctx)
    .description(
      "run the environment's health gates (http, tcp, prometheus, command, version live on every host) on their schedules and decide; exit 0 only when every gate passed, 1 a gate failed, 3 a gate could not measure (fails closed)",
    )
    .requiredOption("-e, --environment <name>", "the environment of runwarden.yml whose gates to run")
    .addOption(new Option("--phase <phase>", "which gates: post (after the deploy) or pre (before it)").choices(["pre", "post"]).default("post"))
    .option("--sha <commit>", "the deployed commit every host must report, {{ sha }} in templates (default: $GITHUB_SHA)")
    .option("--dry-run", "plan only: render templates, expand hosts, parse conditions and print the plan; measure nothing", false)
    .addOption(durationOption("--deadline <duration>", "every gate ends by then; an undecided gate is an error (default: none beyond each gate's schedule)"))
    .addHelpText(
      "after",
      `
Gates come from environments.<name>.gates in runwarden.yml (phase: post unless set), hosts and
their variables from the Ansible inventory; the Prometheus URL from monitoring.prometheus_url
rendered with the inventory's variables. A measurement that cannot be taken (timeout, Prometheus
down) never counts as a success: errors are retried each interval, and past consecutive_error_limit
the gate ends as "could not decide" (exit 3), never as a pass. Inside GitHub Actions the results
also go to the step summary, annotations and step outputs (verdict, failed_gates, undecided_gates).

Examples:
  $ runwarden gate --environment production --sha "$GITHUB_SHA"
  $ runwarden gate -e production --phase pre              # e.g. no alerts firing before deploying
  $ runwarden gate -e production --dry-run                # what would be measured, and for how long at most
  $ runwarden gate -e production --json | jq '.gates[] | {name, verdict}'

Docs: docs/gates.md (semantics, defaults, why fail closed)`,
    )
    .action(async (options) => {
      const { gate } = await import("./run.js");
      ctx.exitCode = await gate(options, ctx.io);
    });
}

export const gateCommand = defineCommand({
  name: "gate",
  json: "all",
  negative: "a gate failed",
  action: [{ id: "gate", argv: ["gate"], inputs: ["environment", "sha", "phase", "deadline"], outputs: ["verdict", "failed_gates", "undecided_gates"] }],
  build,
});
