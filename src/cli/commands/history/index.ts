/** `runwarden history`: the deploy attempts the store remembers (docs/deploy.md#history). */
import { Command } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { common, countOption } from "../../options.js";

function build(ctx: CliContext) {
  return common(new Command("history"), ctx)
    .description(
      "list the deploy attempts in the store, newest first: who deployed which commit where, on which runner, the outcome and its class, the stages and the per-host recap",
    )
    .option("-e, --environment <name>", "only this environment's attempts (an environment of runwarden.yml)")
    .addOption(countOption("-n, --limit <count>", "how many attempts, newest first (default 20)", 1000))
    .addHelpText(
      "after",
      `
Reads the store of runwarden.yml (store:, SQLite or PostgreSQL). An attempt without an outcome is
'running' while its environment lock's lease is current, and 'aborted' once that lease expired
(the process died or lost its runner). Exit 0 whenever the store could be read.

Examples:
  $ runwarden history
  $ runwarden history --environment production --limit 5
  $ runwarden history -e production --json | jq '.attempts[] | {sha, outcome, failure_class}'

Docs: docs/deploy.md (History), docs/store.md`,
    )
    .action(async (options) => {
      const { history } = await import("./run.js");
      ctx.exitCode = await history(options, ctx.io);
    });
}

export const historyCommand = defineCommand({
  name: "history",
  json: "all",
  build,
});
