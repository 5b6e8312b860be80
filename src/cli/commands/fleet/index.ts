/** `runwarden fleet`: runner groups as GitHub sees them. */
import { Command } from "@commander-js/extra-typings";
import { common } from "../../options.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  return common(new Command("fleet"), ctx)
    .description(
      "show the runner groups of runwarden.yml as GitHub sees them: online/idle/busy/offline, versions, misplaced and dead runners; with --inventory, the runner hosts the inventory declares that are missing, extra or in the wrong group; exit 1 when a group has no online runner or the inventory and the fleet disagree",
    )
    .option("-e, --environment <name>", "only this environment's runner groups")
    .option(
      "-i, --inventory <file>",
      "also compare the fleet with the runner hosts this Ansible inventory declares: missing, extra, wrong group (exit 1 on any)",
    )
    .option("--runner-groups <group...>", "inventory groups of runner hosts, with --inventory (default: runner_primary runner_secondary)")
    .addHelpText(
      "after",
      `
Needs a token (GITHUB_TOKEN, RUNWARDEN_GITHUB_TOKEN or github.token_env) or a GitHub App that can
read self-hosted runners: Administration: read (repository runners) or Self-hosted runners: read
(organization runners). docs/github.md lists the permissions of every command.

Examples:
  $ runwarden fleet
  $ runwarden fleet --environment production --json
  $ runwarden fleet --inventory ansible/inventories/production/hosts.yml   # declared vs registered runners
  $ RUNWARDEN_DEBUG=1 runwarden fleet        # one line per GitHub request, with the rate limit left`,
    )
    .action(async (options) => {
      const { fleet } = await import("./run.js");
      ctx.exitCode = await fleet(options, ctx.io);
    });
}

export const fleetCommand = defineCommand({
  name: "fleet",
  json: "all",
  negative: "a runner group has no online runner, or (--inventory) a runner host is missing, extra or in the wrong group",
  action: [{ id: "fleet", argv: ["fleet"], inputs: ["environment"], outputs: ["healthy", "online_groups"] }],
  build,
});
