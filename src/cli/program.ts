/**
 * The command tree. Each command's module is imported only when that command runs, so
 * `runwarden --help` and `--version` stay fast. Each verb's flags and help text live in `verbs/`.
 */
import { Command } from "commander";
import type { CliContext } from "./context.js";
import { EXIT_CODES } from "./options.js";
import { configCommands } from "./verbs/config.js";
import { diagnoseCommand } from "./verbs/diagnose.js";
import { fleetCommand } from "./verbs/fleet.js";
import { gateCommand } from "./verbs/gate.js";
import { inventoryCommands } from "./verbs/inventory.js";
import { maskCommand } from "./verbs/mask.js";
import { preflightCommand } from "./verbs/preflight.js";
import { routeCommand } from "./verbs/route.js";
import { sandboxCommands } from "./verbs/sandbox.js";
import { watchdogCommand } from "./verbs/watchdog.js";
import { version } from "./version.js";

/** Every command, nested ones included, writes through the masked sinks and never exits by itself. */
function routeOutput(command: Command, ctx: CliContext): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => ctx.io.stdout.write(text),
    writeErr: (text) => ctx.io.stderr.write(text),
  });
  for (const child of command.commands) routeOutput(child, ctx);
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command("runwarden")
    .description(
      "Production deploys from GitHub Actions self-hosted runners that reach production every time, and prove it.",
    )
    .version(version, "-V, --version", "print runwarden's version")
    .helpCommand("help [command]", "show help for a command")
    .showSuggestionAfterError(true)
    // Options belong to the command they follow (`inventory check -i X` gives -i to `check`).
    .enablePositionalOptions();
  program.addCommand(configCommands(ctx));
  program.addCommand(maskCommand(ctx));
  program.addCommand(fleetCommand(ctx));
  program.addCommand(routeCommand(ctx));
  program.addCommand(diagnoseCommand(ctx));
  program.addCommand(watchdogCommand(ctx));
  program.addCommand(inventoryCommands(ctx));
  program.addCommand(preflightCommand(ctx));
  program.addCommand(gateCommand(ctx));
  program.addCommand(sandboxCommands(ctx));
  program
    .command("version")
    .description("print runwarden's version (same as --version)")
    .option("--json", "print JSON", false)
    .action((options: { json: boolean }) => {
      ctx.io.stdout.write(options.json ? `${JSON.stringify({ version, node: process.versions.node })}\n` : `${version}\n`);
    });
  program.addHelpText(
    "after",
    `
Examples:
  $ runwarden config validate                        # is runwarden.yml right? (file:line:col on errors)
  $ ./deploy.sh 2>&1 | runwarden mask -e DEPLOY_KEY  # pipe any script's output through the masker
  $ runwarden fleet --environment production         # the runner groups as GitHub sees them now
  $ runwarden inventory --hosts production           # the hosts a pattern selects (= ansible --list-hosts)
  $ runwarden help mask
${EXIT_CODES}

Docs: docs/ in the runwarden repository (config.md, masking.md, inventory.md, github.md, sandbox.md).`,
  );
  routeOutput(program, ctx);
  return program;
}
