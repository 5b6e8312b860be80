/** `runwarden version`: the same as `--version`, with `--json` for scripts. */
import { Command } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { jsonOnly } from "../../options.js";
import { version } from "../../version.js";

function build(ctx: CliContext) {
  return jsonOnly(new Command("version"), ctx)
    .description("print runwarden's version (same as --version)")
    .action((options) => {
      ctx.io.stdout.write(options.json ? `${JSON.stringify({ version, node: process.versions.node })}\n` : `${version}\n`);
    });
}

export const versionCommand = defineCommand({ name: "version", json: "all", build });
