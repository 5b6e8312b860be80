/**
 * The GitHub Action's inputs (`INPUT_<NAME>` variables, as the runner passes them) turned into a
 * runwarden command line. The commands the Action accepts, and the inputs each reads, come from the
 * command registry; this file says only how an input becomes a flag. Any input that is set but not
 * read by the command is a mistake in the workflow and is refused (exit 2) rather than ignored.
 */
import { UsageError } from "../model/errors.js";
import type { Env } from "../output/io.js";
import { actionCommands } from "./registry.js";

/** How each command-specific input reaches the command line. */
export const ACTION_INPUTS = {
  environment: { kind: "flag", flag: "--environment" },
  "force-group": { kind: "flag", flag: "--force-group" },
  "run-id": { kind: "flag", flag: "--run-id" },
  job: { kind: "flag", flag: "--job" },
  sha: { kind: "flag", flag: "--sha" },
  phase: { kind: "flag", flag: "--phase" },
  deadline: { kind: "flag", flag: "--deadline" },
  exclude: { kind: "lines", flag: "--exclude" },
  classify: { kind: "switch", flag: "--classify" },
  "dry-run": { kind: "switch", flag: "--dry-run" },
  "skip-if-live": { kind: "switch", flag: "--skip-if-live" },
  severity: { kind: "flag", flag: "--severity" },
  since: { kind: "flag", flag: "--since" },
} as const satisfies Record<string, { readonly kind: "flag" | "switch" | "lines"; readonly flag: string }>;

export type ActionInputName = keyof typeof ACTION_INPUTS;

/** Inputs every command takes, besides its own: `command`, `config`, `args`, `github-token`. */
export const GENERAL_INPUTS = ["command", "config", "args", "github-token"] as const;

/** The value of an input, as the runner passes it (`INPUT_` + the name upper-cased, spaces as `_`). */
export function input(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** A boolean input, as actions/toolkit's getBooleanInput reads it (YAML 1.2 core schema). */
export function booleanInput(env: Env, name: string): boolean {
  const value = input(env, name);
  if (value === "" || ["false", "False", "FALSE"].includes(value)) return false;
  if (["true", "True", "TRUE"].includes(value)) return true;
  throw new UsageError(`input '${name}' must be true or false, found '${value}'`);
}

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The command line for the Action's inputs. */
export function actionArgv(env: Env): string[] {
  const command = input(env, "command");
  const commands = actionCommands();
  const spec = commands.get(command);
  if (spec === undefined) {
    throw new UsageError(`input 'command' must be one of ${[...commands.keys()].join(", ")}; found '${command}'`);
  }
  const argv = [...spec.argv, "--config", input(env, "config") || "runwarden.yml", ...(spec.fixed ?? [])];
  for (const name of Object.keys(ACTION_INPUTS) as ActionInputName[]) {
    const how = ACTION_INPUTS[name];
    const value = input(env, name);
    if (value === "" || (how.kind === "switch" && !booleanInput(env, name))) continue;
    if (!spec.inputs.includes(name))
      throw new UsageError(`input '${name}' is not used by command '${command}' (it takes: ${spec.inputs.join(", ") || "no inputs"})`);
    if (how.kind === "lines") for (const line of lines(value)) argv.push(how.flag, line);
    else if (how.kind === "switch") argv.push(how.flag);
    else argv.push(how.flag, value);
  }
  argv.push(...lines(input(env, "args")));
  return argv;
}
