/** `runwarden report`: deploy success rate, durations, queue time, failovers, MTTR and the SLO verdict (docs/report.md). */
import { Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { parseWindow, WINDOW_EXPECTED } from "../../../report/window.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { common } from "../../options.js";

function windowOption() {
  return new Option("--since <window>", "how far back: 30d, 7d, 36h… (default: slo.window of runwarden.yml, 30d)").argParser((value: string): number => {
    const ms = parseWindow(value);
    if (ms === undefined) throw new InvalidArgumentError(`--since takes ${WINDOW_EXPECTED} (at most 3660d)`);
    return ms;
  });
}

function build(ctx: CliContext) {
  return common(new Command("report"), ctx)
    .description(
      "report each environment's deploys over a window: success rate (latest attempt of each deploy), nearest-rank p50/p95/max run time, queue time, failovers, re-runs, failure classes, MTTR, change failure rate, deploy frequency, and the SLO verdict; exit 1 when an SLO is breached",
    )
    .option("-e, --environment <name>", "only this environment (an environment of runwarden.yml)")
    .addOption(windowOption())
    .option("--from-github", "read the deploy workflow's runs and jobs on GitHub instead of the store (a baseline before deploying with runwarden)", false)
    .addOption(
      new Option("--format <format>", "text, or markdown for a weekly post or a step summary").choices(["text", "markdown"] as const).default("text" as const),
    )
    .addHelpText(
      "after",
      `
A deploy is one run of the deploy workflow for one environment; only its latest attempt counts (a
re-run that succeeds is one success), a deploy that failed over counts by how the failover ended,
and a deploy cancelled or superseded before it decided anything is not counted. Objectives come
from slo: in runwarden.yml (default success_rate 0.95, p95 10m, window 30d). Exit 0 every SLO met,
1 an SLO breached, 2 bad input, 3 the store or GitHub could not be read. Inside GitHub Actions the
Markdown report is also appended to the step summary.

Examples:
  $ runwarden report
  $ runwarden report --environment production --since 7d --format markdown
  $ runwarden report --from-github --since 90d --json | jq '.environments[] | {environment, success_rate, p95_seconds}'

Docs: docs/report.md`,
    )
    .action(async (options) => {
      const { report } = await import("./run.js");
      ctx.exitCode = await report(options, ctx.io);
    });
}

export const reportCommand = defineCommand({
  name: "report",
  json: "all",
  negative: "a deploy SLO (success rate or p95) is breached",
  action: [{ id: "report", argv: ["report"], inputs: ["environment", "since"], outputs: ["slo_met"] }],
  build,
});
