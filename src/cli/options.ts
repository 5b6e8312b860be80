/** Flags and help text shared by every verb (DESIGN.md §3 conventions). One grammar per kind of value. */
import { type Command, InvalidArgumentError, Option, type OptionValues } from "@commander-js/extra-typings";
import { DURATION_EXPECTED, parseDuration } from "../model/duration.js";
import type { CliContext } from "./context.js";

/** `--config` and `--json`, and `--json` noted so that errors are rendered as JSON too. */
export function common<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>, ctx: CliContext) {
  return jsonOnly(command.option("-c, --config <file>", "runwarden config file (relative paths in it resolve from its folder)", "runwarden.yml"), ctx);
}

/** `--json` alone, for verbs that do not read runwarden.yml. */
export function jsonOnly<Args extends unknown[], Opts extends OptionValues>(command: Command<Args, Opts>, ctx: CliContext) {
  return command.option("--json", "print machine-readable JSON on stdout", false).hook("preAction", (_this, actionCommand) => {
    ctx.json = actionCommand.opts()["json"] === true;
  });
}

/** A duration option (`90s`, `2m`, `500ms`, `1m30s`) in milliseconds, with the config's grammar. */
export function durationOption<Flags extends string>(flags: Flags, description: string) {
  const option = new Option(flags, description);
  return option.argParser((value: string): number => {
    const ms = parseDuration(value);
    if (ms === undefined || ms <= 0) throw new InvalidArgumentError(`${option.long ?? flags} takes ${DURATION_EXPECTED}`);
    return ms;
  });
}

/** A positive whole number option (`--concurrency 64`), at most `max`. */
export function countOption<Flags extends string>(flags: Flags, description: string, max = 9999) {
  const option = new Option(flags, description);
  return option.argParser((value: string): number => {
    if (!/^\d{1,9}$/.test(value) || Number(value) < 1 || Number(value) > max) {
      throw new InvalidArgumentError(`${option.long ?? flags} takes a whole number from 1 to ${max}`);
    }
    return Number(value);
  });
}

/** A TCP port, 0 meaning "any free port". */
export function portOption<Flags extends string>(flags: Flags, description: string) {
  const option = new Option(flags, description);
  return option.argParser((value: string): number => {
    if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError(`${option.long ?? flags} takes a port number 0–65535`);
    return Number(value);
  });
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
