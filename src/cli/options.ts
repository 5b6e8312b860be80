/** Flags and help text shared by every verb (DESIGN.md §3 conventions). */
import { Command, InvalidArgumentError, Option } from "commander";
import type { CliContext } from "./context.js";

export const EXIT_CODES = `
Exit codes:
  0  ok / healthy
  1  negative verdict (a check or gate failed, lint findings, broken audit chain)
  2  bad input (usage, config, inventory) — the message names file:line:col
  3  could not decide (GitHub or Prometheus unreachable, internal error)`;

/** `--config` and `--json`, and `--json` noted so that errors are rendered as JSON too. */
export function common(command: Command, ctx: CliContext): Command {
  return command
    .option("-c, --config <file>", "runwarden config file (relative paths in it resolve from its folder)", "runwarden.yml")
    .option("--json", "print machine-readable JSON on stdout", false)
    .hook("preAction", (_this, actionCommand) => {
      ctx.json = actionCommand.opts<{ json?: boolean }>().json === true;
    });
}

/** `--json` alone, for verbs that do not read runwarden.yml. */
export function jsonOnly(command: Command, ctx: CliContext): Command {
  return command.option("--json", "print machine-readable JSON on stdout", false).hook("preAction", (_this, actionCommand) => {
    ctx.json = actionCommand.opts<{ json?: boolean }>().json === true;
  });
}

/** A TCP port, 0 meaning "any free port". */
export function portOption(flags: string, description: string): Option {
  const option = new Option(flags, description);
  return option.argParser((value) => {
    if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError(`${option.long ?? flags} takes a port number 0–65535`);
    return Number(value);
  });
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
