/** `runwarden fleet`: runner groups as GitHub sees them. */
import { Command } from "@commander-js/extra-typings";
import { common } from "../../options.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  return common(new Command("fleet"), ctx)
    .description(
      "show the runner groups of runwarden.yml as GitHub sees them: online/idle/busy/offline, versions, misplaced and dead runners; exit 1 when a group has no online runner",
    )
    .option("-e, --environment <name>", "only this environment's runner groups")
    .addHelpText(
      "after",
      `
Needs a token (GITHUB_TOKEN, RUNWARDEN_GITHUB_TOKEN or github.token_env) or a GitHub App that can
read self-hosted runners: Administration: read (repository runners) or Self-hosted runners: read
(organization runners). docs/github.md lists the permissions of every command.

Examples:
  $ runwarden fleet
  $ runwarden fleet --environment production --json
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
  negative: "a runner group has no online runner",
  action: [{ id: "fleet", argv: ["fleet"], inputs: ["environment"], outputs: ["healthy", "online_groups"] }],
  build,
});
