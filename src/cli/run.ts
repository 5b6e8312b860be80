/**
 * The one boundary where errors become messages and exit codes. Library code throws typed
 * `RunwardenError`s; anything else is a bug and is reported as an internal error (exit 3) without a
 * stack trace unless RUNWARDEN_DEBUG is set.
 */
import { CommanderError } from "commander";
import { InternalError, RunwardenError, UsageError } from "../model/errors.js";
import { EXIT, type ExitCode } from "../model/result.js";
import { errorAnnotations, errorData, formatErrorText } from "../output/errors.js";
import { formatAnnotation, inActions } from "../output/github.js";
import type { Io } from "../output/io.js";
import { createStyle } from "../output/style.js";
import { debugging } from "./debug.js";
import type { CliContext } from "./context.js";
import { buildProgram } from "./program.js";

function toRunwardenError(err: unknown): RunwardenError {
  if (err instanceof RunwardenError) return err;
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new InternalError(`unexpected failure: ${detail}`, {
    hint: "this is a bug in runwarden; rerun with RUNWARDEN_DEBUG=1 for the stack trace and report it",
    cause: err,
  });
}

export function reportError(io: Io, err: unknown, json: boolean): ExitCode {
  const error = toRunwardenError(err);
  if (json) io.stdout.write(`${JSON.stringify({ error: errorData(error) }, null, 2)}\n`);
  io.stderr.write(formatErrorText(error, createStyle(io.stderr.color)));
  if (inActions(io.env)) for (const annotation of errorAnnotations(error)) io.stdout.write(formatAnnotation(annotation));
  if (debugging(io.env) && err instanceof Error && err.stack) {
    io.stderr.write(`${err.stack}\n`);
  }
  return error.exitCode;
}

/** Runs runwarden with `argv` (without `node` and the script) against `io`; returns the exit code. */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCode> {
  const ctx: CliContext = { io, exitCode: EXIT.ok, json: false };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ctx.exitCode;
  } catch (err: unknown) {
    if (err instanceof CommanderError) {
      // Commander has already printed its message (through the masked stderr).
      if (err.exitCode === 0) return EXIT.ok;
      // `runwarden` alone: Commander printed the help on stderr; that is still a usage error.
      if (err.code === "commander.help") return EXIT.badInput;
      return reportUsage(io, err);
    }
    return reportError(io, err, ctx.json);
  }
}

function reportUsage(io: Io, err: CommanderError): ExitCode {
  const style = createStyle(io.stderr.color);
  io.stderr.write(`${style.dim("run 'runwarden --help' (or 'runwarden help <command>') for usage")}\n`);
  return new UsageError(err.message).exitCode;
}
