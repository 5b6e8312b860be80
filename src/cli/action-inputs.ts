/**
 * The GitHub Action's inputs (`INPUT_<NAME>` variables, as the runner passes them) turned into a
 * runwarden command line. Each command takes only the inputs that mean something to it; any other
 * input that is set is a mistake in the workflow and is refused (exit 2) rather than ignored.
 */
import { UsageError } from "../model/errors.js";
import type { Env } from "../output/io.js";

/** Inputs that map to a flag: input name → flag. */
const FLAGS = {
  environment: "--environment",
  "force-group": "--force-group",
  "run-id": "--run-id",
  job: "--job",
  sha: "--sha",
  phase: "--phase",
  deadline: "--deadline",
} as const;

/** Inputs that are booleans: input name → flag given when true. */
const SWITCHES = {
  classify: "--classify",
  "dry-run": "--dry-run",
} as const;

type FlagInput = keyof typeof FLAGS;
type SwitchInput = keyof typeof SWITCHES;
type CommandInput = FlagInput | SwitchInput | "exclude";

interface CommandSpec {
  /** The verb(s) on the command line. */
  readonly argv: readonly string[];
  readonly inputs: readonly CommandInput[];
  /** Flags always given (the watchdog runs once in a job). */
  readonly fixed?: readonly string[];
}

export const ACTION_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  route: { argv: ["route"], inputs: ["environment", "force-group", "exclude"] },
  preflight: { argv: ["preflight"], inputs: ["environment", "sha", "deadline"] },
  gate: { argv: ["gate"], inputs: ["environment", "sha", "phase", "deadline"] },
  deploy: { argv: ["deploy"], inputs: ["environment"] },
  diagnose: { argv: ["diagnose"], inputs: ["run-id", "job", "classify"] },
  watchdog: { argv: ["watchdog"], inputs: ["environment", "dry-run"], fixed: ["--once"] },
  fleet: { argv: ["fleet"], inputs: ["environment"] },
  "config-validate": { argv: ["config", "validate"], inputs: [] },
};

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
  const spec = ACTION_COMMANDS[command];
  if (spec === undefined) {
    throw new UsageError(`input 'command' must be one of ${Object.keys(ACTION_COMMANDS).join(", ")}; found '${command}'`);
  }
  const argv = [...spec.argv, "--config", input(env, "config") || "runwarden.yml", ...(spec.fixed ?? [])];
  for (const name of [...Object.keys(FLAGS), ...Object.keys(SWITCHES), "exclude"] as CommandInput[]) {
    const value = input(env, name);
    if (value === "" || (name in SWITCHES && !booleanInput(env, name))) continue;
    if (!spec.inputs.includes(name)) throw new UsageError(`input '${name}' is not used by command '${command}' (it takes: ${spec.inputs.join(", ") || "no inputs"})`);
    if (name === "exclude") for (const group of lines(value)) argv.push("--exclude", group);
    else if (name in SWITCHES) argv.push(SWITCHES[name as SwitchInput]);
    else argv.push(FLAGS[name as FlagInput], value);
  }
  argv.push(...lines(input(env, "args")));
  return argv;
}
