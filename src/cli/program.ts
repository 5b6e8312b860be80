/**
 * The command tree. Each command's module is imported only when that command runs, so
 * `runwarden --help` and `--version` stay fast. Help text lives here, next to the flags it explains.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import type { CliContext } from "./context.js";
import { version } from "./version.js";

const EXIT_CODES = `
Exit codes:
  0  ok / healthy
  1  negative verdict (a check or gate failed, lint findings, broken audit chain)
  2  bad input (usage, config, inventory) — the message names file:line:col
  3  could not decide (GitHub or Prometheus unreachable, internal error)`;

function common(command: Command, ctx: CliContext): Command {
  return command
    .option("-c, --config <file>", "runwarden config file (relative paths in it resolve from its folder)", "runwarden.yml")
    .option("--json", "print machine-readable JSON on stdout", false)
    .hook("preAction", (_this, actionCommand) => {
      ctx.json = actionCommand.opts<{ json?: boolean }>().json === true;
    });
}

function configCommands(ctx: CliContext): Command {
  const config = new Command("config").description("validate runwarden.yml and print its JSON Schema");
  common(config.command("validate"), ctx)
    .description("check runwarden.yml against the schema, templates included; exit 2 with file:line:col on any problem")
    .addHelpText(
      "after",
      `
Examples:
  $ runwarden config validate
  $ runwarden config validate --config deploy/runwarden.yml --json`,
    )
    .action(async (options: { config: string; json: boolean }) => {
      const { configValidate } = await import("./commands/config-validate.js");
      ctx.exitCode = await configValidate(options, ctx.io);
    });
  config
    .command("schema")
    .description("print the JSON Schema of runwarden.yml (for editors: yaml-language-server, VS Code)")
    .addHelpText(
      "after",
      `
Examples:
  $ runwarden config schema > runwarden.schema.json
  # then start runwarden.yml with:  # yaml-language-server: $schema=./runwarden.schema.json`,
    )
    .action(async () => {
      const { configSchema } = await import("./commands/config-schema.js");
      ctx.exitCode = configSchema(ctx.io);
    });
  return config;
}

function maskCommand(ctx: CliContext): Command {
  return new Command("mask")
    .description("mask secrets in a stream: copies stdin to stdout with every secret and its encodings replaced by ***")
    .option("-e, --env <name...>", "mask the value of this environment variable (repeatable); values are never taken from the command line")
    .option("-f, --secret-file <file...>", "mask the content of this file (repeatable): a key file, a vault password file")
    .addOption(
      new Option("--min-length <n>", "refuse secrets shorter than this many characters (masking them would hide ordinary words)")
        .argParser((value) => {
          if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError("--min-length takes a whole number ≥ 1");
          return Number(value);
        }),
    )
    .addHelpText(
      "after",
      `
Besides the secrets you name, runwarden always masks GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_,
github_pat_), AWS access key ids, PEM private keys and Ansible Vault payloads, and the values of
GITHUB_TOKEN / RUNWARDEN_GITHUB_TOKEN when set. Each secret is also masked in its base64, base64url,
hex, JSON-, URL- and XML-escaped forms. Output is streamed line by line.

Examples:
  $ ./deploy.sh 2>&1 | runwarden mask --env DEPLOY_SSH_KEY --env VAULT_PASSWORD
  $ ansible-playbook site.yml 2>&1 | runwarden mask --secret-file ~/.vault_pass
  $ kubectl logs deploy/app | runwarden mask -e DB_PASSWORD > app.log`,
    )
    .action(async (options: { env?: string[]; secretFile?: string[]; minLength?: number }) => {
      const { mask } = await import("./commands/mask.js");
      ctx.exitCode = await mask(options, ctx.io);
    });
}

function fleetCommand(ctx: CliContext): Command {
  return common(new Command("fleet"), ctx)
    .description("show the runner groups of runwarden.yml as GitHub sees them: online/idle/busy/offline, versions, misplaced and dead runners; exit 1 when a group has no online runner")
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
    .action(async (options: { config: string; json: boolean; environment?: string }) => {
      const { fleet } = await import("./commands/fleet.js");
      ctx.exitCode = await fleet(options, ctx.io);
    });
}

function sandboxCommands(ctx: CliContext): Command {
  const sandbox = new Command("sandbox").description("local rehearsals without GitHub: an emulated GitHub API seeded from a scenario");
  sandbox
    .command("github")
    .description("run the GitHub API emulator on 127.0.0.1 until Ctrl-C; prints its URL and a token")
    .requiredOption("-s, --scenario <file>", "scenario YAML: org, repository, runner groups, runners, runs, environments (docs/sandbox.md)")
    .addOption(
      new Option("-p, --port <port>", "port to listen on (default: any free port)").argParser((value) => {
        if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError("--port takes a port number 0–65535");
        return Number(value);
      }),
    )
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
    .action(async (options: { scenario: string; port?: number; verbose: boolean }) => {
      const { sandboxGithub } = await import("./commands/sandbox-github.js");
      ctx.exitCode = await sandboxGithub(options, ctx.io);
    });
  return sandbox;
}

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
    .showSuggestionAfterError(true);
  program.addCommand(configCommands(ctx));
  program.addCommand(maskCommand(ctx));
  program.addCommand(fleetCommand(ctx));
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
  $ runwarden help mask
${EXIT_CODES}

Docs: docs/ in the runwarden repository (config.md, masking.md, github.md, sandbox.md).`,
  );
  routeOutput(program, ctx);
  return program;
}
