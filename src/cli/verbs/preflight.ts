/** `runwarden preflight`: prove the runner and the targets are ready before a deploy. */
import { Command, InvalidArgumentError, Option } from "commander";
import type { CliContext } from "../context.js";
import { common } from "../options.js";

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A `--deadline`-style option taking a duration (`90s`, `2m`, `500ms`, `1m30s`), in milliseconds. */
export function durationOption(flags: string, description: string): Option {
  const option = new Option(flags, description);
  return option.argParser((value) => {
    const parts = /^(?:\d+(?:ms|s|m|h))+$/.test(value) ? [...value.matchAll(/(\d+)(ms|s|m|h)/g)] : [];
    const ms = parts.reduce((sum, [, n = "0", unit = "s"]) => sum + Number(n) * (UNIT_MS[unit] ?? 0), 0);
    if (ms <= 0) throw new InvalidArgumentError(`${option.long ?? flags} takes a duration such as 500ms, 90s, 2m or 1m30s`);
    return ms;
  });
}

/** A positive whole number option (`--concurrency 64`). */
export function countOption(flags: string, description: string): Option {
  const option = new Option(flags, description);
  return option.argParser((value) => {
    if (!/^\d{1,4}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${option.long ?? flags} takes a whole number from 1 to 9999`);
    return Number(value);
  });
}

export function preflightCommand(ctx: CliContext): Command {
  return common(new Command("preflight"), ctx)
    .description(
      "prove the runner and the targets are ready: tools, disk, load, inventory sanity, reachability of every host, secrets present (by name), monitoring up; exit 0 ready, 1 a check failed, 3 some checks could not tell",
    )
    .requiredOption("-e, --environment <name>", "the environment of runwarden.yml whose preflight checks to run")
    .option("--sha <commit>", "the commit being deployed, for {{ sha }} in templates (default: $GITHUB_SHA)")
    .addOption(durationOption("--deadline <duration>", "the whole preflight ends by then; unfinished checks report error (default: the environment's preflight_deadline, else 60s)"))
    .addOption(countOption("--concurrency <n>", "checks in flight at once (default 32)"))
    .addHelpText(
      "after",
      `
Checks come from environments.<name>.preflight in runwarden.yml; hosts and their variables from the
Ansible inventory (inventory:, relative to runwarden.yml) and the environment's hosts pattern.
Every check runs concurrently under one deadline, each with its own timeout. warn_only checks are
reported but never fail the preflight. Inside GitHub Actions the results also go to the step
summary, annotations and step outputs (verdict, passed, warnings, failed, errors, failed_checks).

Examples:
  $ runwarden preflight --environment production
  $ runwarden preflight -e production --json | jq '.results[] | select(.status != "pass")'
  $ runwarden preflight -e production --deadline 30s --config deploy/runwarden.yml

Docs: docs/checks.md (every check kind, with examples)`,
    )
    .action(async (options: { config: string; json: boolean; environment: string; sha?: string; deadline?: number; concurrency?: number }) => {
      const { preflight } = await import("../commands/preflight.js");
      ctx.exitCode = await preflight(options, ctx.io);
    });
}
