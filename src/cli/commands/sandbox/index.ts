/** `runwarden sandbox …`: local rehearsals against emulated GitHub. */
import { Command } from "@commander-js/extra-typings";
import { portOption } from "../../options.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  const sandbox = new Command("sandbox").description("local rehearsals without GitHub: an emulated GitHub API seeded from a scenario");
  sandbox
    .command("github")
    .description("run the GitHub API emulator on 127.0.0.1 until Ctrl-C; prints its URL and a token")
    .requiredOption("-s, --scenario <file>", "scenario YAML: org, repository, runner groups, runners, runs, environments (docs/sandbox.md)")
    .addOption(portOption("-p, --port <port>", "port to listen on (default: any free port)"))
    .option("-v, --verbose", "print one line per API request on stderr", false)
    .addHelpText(
      "after",
      `
Examples:
  $ runwarden sandbox github --scenario examples/scenarios/two-groups.yml
  $ runwarden sandbox github --scenario drill.yml --port 4010 --verbose
  # in another shell, with the URL and token it printed:
  $ GITHUB_API_URL=http://127.0.0.1:4010 GITHUB_TOKEN=… runwarden fleet`,
    )
    .action(async (options) => {
      const { sandboxGithub } = await import("./github.js");
      ctx.exitCode = await sandboxGithub(options, ctx.io);
    });
  return sandbox;
}

export const sandboxCommands = defineCommand({
  name: "sandbox",
  json: { without: "sandbox github is a server that runs until Ctrl-C; it prints its URL and token" },
  build,
});
