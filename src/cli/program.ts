/**
 * The command tree, built from the registry. Each command's run module is imported only when that
 * command runs, so `runwarden --help` and `--version` stay fast.
 */
import { Command, type CommandUnknownOpts } from "@commander-js/extra-typings";
import type { CliContext } from "./context.js";
import { COMMANDS, exitCodesHelp } from "./registry.js";
import { version } from "./version.js";

/** Every command, nested ones included, writes through the masked sinks and never exits by itself. */
function routeOutput(command: CommandUnknownOpts, ctx: CliContext): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => ctx.io.stdout.write(text),
    writeErr: (text) => ctx.io.stderr.write(text),
  });
  for (const child of command.commands) routeOutput(child, ctx);
}

export function buildProgram(ctx: CliContext): CommandUnknownOpts {
  const program = new Command("runwarden")
    .description("Production deploys from GitHub Actions self-hosted runners that reach production every time, and prove it.")
    .version(version, "-V, --version", "print runwarden's version")
    .helpCommand("help [command]", "show help for a command")
    .showSuggestionAfterError(true)
    // Options belong to the command they follow (`inventory check -i X` gives -i to `check`).
    .enablePositionalOptions();
  for (const command of COMMANDS) program.addCommand(command.build(ctx));
  program.addHelpText(
    "after",
    `
Examples:
  $ runwarden config validate                        # is runwarden.yml right? (file:line:col on errors)
  $ ./deploy.sh 2>&1 | runwarden mask -e DEPLOY_KEY  # pipe any script's output through the masker
  $ runwarden fleet --environment production         # the runner groups as GitHub sees them now
  $ runwarden inventory --hosts production           # the hosts a pattern selects (= ansible --list-hosts)
  $ runwarden help mask
${exitCodesHelp()}

Docs: docs/ in the runwarden repository (README.md lists every page).`,
  );
  routeOutput(program, ctx);
  return program;
}
