/** `runwarden watchdog`: recover deploy jobs stuck in the queue. */
import { Command } from "@commander-js/extra-typings";
import { common } from "../../options.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  return common(new Command("watchdog"), ctx)
    .description(
      "find deploy jobs queued longer than route.watchdog.queue_timeout (GitHub would keep them queued for 24 h), or in progress on a runner that is offline but busy (it died mid-job) past route.watchdog.orphan_grace, and re-route their run: cancel it, wait until it completes (and until the run's environment lock lease has expired), re-run its route job so routing is decided again",
    )
    .option("-e, --environment <name>", "only this environment's deploy workflow (default: every environment with route.workflow)")
    .option("--once", "look once and exit (the scheduled-workflow form); without it, look every route.watchdog.interval until SIGINT/SIGTERM", false)
    .option("--dry-run", "plan only: say what would be done, change nothing", false)
    .addHelpText(
      "after",
      `
The route job is re-run, not the failed jobs: re-running failed jobs would reuse the old route's
outputs and send the deploy to the same group again. Each run attempt is acted on at most once —
the re-run makes a new attempt, and only a run's latest attempt is ever considered — and a run is
left alone (and reported, exit 1) past route.watchdog.max_reroutes re-runs or GitHub's 50 attempts.
For a job that had started, the store of runwarden.yml must be readable (the lock's lease shows the
deploy has stopped): without it the run is reported and nothing is done.

Needs Actions: write (cancel and re-run) besides Actions: read.

Examples:
  $ runwarden watchdog --once --dry-run          # what would it do now?
  $ runwarden watchdog --once --json             # from a scheduled workflow (examples/workflows/watchdog.yml)
  $ runwarden watchdog -e production             # keep watching, every route.watchdog.interval

Exit codes: 0 nothing stuck, or every stuck run re-routed · 1 a stuck run was left as is (limits,
or --dry-run) or its recovery failed · 2 bad input · 3 GitHub unreachable.`,
    )
    .action(async (options) => {
      const { watchdog } = await import("./run.js");
      ctx.exitCode = await watchdog(options, ctx.io);
    });
}

export const watchdogCommand = defineCommand({
  name: "watchdog",
  json: "all",
  negative: "a stuck run was left as is, or its recovery failed",
  action: [{ id: "watchdog", argv: ["watchdog"], inputs: ["environment", "dry-run"], fixed: ["--once"], outputs: ["stuck", "rerouted"] }],
  build,
});
