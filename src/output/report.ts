/**
 * A command's result as data, plus how to show it. `emitReport` picks the renderer: JSON with
 * `--json`, human text otherwise, and — inside GitHub Actions — outputs, annotations and a step
 * summary as well.
 */
import type { ExitCode } from "../model/result.js";
import { publishToGithub, type GithubReport } from "./github.js";
import type { Io } from "./io.js";
import { createStyle, type Style } from "./style.js";

export interface Report<T> {
  readonly exitCode: ExitCode;
  /** What `--json` prints. Plain data: no class instances, no secrets. */
  readonly data: T;
  /** Human text for stdout (no trailing newline needed). */
  text(style: Style): string;
  readonly github?: GithubReport;
}

export interface EmitOptions {
  readonly json: boolean;
}

export function emitReport<T>(io: Io, report: Report<T>, options: EmitOptions): ExitCode {
  if (options.json) {
    io.stdout.write(`${JSON.stringify(report.data, null, 2)}\n`);
  } else {
    const text = report.text(createStyle(io.stdout.color));
    if (text !== "") io.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }
  if (report.github !== undefined) publishToGithub(io, report.github);
  return report.exitCode;
}
