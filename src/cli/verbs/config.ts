/** `runwarden config validate|schema`. */
import { Command } from "commander";
import { common } from "../options.js";
import type { CliContext } from "../context.js";

export function configCommands(ctx: CliContext): Command {
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
      const { configValidate } = await import("../commands/config-validate.js");
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
      const { configSchema } = await import("../commands/config-schema.js");
      ctx.exitCode = configSchema(ctx.io);
    });
  return config;
}
