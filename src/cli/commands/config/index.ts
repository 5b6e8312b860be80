/** `runwarden config validate|schema`. */
import { Command } from "@commander-js/extra-typings";
import { common } from "../../options.js";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";

function build(ctx: CliContext) {
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
    .action(async (options) => {
      const { configValidate } = await import("./validate.js");
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
      const { configSchema } = await import("./schema.js");
      ctx.exitCode = configSchema(ctx.io);
    });
  return config;
}

export const configCommands = defineCommand({
  name: "config",
  json: { without: "config schema prints a JSON Schema, which is JSON already" },
  action: [{ id: "config-validate", argv: ["config", "validate"], inputs: [], outputs: ["valid"] }],
  build,
});
