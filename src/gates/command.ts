/** A gate's `command` probe: a shell command whose exit status decides each measurement. */
import { runProgram } from "../checks/exec.js";
import { errorText, excerpt } from "../checks/format.js";
import type { CheckRunContext } from "../checks/types.js";
import type { MeasurementOutcome } from "./types.js";

export interface CommandMeasureOptions {
  /** The rendered command, run by `/bin/sh -c`. */
  readonly run: string;
  readonly expectExit: number;
  readonly cwd?: string;
}

export async function measureCommand(options: CommandMeasureOptions, ctx: CheckRunContext, signal: AbortSignal): Promise<MeasurementOutcome> {
  let result: Awaited<ReturnType<typeof runProgram>>;
  try {
    result = await runProgram("/bin/sh", ["-c", options.run], {
      env: ctx.env,
      signal,
      maxChars: 16 * 1024,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
  } catch (e: unknown) {
    if (signal.aborted) throw e;
    return { status: "error", summary: `cannot run the command: ${errorText(e)}` };
  }
  const output = `${result.stdout}\n${result.stderr}`
    .trim()
    .split("\n")
    .slice(-5)
    .map((line) => excerpt(line, 200));
  if (result.code === null) return { status: "error", summary: `the command was ended by ${result.signal ?? "a signal"}`, evidence: output };
  if (result.code === options.expectExit) return { status: "pass", summary: `exit ${result.code}`, value: result.code };
  return { status: "fail", summary: `exit ${result.code}, expected ${options.expectExit}`, value: result.code, evidence: output };
}
