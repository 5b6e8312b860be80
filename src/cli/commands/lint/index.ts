/** `runwarden lint [PATH…]`: static checks of workflows, runwarden.yml, the inventory and playbooks (docs/lint.md). */
import { Command, Option } from "@commander-js/extra-typings";
import { defineCommand } from "../../command.js";
import type { CliContext } from "../../context.js";
import { common, countOption } from "../../options.js";

function build(ctx: CliContext) {
  return common(new Command("lint"), ctx)
    .description(
      "find unsafe deploy workflows, secret exposure, unpinned actions and hardcoded addresses before they merge; exit 0 clean, 1 findings at or above the threshold, 2 bad usage or a file that cannot be parsed",
    )
    .argument("[paths...]", "files or folders to lint (default: .github/workflows, runwarden.yml and its inventory)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"] as const).default("text" as const))
    .addOption(
      new Option("--severity <level>", "lowest severity that is reported and fails (default: lint.severity, else warning)").choices([
        "error",
        "warning",
        "notice",
      ] as const),
    )
    .option("-o, --output <file>", "write the output to this file instead of stdout")
    .addOption(countOption("-j, --jobs <n>", "threads that parse and check files (default: one per two cores when there are many files)", 64))
    .option("--sarif-file <file>", "also write SARIF 2.1.0 to this file (inside GitHub Actions the default is $RUNNER_TEMP/runwarden-lint.sarif)")
    .addHelpText(
      "after",
      `
Text output is one finding a line, file:line:col: message [rule-id]. Silence one finding with a
comment on its line (or the line before): # runwarden-lint: ignore <rule-id> -- <reason>.
Inside GitHub Actions every finding is also an annotation, and the SARIF file's path is the step
output sarif-file (for github/codeql-action/upload-sarif).

Examples:
  $ runwarden lint
  $ runwarden lint .github/workflows/deploy.yml playbooks/
  $ runwarden lint --severity error --format sarif --output lint.sarif
  $ runwarden lint --json | jq '.findings[] | select(.rule == "literal-ip")'

Docs: docs/lint.md (every rule, with a bad and a good example)`,
    )
    .action(async (paths, options) => {
      const { lint } = await import("./run.js");
      ctx.exitCode = await lint(paths, options, ctx.io);
    });
}

export const lintCommand = defineCommand({
  name: "lint",
  json: "all",
  negative: "findings at or above the severity threshold",
  action: [{ id: "lint", argv: ["lint"], inputs: ["severity"], outputs: ["findings", "sarif-file"] }],
  build,
});
