/** `runwarden route`: pick the runner group for a deploy, before the deploy job. */
import { Command } from "@commander-js/extra-typings";
import { collect, common } from "../../options.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  return common(new Command("route"), ctx)
    .description(
      "choose the runner group a deploy job runs on: the first configured group that is healthy (enough idle online runners with the labels, in the right GitHub group, recent enough), else a later one approved for failover; exit 1 when none is, at once",
    )
    .requiredOption("-e, --environment <name>", "the environment to route (a key of environments: in runwarden.yml)")
    .option("--force-group <name>", "failover drill: take this group (needs route.allow_force_group; it must still be healthy and approved)")
    .option("--exclude <name>", "leave this group out (e.g. the one whose deploy just failed); repeatable", collect)
    .addHelpText(
      "after",
      `
A group counts as healthy with at least min_idle idle online runners carrying all its labels
(or min_online online runners under the max_busy_percent ceiling), in the GitHub runner group the
config names, not older than github.min_runner_version, and — when the group is restricted to
workflows — admitting the deploy workflow (route.workflow, default $GITHUB_WORKFLOW_REF). A group
after the first must also be approved_for_failover and restricted to this repository on GitHub.

Inside GitHub Actions it writes the outputs group, labels (a JSON array), runs_on, name, failover,
drill and unchecked, and a step summary. Use them as:
  runs-on:
    group: \${{ needs.route.outputs.group }}
    labels: \${{ fromJSON(needs.route.outputs.labels) }}

Needs a token that can read runner groups (Self-hosted runners: read on the organization, or
Administration: read for repository runners); see docs/github.md and docs/failover.md.

Examples:
  $ runwarden route --environment production
  $ runwarden route -e production --json
  $ runwarden route -e production --exclude primary        # the failover job: anything but the group that failed
  $ runwarden route -e production --force-group secondary  # a failover drill (route.allow_force_group: true)

Exit codes: 0 a group was chosen · 1 none is healthy (every group's reasons, and what to check) ·
2 bad input · 3 GitHub unreachable after retries (with route.on_api_error: primary, the first group
is taken unchecked instead).`,
    )
    .action(async (options) => {
      const { route } = await import("./run.js");
      ctx.exitCode = await route(options, ctx.io);
    });
}

export const routeCommand = defineCommand({
  name: "route",
  json: "all",
  negative: "no runner group is healthy",
  action: [
    {
      id: "route",
      argv: ["route"],
      inputs: ["environment", "force-group", "exclude"],
      outputs: ["group", "name", "labels", "runs_on", "failover", "drill", "unchecked"],
    },
  ],
  build,
});
