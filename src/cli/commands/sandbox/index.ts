/** `runwarden sandbox …`: local rehearsals against emulated GitHub. */
import { Command, Option } from "@commander-js/extra-typings";
import { jsonOnly, portOption } from "../../options.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
  const sandbox = jsonOnly(
    new Command("sandbox")
      // `sandbox github --scenario FILE`: the options after `github` are its own, not the rehearsal's.
      .enablePositionalOptions()
      .description(
        "the whole job on this machine: real hosts (network namespaces with sshd, or loopback), an emulated GitHub with two runner groups, Prometheus — then a good deploy, a runner lost mid-deploy and the failover, a failure that must not fail over, nothing healthy; exit 0 when every act behaved as expected",
      )
      .option("--keep", "leave everything running after the acts (until Ctrl-C), with the commands to try next", false)
      .option("--dir <dir>", "lay the sandbox out in this folder (default: a new temporary folder)")
      .addOption(
        new Option("--scenario <name>", "play one act alone, a drill").choices(["good-deploy", "runner-dies", "broken-task", "nothing-healthy"] as const),
      )
      .option("--loopback", "use loopback hosts even where network namespaces could be made (the sandbox exception to the loopback rule)", false),
    ctx,
  )
    .addHelpText(
      "after",
      `
Acts: 1 good-deploy (route → deploy: guards, lock, GitHub deployment, preflight, ansible-playbook,
gates → audit → deployment status) · 2 runner-dies (the primary's runner is lost mid-deploy:
diagnose names it, route picks the secondary, the deploy completes there) · 3 broken-task (an
application failure: no failover, the per-host recap, the remediation) · 4 nothing-healthy (route
fails fast; the watchdog's decision for a queued run) · finale (audit verify, report, Prometheus).
Every step is the built runwarden CLI with the environment a GitHub Actions job gives it.

Examples:
  $ runwarden sandbox
  $ runwarden sandbox --scenario runner-dies
  $ runwarden sandbox --keep --dir ./sandbox
  $ runwarden sandbox --json | jq '.acts[] | {name, ok}'

Docs: docs/sandbox.md, docs/getting-started.md`,
    )
    .action(async (options) => {
      const { sandboxRehearsal } = await import("./rehearsal.js");
      ctx.exitCode = await sandboxRehearsal(options, ctx.io);
    });
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
