/**
 * What a command is to the rest of runwarden: its name, how it is built (flags, help, the lazy
 * import of its run module), whether it speaks JSON, and how the GitHub Action offers it. The
 * registry (registry.ts) lists every command once; the program, the Action, action.yml and the
 * README's command table are derived from it or checked against it.
 */
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import type { ActionInputName } from "./action-inputs.js";
import type { CliContext } from "./context.js";

/** One value of the Action's `command` input. */
export interface ActionCommand {
  /** The value of `command:` in the workflow, e.g. `route` or `config-validate`. */
  readonly id: string;
  /** The verb(s) it runs. */
  readonly argv: readonly string[];
  /** The Action inputs it reads (each maps to a flag, see action-inputs.ts). */
  readonly inputs: readonly ActionInputName[];
  /** Flags always given (the watchdog runs once in a job). */
  readonly fixed?: readonly string[];
  /** The step outputs it writes inside Actions. */
  readonly outputs: readonly string[];
}

export interface CommandDef {
  /** The top-level verb. */
  readonly name: string;
  /** `--json` on every leaf command, or why this command does not take it. */
  readonly json: "all" | { readonly without: string };
  /** What exit 1 means for this command (a negative verdict), for the root help; absent when it never exits 1. */
  readonly negative?: string;
  /** What the Action offers of this command. */
  readonly action?: readonly ActionCommand[];
  readonly build: (ctx: CliContext) => CommandUnknownOpts;
}

/** Identity function that checks a command definition's shape. */
export function defineCommand(def: CommandDef): CommandDef {
  return def;
}
